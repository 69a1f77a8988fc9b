using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Invariants of the routing state (<c>docs/BEHAVIOUR.md</c>, "State").</summary>
public class StateInvariantsTests
{
    [Fact]
    public void Broker_names_are_global_when_two_clusters_register_the_same_name()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2"), cluster: "C1"),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2"), cluster: "C2"));

        var brokerData = state.GetBrokerData("b")!;
        Assert.Equal("C1", brokerData.Cluster);
        Assert.Equal(2, brokerData.BrokerAddrs.Count);
        var info = state.GetClusterInfo();
        Assert.Single(info.BrokerAddrTable);
        Assert.Equal(["b"], info.ClusterAddrTable["C1"]);
        Assert.Equal(["b"], info.ClusterAddrTable["C2"]);
        AssertConsistent(state);
    }

    [Fact]
    public void Topics_of_a_broker_share_one_queue_data_when_their_configuration_is_equal()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), Topic("T1"), Topic("T2"), Topic("T3", queues: 8))));

        var t1 = Assert.Single(state.GetRoute("T1")!.QueueDatas);
        var t2 = Assert.Single(state.GetRoute("T2")!.QueueDatas);
        var t3 = Assert.Single(state.GetRoute("T3")!.QueueDatas);
        Assert.Same(t1, t2);
        Assert.Equal(8, t3.ReadQueueNums);
        AssertConsistent(state);
    }

    [Fact]
    public void Index_keeps_the_table_instance_of_a_name_when_brokers_send_their_own_copies()
    {
        var state = new RouteTableState();
        foreach (var broker in new[] { "b1", "b2", "b3" })
        {
            // A fresh string per registration, as decoding each body produces.
            var name = new string("Shared".AsSpan());
            Registered(state, Reg5(broker, 0, $"{broker}:1", Body(V(1), name, "Other-" + broker)));
        }

        Assert.Equal(3, state.GetRoute("Shared")!.QueueDatas.Count);
        AssertConsistent(state);
    }

    [Fact]
    public void Group_holds_an_address_under_one_id_only_when_a_slave_is_promoted()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(V(1), "T1", "T2")),
            Reg5("b", 1, "a:2", Body(V(1), "T1", "T2")));

        state.Register(Reg5("b", 0, "a:2", Body(V(2), "T1", "T2"), epoch: 2), T0);

        var addrs = state.GetBrokerData("b")!.BrokerAddrs;
        Assert.Equal(new Dictionary<long, string> { [0] = "a:2" }, addrs);
        AssertConsistent(state);
    }

    [Fact]
    public void Topic_exists_only_while_some_broker_has_queue_data_for_it()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b1", 0, "a:1", Body(V(1), "Shared", "Only1")),
            Reg5("b2", 0, "a:2", Body(V(1), "Shared", "Only2")));

        state.Unregister(Unreg("b1", 0, "a:1"));

        Assert.Equal(["Only2", "Shared"], Topics(state.GetAllTopics()));
        Assert.Null(state.GetRoute("Only1"));
        AssertConsistent(state);
    }

    [Fact]
    public void GetClusterInfo_lists_every_group_and_cluster_as_independent_copies()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b2", 0, "b2:1", Body(V(1), "T1", "T2"), cluster: "C1", zone: "z", actingMaster: true),
            Reg5("b1", 0, "b1:1", Body(V(1), "T1", "T2"), cluster: "C1"),
            Reg5("b3", 1, "b3:2", Body(V(1), "T1", "T2"), cluster: "C2"));

        var info = state.GetClusterInfo();
        state.Unregister(Unreg("b2", 0, "b2:1"));

        Assert.Equal(["b1", "b2", "b3"], info.BrokerAddrTable.Keys);
        Assert.Equal(new Protocol.Model.BrokerData("C1", "b2", new Dictionary<long, string> { [0] = "b2:1" }, true, "z"), info.BrokerAddrTable["b2"]);
        Assert.Equal(["b1", "b2"], info.ClusterAddrTable["C1"]);
        Assert.Equal(["b3"], info.ClusterAddrTable["C2"]);
    }

    [Fact]
    public void State_stays_consistent_when_brokers_churn()
    {
        var state = new RouteTableState(new RouteTableOptions(SupportActingMaster: true, DeleteTopicWithBrokerRegistration: true));
        var random = new Random(42);
        for (var step = 0; step < 300; step++)
        {
            var name = "b" + random.Next(3);
            var id = random.Next(3);
            var addr = $"10.0.0.{random.Next(6)}:10911";
            var topics = Enumerable.Range(0, random.Next(2, 6)).Select(i => $"T{random.Next(8)}").Distinct().ToArray();
            if (topics.Length < 2)
            {
                topics = ["T0", "T1"];
            }
            switch (random.Next(6))
            {
                case 0:
                    state.Unregister(Unreg(name, id, addr));
                    break;
                case 1:
                    state.OnConnectionClosed(random.Next(4));
                    break;
                case 2:
                    state.Expire(T0 + random.Next(200_000));
                    break;
                case 3:
                    state.DeleteTopic(topics[0], random.Next(2) == 0 ? null : Cluster);
                    break;
                default:
                    state.Register(Reg5(name, id, addr, Body(V(random.Next(3), random.Next(2)), topics), epoch: random.Next(4), actingMaster: random.Next(2) == 0), T0 + step);
                    break;
            }
            Assert.Empty(state.CheckInvariants());
        }
    }
}
