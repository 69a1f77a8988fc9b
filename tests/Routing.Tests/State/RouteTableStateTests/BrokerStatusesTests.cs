using NameServer.Actors.Protocol;
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
    }
}
