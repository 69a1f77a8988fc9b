using Akka.Actor;
using NameServer.Actors.Routing.Kv;

namespace NameServer.Actors.Routing.Tests.Kv;

/// <summary>The KvConfig actor: every change persisted before it is answered, snapshot for lock-free readers.</summary>
public sealed class KvConfigTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kvactor-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_dir, "kvConfig.json");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task KvConfig_persists_put_before_answering_when_path_is_set()
    {
        var snapshot = new KvSnapshot();
        var kv = Sys.ActorOf(KvConfig.Props(new KvConfigState(), FilePath, snapshot));

        await kv.Ask<KvDone>(new PutKvConfig("ORDER_TOPIC_CONFIG", "TopicOrder", "broker-a:4"), Timeout);

        Assert.Equal("broker-a:4", KvConfigFile.Load(FilePath).Get("ORDER_TOPIC_CONFIG", "TopicOrder"));
        Assert.Equal("broker-a:4", snapshot.Get("ORDER_TOPIC_CONFIG", "TopicOrder"));
        Assert.Equal("broker-a:4", (await kv.Ask<KvValue>(new GetKvConfig("ORDER_TOPIC_CONFIG", "TopicOrder"), Timeout)).Value);
    }

    [Fact]
    public async Task KvConfig_keeps_empty_namespace_after_delete_when_listing()
    {
        var kv = Sys.ActorOf(KvConfig.Props(new KvConfigState(), FilePath, new KvSnapshot()));
        await kv.Ask<KvDone>(new PutKvConfig("ns", "k", "v"), Timeout);
        await kv.Ask<KvDone>(new DeleteKvConfig("ns", "k"), Timeout);

        var list = await kv.Ask<KvNamespace>(new GetKvList("ns"), Timeout);
        var missing = await kv.Ask<KvNamespace>(new GetKvList("other"), Timeout);

        Assert.NotNull(list.Table);
        Assert.Empty(list.Table);
        Assert.Null(missing.Table);
        Assert.True(KvConfigFile.Load(FilePath).HasNamespace("ns"));
    }

    [Fact]
    public async Task KvConfig_answers_failure_and_keeps_running_when_file_cannot_be_written()
    {
        Directory.CreateDirectory(_dir);
        var blocker = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        var kv = Sys.ActorOf(KvConfig.Props(new KvConfigState(), Path.Combine(blocker, "kvConfig.json"), new KvSnapshot()));

        await Assert.ThrowsAsync<IOException>(() => kv.Ask<KvDone>(new PutKvConfig("ns", "k", "v"), Timeout));

        Assert.Equal("v", (await kv.Ask<KvValue>(new GetKvConfig("ns", "k"), Timeout)).Value);
    }

    [Fact]
    public async Task KvConfig_serves_loaded_file_when_started_from_existing_store()
    {
        var state = new KvConfigState();
        state.Put("ns", "k", "loaded");
        KvConfigFile.Save(FilePath, state.Snapshot());
        var snapshot = new KvSnapshot();

        var kv = Sys.ActorOf(KvConfig.Props(KvConfigFile.Load(FilePath), FilePath, snapshot));

        Assert.Equal("loaded", (await kv.Ask<KvValue>(new GetKvConfig("ns", "k"), Timeout)).Value);
        Assert.Equal("loaded", snapshot.Get("ns", "k"));
    }
}
