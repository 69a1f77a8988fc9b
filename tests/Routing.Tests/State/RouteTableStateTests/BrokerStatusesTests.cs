using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><see cref="RouteTableState.GetBrokerStatuses"/>: what the HTTP API and dashboard show per broker address.</summary>
public class BrokerStatusesTests
{
    [Fact]
    public void GetBrokerStatuses_lists_every_address_sorted_with_its_group_topic_counts_and_liveness()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "b0:1", Body(V(1), Topic("RW"), Topic("R", perm: Perm.Read))) with { BrokerVersion = MqVersion.V5_3_3 },
            Reg5("b", 1, "b1:1", Body(V(1), Topic("RW"), Topic("R", perm: Perm.Read))),
            Reg4("a", 0, "a0:1", Body(V(1), "RW", "A1"), cluster: "c0") with { BrokerVersion = MqVersion.V4_9_8 });

        var statuses = state.GetBrokerStatuses();

        Assert.Equal([$"{Cluster}/b/0", $"{Cluster}/b/1", "c0/a/0"], statuses.Select(s => $"{s.ClusterName}/{s.BrokerName}/{s.BrokerId}"));
        Assert.Equal((2, 1), (statuses[0].TopicCount, statuses[0].WritableTopicCount));
        Assert.Equal((2, 1), (statuses[1].TopicCount, statuses[1].WritableTopicCount));
        Assert.Equal((2, 2), (statuses[2].TopicCount, statuses[2].WritableTopicCount));
        Assert.Equal(MqVersion.V5_3_3, statuses[0].Live!.BrokerVersion);
        Assert.Null(statuses[1].Live!.BrokerVersion);
        Assert.Equal(MqVersion.V4_9_8, statuses[2].Live!.BrokerVersion);
        Assert.Equal(T0, statuses[1].Live!.LastUpdateMillis);
        Assert.Equal(3, state.LiveBrokerCount);
    }

    [Fact]
    public void GetBrokerStatuses_counts_no_writable_topic_when_write_permission_was_wiped()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "b0:1", Body(V(1), "T1", "T2")));

        state.WipeWritePerm("b");

        var status = Assert.Single(state.GetBrokerStatuses());
        Assert.Equal((2, 0), (status.TopicCount, status.WritableTopicCount));
        Assert.False(status.Writable);
    }

    // What a 5.3.3 broker registers (captures/java-5.3.3), with one user topic.
    private static TopicConfig[] Broker5Topics(string cluster, string broker, params TopicConfig[] userTopics) =>
    [
        .. userTopics,
        Topic("TBW102", perm: Perm.ReadWrite | Perm.Inherit), Topic("SELF_TEST_TOPIC"), Topic("BenchmarkTest"),
        Topic("OFFSET_MOVED_EVENT"), Topic("SCHEDULE_TOPIC_XXXX"), Topic("RMQ_SYS_TRANS_HALF_TOPIC"), Topic("RMQ_SYS_TRANS_OP_HALF_TOPIC"),
        Topic(cluster, perm: Perm.ReadWrite | Perm.Inherit), Topic(broker, perm: Perm.ReadWrite | Perm.Inherit),
        Topic(cluster + "_REPLY_TOPIC"), Topic("rmq_sys_REVIVE_LOG_" + cluster), Topic("rmq_sys_wheel_timer"),
        Topic("rmq_sys_SYNC_BROKER_MEMBER_" + broker, perm: Perm.Inherit),
    ];

    [Fact]
    public void GetBrokerStatuses_reports_broker_writable_when_only_its_system_topics_lack_write_permission()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "b0:1", Body(V(1), Broker5Topics(Cluster, "b", Topic("Orders")))));

        var status = Assert.Single(state.GetBrokerStatuses());

        Assert.Equal((14, 13), (status.TopicCount, status.WritableTopicCount));
        Assert.True(status.Writable);
    }

    [Fact]
    public void GetBrokerStatuses_reports_broker_writable_when_one_of_its_topics_was_created_read_only()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "b0:1", Body(V(1), Topic("Orders"), Topic("Archive", perm: Perm.Read))));

        Assert.True(Assert.Single(state.GetBrokerStatuses()).Writable);
    }

    [Fact]
    public void GetBrokerStatuses_follows_wipe_and_add_write_permission_when_the_broker_has_system_topics()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 0, "b0:1", Body(V(1), Broker5Topics(Cluster, "b", Topic("Orders")))));

        state.WipeWritePerm("b");
        var wiped = Assert.Single(state.GetBrokerStatuses());
        state.AddWritePerm("b");
        var added = Assert.Single(state.GetBrokerStatuses());

        Assert.False(wiped.Writable);
        Assert.Equal(0, wiped.WritableTopicCount);
        Assert.True(added.Writable);
        Assert.Equal(14, added.WritableTopicCount);
    }

    [Fact]
    public void GetBrokerStatuses_reports_broker_read_only_when_its_broker_permission_stripped_write_from_every_topic()
    {
        // A broker with brokerPermission=4 registers each topic's perm ANDed with it.
        var topics = Broker5Topics(Cluster, "b", Topic("Orders")).Select(t => t with { Perm = t.Perm & Perm.Read }).ToArray();
        var state = Registered(new RouteTableState(), Reg5("b", 0, "b0:1", Body(V(1), topics)));

        Assert.False(Assert.Single(state.GetBrokerStatuses()).Writable);
    }

    [Theory]
    [InlineData(Perm.ReadWrite, true)]
    [InlineData(Perm.Read, false)]
    public void GetBrokerStatuses_decides_by_system_topics_when_the_broker_has_no_other_topic(int perm, bool writable)
    {
        var topics = Broker5Topics(Cluster, "b").Select(t => t.Perm == Perm.Inherit ? t : t with { Perm = perm }).ToArray();
        var state = Registered(new RouteTableState(), Reg5("b", 0, "b0:1", Body(V(1), topics)));

        Assert.Equal(writable, Assert.Single(state.GetBrokerStatuses()).Writable);
    }
}
