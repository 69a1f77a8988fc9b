using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>GET_SYSTEM_TOPIC_LIST_FROM_NS</c> (<c>RouteInfoManager.getSystemTopicList</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class SystemTopicListTests
{
    [Fact]
    public void GetSystemTopicList_lists_cluster_and_broker_names_with_the_first_broker_address()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b2", 0, "b2:1", Body(V(1), "T1", "T2"), cluster: "C1"),
            Reg5("b1", 1, "b1:2", Body(V(1), "T1", "T2"), cluster: "C1"),
            Reg5("b1", 0, "b1:1", Body(V(1), "T1", "T2"), cluster: "C1"),
            Reg5("b3", 0, "b3:1", Body(V(1), "T1", "T2"), cluster: "C2"));

        var list = state.GetSystemTopicList();

        Assert.Equal(["C1", "C2", "b1", "b2", "b3"], list.Topics);
        Assert.Equal("b1:1", list.BrokerAddr);
    }

    [Fact]
    public void GetSystemTopicList_lists_a_name_once_when_clusters_share_it()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), cluster: "C1"),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2"), cluster: "C2"));

        Assert.Equal(["C1", "C2", "b"], state.GetSystemTopicList().Topics);
    }

    [Fact]
    public void GetSystemTopicList_is_empty_without_address_when_nothing_is_registered()
    {
        var list = new RouteTableState().GetSystemTopicList();

        Assert.Empty(list.Topics);
        Assert.Null(list.BrokerAddr);
    }
}
