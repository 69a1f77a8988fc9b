using NameServer.Actors.Routing.Kv;

namespace NameServer.Actors.Routing.Tests.Kv;

/// <summary>The KV store (<c>KVConfigManager</c>; <c>docs/BEHAVIOUR.md</c>, "KV store").</summary>
public class KvConfigStateTests
{
    [Fact]
    public void Put_creates_namespace_and_get_returns_value_when_key_exists()
    {
        var kv = new KvConfigState();
        kv.Put("ns", "k", "v");
        Assert.True(kv.HasNamespace("ns"));
        Assert.Equal("v", kv.Get("ns", "k"));
    }

    [Fact]
    public void Get_returns_null_when_namespace_or_key_missing()
    {
        var kv = new KvConfigState();
        kv.Put("ns", "k", "v");
        Assert.Null(kv.Get("other", "k"));
        Assert.Null(kv.Get("ns", "other"));
    }

    [Fact]
    public void Delete_keeps_empty_namespace_when_last_key_removed()
    {
        var kv = new KvConfigState();
        kv.Put(KvConfigState.OrderTopicConfigNamespace, "t", "broker-a:4");
        Assert.True(kv.Delete(KvConfigState.OrderTopicConfigNamespace, "t"));
        Assert.True(kv.HasNamespace(KvConfigState.OrderTopicConfigNamespace));
        Assert.Empty(kv.GetNamespace(KvConfigState.OrderTopicConfigNamespace)!);
    }

    [Fact]
    public void Delete_returns_false_and_creates_nothing_when_namespace_missing()
    {
        var kv = new KvConfigState();
        Assert.False(kv.Delete("ns", "k"));
        Assert.False(kv.HasNamespace("ns"));
    }

    [Fact]
    public void GetNamespace_returns_null_when_namespace_never_existed()
    {
        Assert.Null(new KvConfigState().GetNamespace("nope"));
    }

    [Fact]
    public void Put_with_null_value_is_invisible_to_get_and_snapshot_when_value_missing()
    {
        var kv = new KvConfigState();
        kv.Put("ns", "k", null);
        Assert.Null(kv.Get("ns", "k"));
        Assert.True(kv.HasNamespace("ns"));
        Assert.Empty(kv.Snapshot()["ns"]);
    }

    [Fact]
    public void GetNamespace_returns_copy_unaffected_by_later_puts()
    {
        var kv = new KvConfigState();
        kv.Put("ns", "a", "1");
        var copy = kv.GetNamespace("ns")!;
        kv.Put("ns", "b", "2");
        Assert.Single(copy);
    }
}
