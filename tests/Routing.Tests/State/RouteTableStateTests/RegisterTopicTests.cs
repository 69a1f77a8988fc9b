using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>REGISTER_TOPIC_IN_NAMESRV</c>, 5.x (<c>RouteInfoManager.registerTopic</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class RegisterTopicTests
{
    private static RouteTableState TwoBrokers() =>
        Registered(
            new RouteTableState(),
            Reg5("b1", 0, "a:1", Body(V(1), "T1", "T2")),
            Reg5("b2", 0, "a:2", Body(V(1), "T1", "T2")));

    [Fact]
    public void RegisterTopic_creates_the_topic_when_every_broker_is_known()
    {
        var state = TwoBrokers();

        var result = state.RegisterTopic("New", [new QueueData("b1", 2, 2, 6, 0), new QueueData("b2", 3, 3, 4, 0)]);

        Assert.Null(result.UnknownBrokerName);
        Assert.Equal(new HashSet<string> { "New" }, result.Changes.Topics);
        Assert.Equal(new QueueData("b2", 3, 3, 4, 0), state.GetQueueData("New", "b2"));
        AssertConsistent(state);
    }

    [Fact]
    public void RegisterTopic_creates_nothing_when_a_new_topic_names_an_unknown_broker()
    {
        var state = TwoBrokers();

        var result = state.RegisterTopic("New", [new QueueData("b1", 2, 2, 6, 0), new QueueData("ghost", 3, 3, 6, 0)]);

        Assert.Equal("ghost", result.UnknownBrokerName);
        Assert.True(result.Changes.IsEmpty);
        Assert.Null(state.GetRoute("New"));
    }

    [Fact]
    public void RegisterTopic_keeps_entries_put_before_the_unknown_broker_when_topic_exists()
    {
        var state = TwoBrokers();

        var result = state.RegisterTopic("T1", [new QueueData("b1", 9, 9, 6, 0), new QueueData("ghost", 3, 3, 6, 0), new QueueData("b2", 7, 7, 6, 0)]);

        Assert.Equal("ghost", result.UnknownBrokerName);
        Assert.Equal(9, state.GetQueueData("T1", "b1")!.ReadQueueNums);
        Assert.Equal(4, state.GetQueueData("T1", "b2")!.ReadQueueNums);
        Assert.Equal(new HashSet<string> { "T1" }, result.Changes.Topics);
        AssertConsistent(state);
    }

    [Fact]
    public void RegisterTopic_does_nothing_when_there_is_no_queue_data()
    {
        var state = TwoBrokers();

        Assert.True(state.RegisterTopic("New", []).Changes.IsEmpty);
        Assert.True(state.RegisterTopic("New", null).Changes.IsEmpty);
        Assert.Null(state.GetRoute("New"));
    }

    [Fact]
    public void RegisterTopic_reports_no_change_when_queue_data_is_identical()
    {
        var state = TwoBrokers();

        var result = state.RegisterTopic("T1", [state.GetQueueData("T1", "b1")!]);

        Assert.True(result.Changes.IsEmpty);
    }

    [Fact]
    public void RegisterTopic_stops_cleanly_when_an_entry_is_null()
    {
        var state = TwoBrokers();

        var result = state.RegisterTopic("New", [null!]);

        Assert.Equal("<null>", result.UnknownBrokerName);
        Assert.Null(state.GetRoute("New"));
    }
}
