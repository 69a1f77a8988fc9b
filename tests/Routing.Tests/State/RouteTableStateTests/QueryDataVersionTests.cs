using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>QUERY_DATA_VERSION</c> (<c>DefaultRequestProcessor.queryBrokerTopicConfig</c>; <c>docs/BEHAVIOUR.md</c>, "Keep-alives").</summary>
public class QueryDataVersionTests
{
    [Fact]
    public void QueryDataVersion_reports_changed_without_stored_version_when_broker_is_unknown()
    {
        var state = new RouteTableState();

        var result = state.QueryDataVersion(Cluster, "a:1", V(1), T0);

        Assert.Equal(new DataVersionQueryResult(true, null), result);
        Assert.False(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void QueryDataVersion_reports_unchanged_and_refreshes_liveness_when_versions_are_equal()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        var result = state.QueryDataVersion(Cluster, "a:1", V(1), T0 + 5_000);

        Assert.Equal(new DataVersionQueryResult(false, V(1)), result);
        Assert.Equal(T0 + 5_000, state.GetLiveInfo(Cluster, "a:1")!.LastUpdateMillis);
    }

    [Fact]
    public void QueryDataVersion_reports_changed_and_still_refreshes_liveness_when_versions_differ()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        var result = state.QueryDataVersion(Cluster, "a:1", V(2), T0 + 5_000);

        Assert.Equal(new DataVersionQueryResult(true, V(1)), result);
        Assert.Equal(T0 + 5_000, state.GetLiveInfo(Cluster, "a:1")!.LastUpdateMillis);
    }

    [Fact]
    public void QueryDataVersion_reports_changed_when_only_state_version_differs()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1, stateVersion: 1), "T1", "T2")));

        Assert.True(state.QueryDataVersion(Cluster, "a:1", V(1, stateVersion: 2), T0).Changed);
    }

    [Fact]
    public void QueryDataVersion_keeps_broker_alive_past_its_timeout_when_sent_as_heartbeat()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), timeout: 10_000));

        state.QueryDataVersion(Cluster, "a:1", V(1), T0 + 9_000);

        Assert.Empty(state.Expire(T0 + 18_000).Expired);
        Assert.True(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void QueryDataVersion_does_not_change_routes_when_called()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));
        var before = state.GetRoute("T1")!;

        state.QueryDataVersion(Cluster, "a:1", V(9), T0);

        Assert.Equal(before.QueueDatas, state.GetRoute("T1")!.QueueDatas);
    }
}
