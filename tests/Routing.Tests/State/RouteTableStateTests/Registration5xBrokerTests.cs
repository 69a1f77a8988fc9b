using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Registration of 5.x brokers (5.3.3 <c>RouteInfoManager.registerBroker</c>; <c>docs/BEHAVIOUR.md</c>, "Registration").</summary>
public class Registration5xBrokerTests
{
    [Fact]
    public void Register_overwrites_zone_name_when_every_registration_arrives_even_without_zone()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), zone: "z1"));
        Assert.Equal("z1", state.GetBrokerData("b")!.ZoneName);

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), zone: null), T0);

        Assert.Null(state.GetBrokerData("b")!.ZoneName);
        Assert.True(result.Changes.ClusterInfo);
        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
    }

    [Fact]
    public void Register_sets_and_clears_enable_acting_master_when_header_changes()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), actingMaster: true));
        Assert.True(state.GetBrokerData("b")!.EnableActingMaster);

        state.Register(Reg4("b", 0, "a:1", Body(V(1), "T1", "T2")), T0);

        Assert.False(state.GetBrokerData("b")!.EnableActingMaster);
    }

    [Fact]
    public void Register_is_fenced_when_the_id_is_held_by_a_live_address_with_a_higher_state_version()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1, stateVersion: 5), "T1", "T2")));
        state.Register(Reg5("b", 1, "a:2", Body(V(1, stateVersion: 3), "T1", "T2")), T0);

        var result = state.Register(Reg5("b", 0, "a:2", Body(V(2, stateVersion: 4), "T1", "T2"), epoch: 2), T0);

        Assert.Equal(RegisterOutcome.Fenced, result.Outcome);
        Assert.Null(result.MasterAddr);
        Assert.False(state.IsLive(Cluster, "a:2"));
        Assert.Equal(new Dictionary<long, string> { [0] = "a:1" }, state.GetBrokerData("b")!.BrokerAddrs);
        Assert.True(result.Changes.ClusterInfo);
        AssertConsistent(state);
    }

    [Fact]
    public void Register_takes_over_the_id_when_the_new_state_version_is_not_lower()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1, stateVersion: 5), "T1", "T2")));

        var result = state.Register(Reg5("b", 0, "a:2", Body(V(2, stateVersion: 5), "T1", "T2"), epoch: 2), T0);

        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.Equal("a:2", state.GetBrokerData("b")!.BrokerAddrs[0]);
    }

    [Fact]
    public void Register_is_refused_without_side_effects_when_unknown_id_sends_a_single_topic()
    {
        var state = Registered(new RouteTableState(), Reg5("other", 0, "o:1", Body(V(1), "X1", "X2")));
        var before = state.GetClusterInfo();

        var refusedNew = state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1"), cluster: "NewCluster"), T0);
        var refusedId = state.Register(Reg5("other", 1, "o:2", Body(V(1), "X1")), T0);

        Assert.Equal(RegisterOutcome.Refused, refusedNew.Outcome);
        Assert.Equal(RegisterOutcome.Refused, refusedId.Outcome);
        Assert.True(refusedNew.Changes.IsEmpty);
        Assert.Equal(before.BrokerAddrTable, state.GetClusterInfo().BrokerAddrTable);
        Assert.Equal(["DefaultCluster"], state.ClusterNames);
        Assert.False(state.IsLive("NewCluster", "a:1"));
        Assert.False(state.IsLive(Cluster, "o:2"));
        Assert.Null(state.GetRoute("T1"));
    }

    [Fact]
    public void Register_is_refused_when_a_4x_broker_sends_a_single_topic_before_its_full_registration()
    {
        var state = new RouteTableState();

        Assert.Equal(RegisterOutcome.Refused, state.Register(Reg4("b", 0, "a:1", Body(V(2), "T1")), T0).Outcome);
        Assert.Empty(state.BrokerNames);
    }

    [Fact]
    public void Register_accepts_a_single_topic_when_the_id_is_already_registered()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(2), "T3")), T0);

        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.Equal(new HashSet<string> { "T3" }, result.Changes.Topics);
        Assert.Equal(["T1", "T2", "T3"], Topics(state.GetAllTopics()));
    }

    [Fact]
    public void Register_recreates_a_missing_topic_when_data_version_is_unchanged()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));
        state.DeleteTopic("T2");

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")), T0);

        Assert.NotNull(state.GetQueueData("T2", "b"));
        Assert.Equal(new HashSet<string> { "T2" }, result.Changes.Topics);
    }

    [Fact]
    public void Register_keeps_nameserver_side_perm_when_data_version_is_unchanged()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));
        state.WipeWritePerm("b");

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(1), Topic("T1"), Topic("T2", queues: 16))), T0);

        Assert.Equal(Perm.Read, state.GetQueueData("T1", "b")!.Perm);
        Assert.Equal(4, state.GetQueueData("T2", "b")!.WriteQueueNums);
        Assert.True(result.Changes.IsEmpty);
    }

    [Fact]
    public void Register_applies_every_chunk_when_split_registration_reuses_one_data_version()
    {
        var state = new RouteTableState();
        var all = Enumerable.Range(0, 10).Select(i => $"T{i}").ToArray();

        foreach (var chunk in all.Chunk(3))
        {
            // The last chunk holds a single topic: accepted, since the broker id is known by then.
            Assert.Equal(RegisterOutcome.Registered, state.Register(Reg5("b", 0, "a:1", Body(V(1), chunk)), T0).Outcome);
        }

        Assert.Equal(all.Order(StringComparer.Ordinal), Topics(state.GetAllTopics()));
    }

    [Fact]
    public void Register_replaces_queue_data_only_when_it_differs_and_reports_only_those_topics()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2", "T3")));

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(2), Topic("T1"), Topic("T2", queues: 8), Topic("T3"))), T0);

        Assert.Equal(new HashSet<string> { "T2" }, result.Changes.Topics);
        Assert.False(result.Changes.ClusterInfo);
        Assert.Equal(8, state.GetQueueData("T2", "b")!.ReadQueueNums);
    }

    [Fact]
    public void Register_reports_nothing_when_a_large_broker_reregisters_unchanged()
    {
        var state = new RouteTableState();
        var body = Body(V(1), Enumerable.Range(0, 10_000).Select(i => $"Topic-{i}").ToArray());
        state.Register(Reg5("b", 0, "a:1", body), T0);

        var result = state.Register(Reg5("b", 0, "a:1", body), T0 + 30_000);

        Assert.Same(RouteChanges.None, result.Changes);
        Assert.Equal(T0 + 30_000, state.GetLiveInfo(Cluster, "a:1")!.LastUpdateMillis);
    }

    [Fact]
    public void Register_applies_prime_slave_topics_read_only_when_group_enables_acting_master()
    {
        var state = new RouteTableState();

        state.Register(Reg5("b", 1, "a:2", Body(V(1), Topic("T1", perm: Perm.ReadWrite), Topic("T2", perm: Perm.ReadWrite | Perm.Inherit)), actingMaster: true), T0);

        Assert.Equal(Perm.Read, state.GetQueueData("T1", "b")!.Perm);
        Assert.Equal(Perm.Read | Perm.Inherit, state.GetQueueData("T2", "b")!.Perm);
    }

    [Fact]
    public void Register_applies_prime_slave_topics_unchanged_when_acting_master_is_disabled()
    {
        var state = new RouteTableState();

        state.Register(Reg5("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);

        Assert.Equal(Perm.ReadWrite, state.GetQueueData("T1", "b")!.Perm);
    }

    [Fact]
    public void Register_ignores_topics_when_slave_is_not_the_minimum_id()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 1, "a:2", Body(V(1), "T1", "T2")));

        state.Register(Reg5("b", 2, "a:3", Body(V(1), "T1", "T2", "T3")), T0);

        Assert.Null(state.GetRoute("T3"));
    }

    [Fact]
    public void Register_removes_unreported_topics_when_delete_topic_with_broker_registration_is_on()
    {
        var state = Registered(
            new RouteTableState(new RouteTableOptions(DeleteTopicWithBrokerRegistration: true)),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2", "Gone")),
            Reg5("other", 0, "o:1", Body(V(1), "Shared", "X")),
            Reg5("b", 0, "a:1", Body(V(2), "T1", "T2", "Gone", "Shared")));

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(3), "T1", "T2")), T0);

        Assert.Null(state.GetRoute("Gone"));
        Assert.Null(state.GetQueueData("Shared", "b"));
        Assert.NotNull(state.GetQueueData("Shared", "other"));
        Assert.Equal(new HashSet<string> { "Gone", "Shared" }, result.Changes.Topics);
        AssertConsistent(state);
    }

    [Fact]
    public void Register_keeps_unreported_topics_when_delete_topic_with_broker_registration_is_off()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2", "Kept")));

        state.Register(Reg5("b", 0, "a:1", Body(V(2), "T1", "T2")), T0);

        Assert.NotNull(state.GetRoute("Kept"));
    }

    [Fact]
    public void Register_keeps_unreported_topics_when_body_carries_mapping_info()
    {
        var state = Registered(
            new RouteTableState(new RouteTableOptions(DeleteTopicWithBrokerRegistration: true)),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2", "Kept")));
        var mapping = new Dictionary<string, TopicQueueMappingInfo> { ["T1"] = new("T1", "b", 4, 1, false) };

        state.Register(Reg5("b", 0, "a:1", Body(V(2), "T1", "T2") with { TopicQueueMappingInfoMap = mapping }), T0);

        Assert.NotNull(state.GetRoute("Kept"));
    }

    [Fact]
    public void Register_stores_mapping_info_by_its_broker_name_when_data_version_changes()
    {
        var state = new RouteTableState();
        var first = new TopicQueueMappingInfo("T1", "b", 4, 1, false);
        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2") with { TopicQueueMappingInfoMap = new Dictionary<string, TopicQueueMappingInfo> { ["T1"] = first } }), T0);

        var ignored = first with { Epoch = 2 };
        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2") with { TopicQueueMappingInfoMap = new Dictionary<string, TopicQueueMappingInfo> { ["T1"] = ignored } }), T0);
        Assert.Equal(first, state.GetTopicQueueMapping("T1")!["b"]);

        var updated = first with { Epoch = 3, Bname = "logical" };
        var result = state.Register(Reg5("b", 0, "a:1", Body(V(2), "T1", "T2") with { TopicQueueMappingInfoMap = new Dictionary<string, TopicQueueMappingInfo> { ["T1"] = updated } }), T0);

        Assert.Equal(first, state.GetTopicQueueMapping("T1")!["b"]);
        Assert.Equal(updated, state.GetTopicQueueMapping("T1")!["logical"]);
        Assert.Contains("T1", result.Changes.Topics);
    }

    [Fact]
    public void Register_keeps_mapping_info_when_the_broker_goes_away()
    {
        var state = new RouteTableState();
        var info = new TopicQueueMappingInfo("T1", "b", 4, 1, false);
        state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2") with { TopicQueueMappingInfoMap = new Dictionary<string, TopicQueueMappingInfo> { ["T1"] = info } }), T0);

        state.Unregister(Unreg("b", 0, "a:1"));

        Assert.Equal(info, state.GetTopicQueueMapping("T1")!["b"]);
    }

    [Fact]
    public void Register_stores_default_heartbeat_timeout_when_header_is_absent()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")));

        Assert.Equal(RouteTableState.DefaultHeartbeatTimeoutMillis, state.GetLiveInfo(Cluster, "a:1")!.HeartbeatTimeoutMillis);
        Assert.Equal(120_000, RouteTableState.DefaultHeartbeatTimeoutMillis);
    }

    [Fact]
    public void Register_stores_heartbeat_timeout_when_header_is_given()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), timeout: 10_000));

        Assert.Equal(10_000, state.GetLiveInfo(Cluster, "a:1")!.HeartbeatTimeoutMillis);
    }

    [Fact]
    public void Register_reports_every_topic_of_the_broker_when_a_slave_joins_the_group()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")), Reg5("c", 0, "c:1", Body(V(1), "X1", "X2")));

        var result = state.Register(Reg5("b", 1, "a:2", Body(V(1), "T1", "T2")), T0);

        Assert.Equal(new HashSet<string> { "T1", "T2" }, result.Changes.Topics);
        Assert.True(result.Changes.ClusterInfo);
        Assert.Equal("a:1", result.MasterAddr);
    }

    [Fact]
    public void Register_records_connection_epoch_when_broker_registers()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), epoch: 42));

        Assert.Equal(42, state.GetLiveInfo(Cluster, "a:1")!.ConnectionEpoch);
    }

    [Theory]
    [InlineData(null, "a:1", "b")]
    [InlineData("C", "", "b")]
    [InlineData("C", "a:1", null)]
    public void Register_throws_without_touching_state_when_a_required_field_is_missing(string? cluster, string? addr, string? name)
    {
        var state = new RouteTableState();
        var command = new RegisterBrokerCommand(cluster!, addr!, name!, 0, null, Body(V(1), "T1", "T2"), null, 1);

        Assert.ThrowsAny<ArgumentException>(() => state.Register(command, T0));
        Assert.Empty(state.BrokerNames);
        Assert.Empty(state.ClusterNames);
    }

    [Fact]
    public void Register_throws_when_heartbeat_timeout_is_not_positive()
    {
        var state = new RouteTableState();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => state.Register(Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), timeout: 0), T0));

        Assert.Contains("heartbeatTimeoutMillis", error.Message);
        Assert.Empty(state.BrokerNames);
    }
}
