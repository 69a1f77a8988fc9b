using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>The expiry scan, <c>lastUpdate + timeout &lt; now</c> (<c>RouteInfoManager.scanNotActiveBroker</c>; <c>docs/BEHAVIOUR.md</c>, "Expiry").</summary>
public class ExpiryTests
{
    [Fact]
    public void Expire_keeps_broker_when_exactly_at_the_default_timeout()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        var result = state.Expire(T0 + 120_000);

        Assert.Empty(result.Expired);
        Assert.True(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void Expire_removes_broker_when_one_millisecond_past_the_default_timeout()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 3));

        var result = state.Expire(T0 + 120_001);

        Assert.Equal(new ExpiredBroker(Cluster, "a:1", 3, T0, 120_000), Assert.Single(result.Expired));
        Assert.False(state.IsLive(Cluster, "a:1"));
        Assert.Empty(state.BrokerNames);
        Assert.Null(state.GetRoute("T1"));
        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
        AssertConsistent(state);
    }

    [Fact]
    public void Expire_uses_each_brokers_own_timeout_when_brokers_send_different_ones()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("fast", 0, "f:1", Body(V(1), "T1", "T2"), timeout: 10_000),
            Reg5("slow", 0, "s:1", Body(V(1), "T1", "T2")));

        var result = state.Expire(T0 + 10_001);

        Assert.Equal("f:1", Assert.Single(result.Expired).BrokerAddr);
        Assert.Equal(["slow"], state.BrokerNames);
    }

    [Fact]
    public void Expire_keeps_broker_when_heartbeat_refreshed_it()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), timeout: 10_000));

        Assert.True(state.Heartbeat(Cluster, "a:1", T0 + 8_000));

        Assert.Empty(state.Expire(T0 + 15_000).Expired);
        Assert.Single(state.Expire(T0 + 18_001).Expired);
    }

    [Fact]
    public void Heartbeat_returns_false_when_broker_is_unknown()
    {
        var state = new RouteTableState();

        Assert.False(state.Heartbeat(Cluster, "a:1", T0));
        Assert.False(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void Expire_keeps_broker_when_reregistration_refreshed_it()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")), T0 + 100_000);

        Assert.Empty(state.Expire(T0 + 200_000).Expired);
    }

    [Fact]
    public void Expire_wipes_write_perm_when_the_master_of_an_acting_master_group_expires()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), actingMaster: true, timeout: 10_000),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2"), actingMaster: true));

        state.Expire(T0 + 10_001);

        Assert.Equal(new Dictionary<long, string> { [1] = "a:2" }, state.GetBrokerData("b")!.BrokerAddrs);
        Assert.Equal(Perm.Read, state.GetQueueData("T1", "b")!.Perm);
    }

    [Fact]
    public void Expire_does_not_overflow_when_timeout_is_huge()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), timeout: long.MaxValue));

        Assert.Empty(state.Expire(T0 + 1_000_000_000).Expired);
    }
}
