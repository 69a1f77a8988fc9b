using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Connection close, with connection epochs (apache/rocketmq#11043; <c>docs/BEHAVIOUR.md</c>, "Connection close").</summary>
public class ConnectionCloseTests
{
    [Fact]
    public void OnConnectionClosed_removes_the_broker_when_its_current_epoch_closes()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 1));

        var result = state.OnConnectionClosed(1);

        Assert.Equal(new RemovedBroker(Cluster, "a:1", "b", 1), Assert.Single(result.Removed));
        Assert.Empty(state.BrokerNames);
        Assert.Null(state.GetRoute("T1"));
        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
        AssertConsistent(state);
    }

    [Fact]
    public void OnConnectionClosed_removes_nothing_when_the_broker_reregistered_on_a_newer_connection()
    {
        // 11043: the broker reconnects and re-registers on epoch 2, then the close of epoch 1 is processed.
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 1));
        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 2), T0 + 1);

        var result = state.OnConnectionClosed(1);

        Assert.Empty(result.Removed);
        Assert.True(result.Changes.IsEmpty);
        Assert.True(state.IsLive(Cluster, "a:1"));
        Assert.NotNull(state.GetRoute("T1"));
    }

    [Fact]
    public void OnConnectionClosed_removes_nothing_when_the_epoch_is_unknown()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 1));

        Assert.Empty(state.OnConnectionClosed(99).Removed);
        Assert.True(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void OnConnectionClosed_removes_every_broker_when_one_connection_registered_several()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 5),
            Reg5("c", 0, "c:1", Body(V(1), "T1", "T2"), epoch: 5),
            Reg5("d", 0, "d:1", Body(V(1), "T1", "T2"), epoch: 6));

        var result = state.OnConnectionClosed(5);

        Assert.Equal(2, result.Removed.Count);
        Assert.Equal(["d"], state.BrokerNames);
    }

    [Fact]
    public void OnConnectionClosed_keeps_the_group_when_only_the_slave_connection_closes()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 1),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2"), epoch: 2));

        state.OnConnectionClosed(2);

        Assert.Equal(new Dictionary<long, string> { [0] = "a:1" }, state.GetBrokerData("b")!.BrokerAddrs);
        Assert.True(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void OnConnectionClosed_removes_the_live_entry_when_no_group_of_its_cluster_holds_the_address()
    {
        // The broker name belongs to "C1"; the same address also registered under "C2". Java would keep the C2
        // live entry until expiry; here it goes at once.
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 1, cluster: "C1"),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 2, cluster: "C2"));

        var result = state.OnConnectionClosed(2);

        Assert.False(state.IsLive("C2", "a:1"));
        Assert.True(state.IsLive("C1", "a:1"));
        Assert.Single(result.Removed);
        AssertConsistent(state);
    }
}
