using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>DELETE_TOPIC_IN_NAMESRV</c> (<c>RouteInfoManager.deleteTopic</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class DeleteTopicTests
{
    private static RouteTableState TwoClusters() =>
        Registered(
            new RouteTableState(),
            Reg5("b1", 0, "a:1", Body(V(1), "T", "X"), cluster: "C1"),
            Reg5("b2", 0, "a:2", Body(V(1), "T", "X"), cluster: "C2"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void DeleteTopic_removes_the_whole_topic_when_no_cluster_is_given(string? cluster)
    {
        var state = TwoClusters();

        var changes = state.DeleteTopic("T", cluster);

        Assert.Null(state.GetRoute("T"));
        Assert.Equal(new HashSet<string> { "T" }, changes.Topics);
        AssertConsistent(state);
    }

    [Fact]
    public void DeleteTopic_removes_only_that_clusters_queues_when_a_cluster_is_given()
    {
        var state = TwoClusters();

        state.DeleteTopic("T", "C1");

        Assert.Null(state.GetQueueData("T", "b1"));
        Assert.NotNull(state.GetQueueData("T", "b2"));
        AssertConsistent(state);
    }

    [Fact]
    public void DeleteTopic_removes_the_topic_when_the_cluster_held_its_last_queue()
    {
        var state = TwoClusters();

        state.DeleteTopic("T", "C1");
        state.DeleteTopic("T", "C2");

        Assert.DoesNotContain("T", Topics(state.GetAllTopics()));
    }

    [Fact]
    public void DeleteTopic_does_nothing_when_the_cluster_is_unknown()
    {
        var state = TwoClusters();

        var changes = state.DeleteTopic("T", "Nope");

        Assert.True(changes.IsEmpty);
        Assert.Equal(2, state.GetRoute("T")!.QueueDatas.Count);
    }

    [Fact]
    public void DeleteTopic_does_nothing_when_the_topic_is_unknown()
    {
        var state = TwoClusters();

        Assert.True(state.DeleteTopic("Nope").IsEmpty);
    }

    [Fact]
    public void DeleteTopic_keeps_mapping_info_when_the_topic_is_removed()
    {
        var state = new RouteTableState();
        var info = new Protocol.Model.TopicQueueMappingInfo("T", "b", 4, 1, false);
        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T", "X") with { TopicQueueMappingInfoMap = new Dictionary<string, Protocol.Model.TopicQueueMappingInfo> { ["T"] = info } }), T0);

        state.DeleteTopic("T");

        Assert.NotNull(state.GetTopicQueueMapping("T"));
    }

    [Fact]
    public void DeleteTopic_is_undone_when_a_4x_broker_registers_a_new_data_version()
    {
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T", "X")));
        state.DeleteTopic("T");

        state.Register(Reg4("b", 0, "a:1", Body(V(1), "T", "X")), T0);
        Assert.Null(state.GetRoute("T"));

        state.Register(Reg4("b", 0, "a:1", Body(V(2), "T", "X")), T0);
        Assert.NotNull(state.GetRoute("T"));
    }
}
