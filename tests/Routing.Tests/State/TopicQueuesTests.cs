using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.Tests.State;

public sealed class TopicQueuesTests
{
    private static QueueData Q(string broker, int queues = 4) => new(broker, queues, queues, 6, 0);

    [Fact]
    public void TopicQueues_keeps_broker_name_order_when_entries_arrive_in_any_order()
    {
        var queues = new TopicQueues();
        foreach (var broker in new[] { "b-3", "a-1", "c", "B", "b-10", "a-0" })
        {
            queues.Set(Q(broker));
        }

        Assert.Equal(["B", "a-0", "a-1", "b-10", "b-3", "c"], queues.Keys);
        Assert.Equal(6, queues.Count);
        Assert.True(queues.ContainsKey("b-10"));
        Assert.False(queues.ContainsKey("b-1"));
    }

    [Fact]
    public void TopicQueues_replaces_and_removes_entries_when_asked()
    {
        var queues = new TopicQueues();
        for (var i = 0; i < 40; i++)
        {
            queues.Set(Q($"broker-{i:D2}"));
        }

        queues["broker-07"] = Q("broker-07", 8);
        Assert.True(queues.Remove("broker-00"));
        Assert.False(queues.Remove("broker-00"));
        Assert.True(queues.Remove("broker-39"));

        Assert.Equal(38, queues.Count);
        Assert.Equal(8, queues["broker-07"].ReadQueueNums);
        Assert.Equal("broker-01", queues.Values.First().BrokerName);
        Assert.Equal("broker-38", queues.Values.Last().BrokerName);
        Assert.Null(queues.GetValueOrDefault("broker-39"));
        Assert.Equal(queues.Keys, queues.Select(e => e.Key));
    }

    [Fact]
    public void TopicQueues_refuses_an_entry_when_its_key_is_another_broker()
    {
        var queues = new TopicQueues();

        Assert.Throws<ArgumentException>(() => queues["a"] = Q("b"));
        Assert.Throws<KeyNotFoundException>(() => queues["a"]);
    }

    [Fact]
    public void TopicQueues_keeps_order_and_entries_when_growing_from_one_and_shrinking_back_to_none()
    {
        var queues = new TopicQueues();
        queues.Set(Q("m"));
        Assert.Equal(["m"], queues.Keys);
        queues["m"] = Q("m", 8);
        Assert.Equal(8, queues["m"].ReadQueueNums);

        queues.Set(Q("a"));
        queues.Set(Q("z"));
        Assert.Equal(["a", "m", "z"], queues.Keys);

        Assert.True(queues.Remove("m"));
        Assert.True(queues.Remove("a"));
        Assert.Equal(["z"], queues.Keys);
        Assert.Equal(["z"], queues.Select(kv => kv.Key));
        queues.Set(Q("b"));
        Assert.Equal(["b", "z"], queues.Values.Select(q => q.BrokerName));
        Assert.True(queues.Remove("z"));
        Assert.True(queues.Remove("b"));
        Assert.Equal(0, queues.Count);
        Assert.Empty(queues.Values);
        Assert.False(queues.TryGetValue("b", out _));
    }
}
