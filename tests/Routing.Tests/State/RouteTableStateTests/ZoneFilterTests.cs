using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>The zone-mode route filter (5.x <c>ZoneRouteRPCHook</c>; <c>docs/BEHAVIOUR.md</c>, "Route assembly").</summary>
public class ZoneFilterTests
{
    private static TopicRouteData Route()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("east", 0, "e:1", Body(V(1), "T", "X"), zone: "East", filters: ["fe:1"]),
            Reg5("west", 0, "w:1", Body(V(1), "T", "X"), zone: "west", filters: ["fw:1"]),
            Reg5("west", 1, "w:2", Body(V(1), "T", "X"), zone: "west", filters: ["fw:2"]),
            Reg5("headless", 1, "h:1", Body(V(1), "T", "X"), zone: "west"));
        return state.GetRoute("T")!;
    }

    [Fact]
    public void FilterByZone_keeps_brokers_of_the_zone_ignoring_case_and_brokers_without_master()
    {
        var route = Route();

        var filtered = RouteTableState.FilterByZone(route, "east");

        Assert.Equal(["east", "headless"], filtered.BrokerDatas.Select(b => b.BrokerName));
        Assert.Equal(["east", "headless"], filtered.QueueDatas.Select(q => q.BrokerName));
        Assert.Equal(["e:1"], filtered.FilterServerTable.Keys);
    }

    [Fact]
    public void FilterByZone_leaves_the_input_route_untouched()
    {
        var route = Route();

        RouteTableState.FilterByZone(route, "east");

        Assert.Equal(3, route.BrokerDatas.Count);
        Assert.Equal(3, route.FilterServerTable.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FilterByZone_returns_the_route_unchanged_when_zone_is_blank(string? zone)
    {
        var route = Route();

        Assert.Same(route, RouteTableState.FilterByZone(route, zone));
    }

    [Fact]
    public void FilterByZone_keeps_only_masterless_brokers_when_no_broker_is_in_the_zone()
    {
        var filtered = RouteTableState.FilterByZone(Route(), "north");

        Assert.Equal(["headless"], filtered.BrokerDatas.Select(b => b.BrokerName));
        Assert.Empty(filtered.FilterServerTable);
    }
}
