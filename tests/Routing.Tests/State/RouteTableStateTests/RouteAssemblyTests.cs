using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Route assembly for <c>GET_ROUTEINFO_BY_TOPIC</c> (<c>RouteInfoManager.pickupTopicRouteData</c>; <c>docs/BEHAVIOUR.md</c>, "Route assembly").</summary>
public class RouteAssemblyTests
{
    [Fact]
    public void GetRoute_returns_null_when_topic_is_unknown()
    {
        Assert.Null(new RouteTableState().GetRoute("nope"));
    }

    [Fact]
    public void GetRoute_returns_null_when_topic_was_deleted()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));
        state.DeleteTopic("T1");

        Assert.Null(state.GetRoute("T1"));
    }

    [Fact]
    public void GetRoute_returns_queue_and_broker_datas_ordered_by_broker_name_when_found()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b2", 0, "b2:1", Body(V(1), Topic("T", queues: 2), Topic("X"))),
            Reg5("b1", 0, "b1:1", Body(V(1), Topic("T", queues: 8), Topic("X")), zone: "z"),
            Reg5("b1", 1, "b1:2", Body(V(1), "T", "X"), zone: "z"));

        var route = state.GetRoute("T")!;

        Assert.Equal([new QueueData("b1", 8, 8, 6, 0), new QueueData("b2", 2, 2, 6, 0)], route.QueueDatas);
        Assert.Equal(
            [new BrokerData(Cluster, "b1", new Dictionary<long, string> { [0] = "b1:1", [1] = "b1:2" }, false, "z"),
             new BrokerData(Cluster, "b2", new Dictionary<long, string> { [0] = "b2:1" })],
            route.BrokerDatas);
        Assert.Empty(route.FilterServerTable);
        Assert.Null(route.OrderTopicConf);
        Assert.Null(route.TopicQueueMappingByBroker);
    }

    [Fact]
    public void GetRoute_returns_a_copy_that_later_state_changes_do_not_affect()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));
        var route = state.GetRoute("T1")!;

        state.Register(Reg5("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);
        state.WipeWritePerm("b");
        state.Unregister(Unreg("b", 0, "a:1"));

        Assert.Equal(new QueueData("b", 4, 4, Perm.ReadWrite, 0), Assert.Single(route.QueueDatas));
        Assert.Equal(new Dictionary<long, string> { [0] = "a:1" }, Assert.Single(route.BrokerDatas).BrokerAddrs);
    }

    [Fact]
    public void GetRoute_state_is_unaffected_when_a_returned_copy_is_mutated()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        var addrs = (IDictionary<long, string>)state.GetRoute("T1")!.BrokerDatas[0].BrokerAddrs;
        addrs[5] = "x:5";

        Assert.Single(state.GetRoute("T1")!.BrokerDatas[0].BrokerAddrs);
    }

    [Fact]
    public void GetRoute_includes_filter_servers_of_the_route_brokers_only_when_any_exist()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), filters: ["f:1"]),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2")),
            Reg5("c", 0, "c:1", Body(V(1), "X1", "X2"), filters: ["f:9"]));

        var route = state.GetRoute("T1")!;

        Assert.Equal(["a:1"], route.FilterServerTable.Keys);
        Assert.Equal(["f:1"], route.FilterServerTable["a:1"]);
    }

    [Fact]
    public void GetRoute_passes_order_topic_conf_through_when_given()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        Assert.Equal("b:4", state.GetRoute("T1", "b:4")!.OrderTopicConf);
    }

    [Fact]
    public void GetRoute_includes_mapping_info_when_the_topic_has_some()
    {
        var state = new RouteTableState();
        var info = new TopicQueueMappingInfo("T1", "b", 4, 1, false);
        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2") with { TopicQueueMappingInfoMap = new Dictionary<string, TopicQueueMappingInfo> { ["T1"] = info } }), T0);

        Assert.Equal(info, state.GetRoute("T1")!.TopicQueueMappingByBroker!["b"]);
        Assert.Null(state.GetRoute("T2")!.TopicQueueMappingByBroker);
    }

    private static RouteTableState MasterlessActingMasterGroup(bool supportActingMaster, string topic = "T1")
    {
        var state = Registered(
            new RouteTableState(new RouteTableOptions(SupportActingMaster: supportActingMaster)),
            Reg5("b", 0, "a:0", Body(V(1), topic, "T2"), actingMaster: true),
            Reg5("b", 2, "a:2", Body(V(1), topic, "T2"), actingMaster: true),
            Reg5("b", 3, "a:3", Body(V(1), topic, "T2"), actingMaster: true));
        state.Unregister(Unreg("b", 0, "a:0"));
        return state;
    }

    [Fact]
    public void GetRoute_presents_the_smallest_slave_as_master_when_acting_master_is_supported()
    {
        var state = MasterlessActingMasterGroup(supportActingMaster: true);

        var addrs = Assert.Single(state.GetRoute("T1")!.BrokerDatas).BrokerAddrs;

        Assert.Equal(new Dictionary<long, string> { [0] = "a:2", [3] = "a:3" }, addrs);
        Assert.Equal(new Dictionary<long, string> { [2] = "a:2", [3] = "a:3" }, state.GetBrokerData("b")!.BrokerAddrs);
    }

    [Fact]
    public void GetRoute_keeps_slave_ids_when_acting_master_is_not_supported()
    {
        var state = MasterlessActingMasterGroup(supportActingMaster: false);

        Assert.Equal([2L, 3L], Assert.Single(state.GetRoute("T1")!.BrokerDatas).BrokerAddrs.Keys.Order());
    }

    [Fact]
    public void GetRoute_keeps_slave_ids_when_topic_is_a_sync_broker_member_topic()
    {
        var topic = RouteTableState.SyncBrokerMemberGroupPrefix + "b";
        var state = MasterlessActingMasterGroup(supportActingMaster: true, topic);

        Assert.False(Assert.Single(state.GetRoute(topic)!.BrokerDatas).BrokerAddrs.ContainsKey(0));
    }

    [Fact]
    public void GetRoute_keeps_slave_ids_when_the_queue_is_still_writable()
    {
        var state = MasterlessActingMasterGroup(supportActingMaster: true);
        state.AddWritePerm("b");

        Assert.False(Assert.Single(state.GetRoute("T1")!.BrokerDatas).BrokerAddrs.ContainsKey(0));
    }

    [Fact]
    public void GetRoute_keeps_slave_ids_when_the_group_does_not_enable_acting_master()
    {
        var state = Registered(
            new RouteTableState(new RouteTableOptions(SupportActingMaster: true)),
            Reg5("b", 1, "a:1", Body(V(1), Topic("T1", perm: Perm.Read), Topic("T2"))));

        Assert.Equal([1L], Assert.Single(state.GetRoute("T1")!.BrokerDatas).BrokerAddrs.Keys);
    }

    [Fact]
    public void SetOptions_reports_every_topic_when_support_acting_master_flips()
    {
        var state = MasterlessActingMasterGroup(supportActingMaster: false);

        var changes = state.SetOptions(new RouteTableOptions(SupportActingMaster: true));

        Assert.Equal(new HashSet<string> { "T1", "T2" }, changes.Topics);
        Assert.True(Assert.Single(state.GetRoute("T1")!.BrokerDatas).BrokerAddrs.ContainsKey(0));
        Assert.True(state.SetOptions(state.Options with { NotifyMinBrokerIdChanged = true }).IsEmpty);
    }
}
