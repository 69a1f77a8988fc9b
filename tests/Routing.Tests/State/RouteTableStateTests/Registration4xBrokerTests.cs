using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Registration of 4.x brokers, which send no <c>enableActingMaster</c> (4.9.8 <c>RouteInfoManager.registerBroker</c>; <c>docs/BEHAVIOUR.md</c>, "Registration").</summary>
public class Registration4xBrokerTests
{
    [Fact]
    public void Register_applies_master_topics_when_first_registration()
    {
        var state = new RouteTableState();

        var result = state.Register(Reg4("b", 0, "a:1", Body(V(1), Topic("T1", queues: 8), Topic("T2", perm: Perm.Read))), T0);

        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.Equal(new QueueData("b", 8, 8, Perm.ReadWrite, 0), state.GetQueueData("T1", "b"));
        Assert.Equal(new QueueData("b", 4, 4, Perm.Read, 0), state.GetQueueData("T2", "b"));
        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
        Assert.True(result.Changes.ClusterInfo);
        Assert.Null(result.MasterAddr);
        Assert.Null(result.HaServerAddr);
    }

    [Fact]
    public void Register_ignores_topics_when_broker_is_a_slave()
    {
        var state = new RouteTableState();

        state.Register(Reg4("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);

        Assert.Equal(0, state.TopicCount);
        Assert.Equal(["b"], state.BrokerNames);
        Assert.True(state.IsLive(Cluster, "a:2"));
    }

    [Fact]
    public void Register_does_not_reapply_topics_when_data_version_is_unchanged()
    {
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T1", "T2")));
        state.WipeWritePerm("b");
        state.DeleteTopic("T2");

        var result = state.Register(Reg4("b", 0, "a:1", Body(V(1), "T1", "T2")), T0 + 30_000);

        Assert.Equal(Perm.Read, state.GetQueueData("T1", "b")!.Perm);
        Assert.Null(state.GetQueueData("T2", "b"));
        Assert.True(result.Changes.IsEmpty);
    }

    [Fact]
    public void Register_reapplies_every_topic_when_data_version_changes()
    {
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T1", "T2")));
        state.WipeWritePerm("b");

        var result = state.Register(Reg4("b", 0, "a:1", Body(V(2), "T1", "T2")), T0);

        Assert.Equal(Perm.ReadWrite, state.GetQueueData("T1", "b")!.Perm);
        Assert.Equal(Perm.ReadWrite, state.GetQueueData("T2", "b")!.Perm);
        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
    }

    [Fact]
    public void Register_keeps_topics_when_broker_stops_reporting_them()
    {
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T1", "T2", "T3")));

        state.Register(Reg4("b", 0, "a:1", Body(V(2), "T1", "T2")), T0);

        Assert.NotNull(state.GetQueueData("T3", "b"));
    }

    [Fact]
    public void Register_stores_replaces_and_removes_filter_servers_when_list_given()
    {
        var state = new RouteTableState();
        state.Register(Reg4("b", 0, "a:1", Body(V(1), "T1", "T2"), filters: ["f:1", "f:2"]), T0);
        Assert.Equal(["f:1", "f:2"], state.GetFilterServers(Cluster, "a:1")!);

        var unchanged = state.Register(Reg4("b", 0, "a:1", Body(V(1), "T1", "T2"), filters: null), T0);
        Assert.Equal(["f:1", "f:2"], state.GetFilterServers(Cluster, "a:1")!);
        Assert.True(unchanged.Changes.IsEmpty);

        var replaced = state.Register(Reg4("b", 0, "a:1", Body(V(1), "T1", "T2"), filters: ["f:3"]), T0);
        Assert.Equal(["f:3"], state.GetFilterServers(Cluster, "a:1")!);
        Assert.Equal(new HashSet<string> { "T1", "T2" }, replaced.Changes.Topics);

        state.Register(Reg4("b", 0, "a:1", Body(V(1), "T1", "T2"), filters: []), T0);
        Assert.Null(state.GetFilterServers(Cluster, "a:1"));
    }

    [Fact]
    public void Register_answers_master_and_ha_address_when_slave_and_master_is_live()
    {
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T1", "T2")));

        var result = state.Register(Reg4("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);

        Assert.Equal("a:1", result.MasterAddr);
        Assert.Equal(HaOf("a:1"), result.HaServerAddr);
    }

    [Fact]
    public void Register_answers_no_master_when_slave_registers_before_its_master()
    {
        var state = new RouteTableState();

        var result = state.Register(Reg4("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);

        Assert.Null(result.MasterAddr);
        Assert.Null(result.HaServerAddr);
    }

    [Fact]
    public void Register_answers_no_master_when_master_is_listed_but_not_live_in_the_slaves_cluster()
    {
        // 5.x keys liveness by (cluster, address): a master registered under another cluster is not "live" here.
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T1", "T2"), cluster: "Other"));

        var result = state.Register(Reg4("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);

        Assert.Equal("a:1", state.GetBrokerData("b")!.BrokerAddrs[0]);
        Assert.Null(result.MasterAddr);
        Assert.Null(result.HaServerAddr);
    }

    [Fact]
    public void Register_uses_empty_topic_table_and_zero_version_when_body_is_absent()
    {
        var state = new RouteTableState();

        var result = state.Register(Reg4("b", 0, "a:1", body: null), T0);

        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.Equal(DataVersion.Zero, state.GetLiveInfo(Cluster, "a:1")!.DataVersion);
        Assert.Equal(0, state.TopicCount);
    }

    [Fact]
    public void Register_replaces_live_entry_when_broker_reregisters()
    {
        var state = Registered(new RouteTableState(), Reg4("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 1));

        state.Register(Reg4("b", 0, "a:1", Body(V(2), "T1", "T2"), epoch: 7), T0 + 30_000);

        var live = state.GetLiveInfo(Cluster, "a:1")!;
        Assert.Equal(new BrokerLiveInfo(T0 + 30_000, 120_000, V(2), HaOf("a:1"), 7), live);
    }
}
