using System.Text;
using NameServer.Actors.Routing.Kv;

namespace NameServer.Actors.Routing.Tests.Kv;

/// <summary>kvConfig.json persistence (<c>KVConfigManager.persist</c>; <c>docs/BEHAVIOUR.md</c>, "KV store").</summary>
public sealed class KvConfigFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kvtest-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_dir, "namesrv", "kvConfig.json");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Load_returns_empty_store_when_file_missing()
    {
        var kv = KvConfigFile.Load(FilePath);
        Assert.Equal(0, kv.NamespaceCount);
    }

    [Fact]
    public void Load_reads_java_file_when_written_by_java_nameserver()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, "{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicOrder\":\"broker-a:4;broker-b:4\"}}}");
        var kv = KvConfigFile.Load(FilePath);
        Assert.Equal("broker-a:4;broker-b:4", kv.Get("ORDER_TOPIC_CONFIG", "TopicOrder"));
    }

    [Fact]
    public void Save_writes_java_shape_and_creates_parent_directories_when_missing()
    {
        var kv = new KvConfigState();
        kv.Put("ORDER_TOPIC_CONFIG", "TopicOrder", "broker-a:4;broker-b:4");
        KvConfigFile.Save(FilePath, kv.Snapshot());
        Assert.Equal(
            "{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicOrder\":\"broker-a:4;broker-b:4\"}}}",
            File.ReadAllText(FilePath));
        Assert.False(File.Exists(FilePath + ".tmp"));
    }

    [Fact]
    public void Save_then_load_round_trips_non_ascii_and_empty_namespaces()
    {
        var kv = new KvConfigState();
        kv.Put("命名空间", "clé", "värde \"quoted\" \\ / \n");
        kv.Put("empty", "k", "v");
        kv.Delete("empty", "k");
        KvConfigFile.Save(FilePath, kv.Snapshot());
        var loaded = KvConfigFile.Load(FilePath);
        Assert.Equal("värde \"quoted\" \\ / \n", loaded.Get("命名空间", "clé"));
        Assert.True(loaded.HasNamespace("empty"));
        Assert.Contains("命名空间", File.ReadAllText(FilePath, Encoding.UTF8));
    }

    [Fact]
    public void Save_keeps_previous_content_as_bak_when_file_existed()
    {
        var kv = new KvConfigState();
        kv.Put("ns", "k", "old");
        KvConfigFile.Save(FilePath, kv.Snapshot());
        kv.Put("ns", "k", "new");
        KvConfigFile.Save(FilePath, kv.Snapshot());
        Assert.Equal("old", KvConfigFile.Load(FilePath + ".bak").Get("ns", "k"));
        Assert.Equal("new", KvConfigFile.Load(FilePath).Get("ns", "k"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"configTable\":{\"ns\":{\"k\":\"v\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"configTable\":[]}")]
    [InlineData("{\"configTable\":{\"ns\":{\"k\":{}}}}")]
    public void Load_throws_clear_error_and_leaves_file_untouched_when_corrupt(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, content);
        var error = Assert.Throws<KvConfigFileException>(() => KvConfigFile.Load(FilePath));
        Assert.Contains(FilePath, error.Message);
        Assert.Contains("corrupt", error.Message);
        Assert.Equal(content, File.ReadAllText(FilePath));
    }

    [Fact]
    public void Load_reads_old_content_when_a_crash_left_a_partial_tmp_file()
    {
        var kv = new KvConfigState();
        kv.Put("ns", "k", "committed");
        KvConfigFile.Save(FilePath, kv.Snapshot());
        // A crash between writing the temporary file and the rename leaves a partial .tmp beside the old file.
        File.WriteAllText(FilePath + ".tmp", "{\"configTable\":{\"ns\":{\"k\":\"half");
        Assert.Equal("committed", KvConfigFile.Load(FilePath).Get("ns", "k"));
        kv.Put("ns", "k", "next");
        KvConfigFile.Save(FilePath, kv.Snapshot());
        Assert.Equal("next", KvConfigFile.Load(FilePath).Get("ns", "k"));
    }
}
