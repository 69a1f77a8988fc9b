using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>GET_ALL_TOPIC_LIST_FROM_NAMESERVER</c> and <c>GET_TOPICS_BY_CLUSTER</c> (<c>RouteInfoManager.getAllTopicList</c>, <c>getTopicsByCluster</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class TopicListTests
{
    private static RouteTableState State() =>
        Registered(
            new RouteTableState(),
            Reg5("b1", 0, "a:1", Body(V(1), "Shared", "B1"), cluster: "C1"),
            Reg5("b2", 0, "a:2", Body(V(1), "Shared", "B2"), cluster: "C1"),
            Reg5("b3", 0, "a:3", Body(V(1), "Shared", "B3"), cluster: "C2"));

    [Fact]
    public void GetAllTopics_lists_every_topic_once()
    {
        Assert.Equal(["B1", "B2", "B3", "Shared"], Topics(State().GetAllTopics()));
    }

    [Fact]
    public void GetTopicsByCluster_lists_the_union_of_the_clusters_brokers_topics()
    {
        var state = State();

        Assert.Equal(["B1", "B2", "Shared"], Topics(state.GetTopicsByCluster("C1")));
        Assert.Equal(["B3", "Shared"], Topics(state.GetTopicsByCluster("C2")));
    }

    [Fact]
    public void GetTopicsByCluster_is_empty_when_the_cluster_is_unknown()
    {
        var list = State().GetTopicsByCluster("Nope");

        Assert.Empty(list.Topics);
        Assert.Null(list.BrokerAddr);
    }

    [Fact]
    public void Topic_lists_are_empty_when_nothing_is_registered()
    {
        Assert.Empty(new RouteTableState().GetAllTopics().Topics);
    }
}
