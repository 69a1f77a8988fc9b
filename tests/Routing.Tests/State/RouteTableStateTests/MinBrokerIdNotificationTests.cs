using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>notifyMinBrokerIdChanged</c> (<c>docs/BEHAVIOUR.md</c>, "Minimum broker id notifications").</summary>
public class MinBrokerIdNotificationTests
{
    private static readonly RouteTableOptions Notify = new(NotifyMinBrokerIdChanged: true);

    [Fact]
    public void Register_notifies_every_other_member_when_a_lower_id_joins()
    {
        var state = Registered(
            new RouteTableState(Notify),
            Reg5("b", 1, "a:1", Body(V(1), "T1", "T2"), actingMaster: true),
            Reg5("b", 2, "a:2", Body(V(1), "T1", "T2"), actingMaster: true));

        var result = state.Register(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"), actingMaster: true), T0);

        Assert.Equal(
            [new MinBrokerIdChangeNotification("a:1", 0, "a:0", null, HaOf("a:0")),
             new MinBrokerIdChangeNotification("a:2", 0, "a:0", null, HaOf("a:0"))],
            result.Notifications);
    }

    [Fact]
    public void Register_notifies_nobody_when_the_new_id_is_not_lower()
    {
        var state = Registered(new RouteTableState(Notify), Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")));

        Assert.Empty(state.Register(Reg5("b", 1, "a:1", Body(V(1), "T1", "T2")), T0).Notifications);
    }

    [Fact]
    public void Register_notifies_nobody_when_the_first_member_registers()
    {
        Assert.Empty(new RouteTableState(Notify).Register(Reg5("b", 3, "a:3", Body(V(1), "T1", "T2")), T0).Notifications);
    }

    [Fact]
    public void Register_notifies_the_only_member_when_it_replaces_itself_with_a_lower_id()
    {
        var state = Registered(new RouteTableState(Notify), Reg5("b", 1, "a:1", Body(V(1), "T1", "T2")));

        var result = state.Register(Reg5("b", 0, "a:1", Body(V(2), "T1", "T2")), T0);

        Assert.Equal([new MinBrokerIdChangeNotification("a:1", 0, "a:1", null, HaOf("a:1"))], result.Notifications);
    }

    [Fact]
    public void Register_notifies_nobody_when_the_option_is_off()
    {
        var state = Registered(new RouteTableState(), Reg5("b", 1, "a:1", Body(V(1), "T1", "T2")));

        Assert.Empty(state.Register(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")), T0).Notifications);
    }

    [Fact]
    public void Unregister_notifies_remaining_members_when_the_minimum_of_an_acting_master_group_leaves()
    {
        var state = Registered(
            new RouteTableState(Notify),
            Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"), actingMaster: true),
            Reg5("b", 1, "a:1", Body(V(1), "T1", "T2"), actingMaster: true),
            Reg5("b", 2, "a:2", Body(V(1), "T1", "T2"), actingMaster: true));

        var result = state.Unregister(Unreg("b", 0, "a:0"));

        Assert.Equal(
            [new MinBrokerIdChangeNotification("a:1", 1, "a:1", "a:0", null),
             new MinBrokerIdChangeNotification("a:2", 1, "a:1", "a:0", null)],
            result.Notifications);
    }

    [Fact]
    public void Unregister_notifies_nobody_when_the_group_does_not_enable_acting_master()
    {
        var state = Registered(
            new RouteTableState(Notify),
            Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")),
            Reg5("b", 1, "a:1", Body(V(1), "T1", "T2")));

        Assert.Empty(state.Unregister(Unreg("b", 0, "a:0")).Notifications);
    }

    [Fact]
    public void Unregister_notifies_nobody_when_a_non_minimum_member_leaves()
    {
        var state = Registered(
            new RouteTableState(Notify),
            Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"), actingMaster: true),
            Reg5("b", 1, "a:1", Body(V(1), "T1", "T2"), actingMaster: true));

        Assert.Empty(state.Unregister(Unreg("b", 1, "a:1")).Notifications);
    }

    [Fact]
    public void Unregister_notifies_nobody_when_the_last_member_leaves()
    {
        var state = Registered(new RouteTableState(Notify), Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"), actingMaster: true));

        Assert.Empty(state.Unregister(Unreg("b", 0, "a:0")).Notifications);
    }

    [Fact]
    public void OnConnectionClosed_notifies_remaining_members_when_the_acting_master_minimum_disconnects()
    {
        var state = Registered(
            new RouteTableState(Notify),
            Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"), actingMaster: true, epoch: 10),
            Reg5("b", 1, "a:1", Body(V(1), "T1", "T2"), actingMaster: true, epoch: 11));

        var result = state.OnConnectionClosed(10);

        Assert.Equal([new MinBrokerIdChangeNotification("a:1", 1, "a:1", "a:0", null)], result.Notifications);
    }
}
