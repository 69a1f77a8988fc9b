using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>UNREGISTER_BROKER</c>, single and batched (<c>RouteInfoManager.unRegisterBroker</c>; <c>docs/BEHAVIOUR.md</c>, "Unregistration").</summary>
public class UnregistrationTests
{
    private static RouteTableState MasterAndSlave(bool actingMaster = false) =>
        Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), actingMaster: actingMaster, filters: ["f:1"]),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2"), actingMaster: actingMaster));

    [Fact]
    public void Unregister_removes_live_and_filter_entries_and_the_address_when_broker_leaves()
    {
        var state = MasterAndSlave();

        var result = state.Unregister(Unreg("b", 0, "a:1"));

        Assert.False(state.IsLive(Cluster, "a:1"));
        Assert.Null(state.GetFilterServers(Cluster, "a:1"));
        Assert.Equal(new Dictionary<long, string> { [1] = "a:2" }, state.GetBrokerData("b")!.BrokerAddrs);
        Assert.Equal(new RemovedBroker(Cluster, "a:1", "b", 1), Assert.Single(result.Removed));
        Assert.True(result.Changes.ClusterInfo);
        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
    }

    [Fact]
    public void Unregister_removes_by_address_when_request_names_another_id()
    {
        var state = MasterAndSlave();

        state.Unregister(Unreg("b", 7, "a:2"));

        Assert.Equal(new Dictionary<long, string> { [0] = "a:1" }, state.GetBrokerData("b")!.BrokerAddrs);
    }

    [Fact]
    public void Unregister_keeps_topics_when_other_members_remain()
    {
        var state = MasterAndSlave();

        state.Unregister(Unreg("b", 0, "a:1"));

        Assert.Equal(Perm.ReadWrite, state.GetQueueData("T1", "b")!.Perm);
        Assert.NotNull(state.GetRoute("T1"));
    }

    [Fact]
    public void Unregister_cascades_to_cluster_and_topics_when_the_last_address_leaves()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "Shared", "OnlyB")),
            Reg5("c", 0, "c:1", Body(V(1), "Shared", "OnlyC"), cluster: "Other"));

        var result = state.Unregister(Unreg("b", 0, "a:1"));

        Assert.Equal(["c"], state.BrokerNames);
        Assert.Equal(["Other"], state.ClusterNames);
        Assert.Equal(["OnlyC", "Shared"], Topics(state.GetAllTopics()));
        Assert.Null(state.GetQueueData("Shared", "b"));
        Assert.Equal(new HashSet<string> { "Shared", "OnlyB" }, result.Changes.Topics);
        AssertConsistent(state);
    }

    [Fact]
    public void Unregister_keeps_the_cluster_when_other_brokers_remain_in_it()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")),
            Reg5("c", 0, "c:1", Body(V(1), "T1", "T2")));

        state.Unregister(Unreg("b", 0, "a:1"));

        Assert.Equal(["c"], state.GetClusterInfo().ClusterAddrTable[Cluster]);
    }

    [Fact]
    public void UnregisterBatch_applies_every_request_when_several_arrive_together()
    {
        var state = MasterAndSlave();
        Registered(state, Reg5("c", 0, "c:1", Body(V(1), "X1", "X2")));

        var result = state.UnregisterBatch([Unreg("b", 0, "a:1"), Unreg("b", 1, "a:2"), Unreg("c", 0, "c:1")]);

        Assert.Equal(3, result.Removed.Count);
        Assert.Empty(state.BrokerNames);
        Assert.Empty(state.ClusterNames);
        Assert.Equal(0, state.TopicCount);
        AssertConsistent(state);
    }

    [Fact]
    public void Unregister_wipes_write_perm_when_an_acting_master_group_loses_its_master()
    {
        var state = MasterAndSlave(actingMaster: true);

        var result = state.Unregister(Unreg("b", 0, "a:1"));

        Assert.Equal(Perm.Read, state.GetQueueData("T1", "b")!.Perm);
        Assert.Equal(Perm.Read, state.GetQueueData("T2", "b")!.Perm);
        Assert.Contains("T1", result.Changes.Topics);
    }

    [Fact]
    public void Unregister_keeps_write_perm_when_only_a_slave_of_an_acting_master_group_leaves()
    {
        var state = MasterAndSlave(actingMaster: true);

        state.Unregister(Unreg("b", 1, "a:2"));

        Assert.Equal(Perm.ReadWrite, state.GetQueueData("T1", "b")!.Perm);
    }

    [Fact]
    public void Unregister_is_harmless_when_the_broker_is_unknown()
    {
        var state = MasterAndSlave();

        var result = state.Unregister(Unreg("nobody", 0, "x:1"));

        Assert.Equal(new RemovedBroker(Cluster, "x:1", null, null), Assert.Single(result.Removed));
        Assert.True(result.Changes.IsEmpty);
        Assert.Equal(2, state.GetBrokerData("b")!.BrokerAddrs.Count);
    }

    [Fact]
    public void UnregisterBatch_throws_without_touching_state_when_a_request_lacks_an_address()
    {
        var state = MasterAndSlave();

        Assert.ThrowsAny<ArgumentException>(() => state.UnregisterBatch([Unreg("b", 0, "a:1"), new UnregisterBrokerCommand(Cluster, null!, "b", 1)]));

        Assert.True(state.IsLive(Cluster, "a:1"));
    }
}
