using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>GET_BROKER_MEMBER_GROUP</c> (<c>RouteInfoManager.getBrokerMemberGroup</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class BrokerMemberGroupTests
{
    [Fact]
    public void GetBrokerMemberGroup_returns_the_group_addresses_and_echoes_the_request()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")),
            Reg5("b", 1, "a:1", Body(V(1), "T1", "T2")));

        var group = state.GetBrokerMemberGroup("AnyCluster", "b");

        Assert.Equal("AnyCluster", group.Cluster);
        Assert.Equal("b", group.BrokerName);
        Assert.Equal(new Dictionary<long, string> { [0] = "a:0", [1] = "a:1" }, group.BrokerAddrs);
    }

    [Fact]
    public void GetBrokerMemberGroup_returns_empty_addresses_when_the_broker_is_unknown()
    {
        var group = new RouteTableState().GetBrokerMemberGroup(Cluster, "nobody");

        Assert.Empty(group.BrokerAddrs);
        Assert.Equal("nobody", group.BrokerName);
    }

    [Fact]
    public void GetBrokerMemberGroup_returns_a_copy_when_the_group_changes_later()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")));
        var group = state.GetBrokerMemberGroup(Cluster, "b");

        state.Register(Reg5("b", 1, "a:1", Body(V(1), "T1", "T2")), T0);

        Assert.Single(group.BrokerAddrs);
    }
}
