using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Unit topic lists (311/312/313), "first QueueData" = smallest broker name (<c>RouteInfoManager.getUnitTopics</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class UnitTopicListTests
{
    private static RouteTableState State() =>
        Registered(
            new RouteTableState(),
            Reg5("a", 0, "a:1", Body(
                V(1),
                Topic("Plain"),
                Topic("Unit", sysFlag: TopicSysFlag.Unit),
                Topic("Sub", sysFlag: TopicSysFlag.UnitSub),
                Topic("Both", sysFlag: TopicSysFlag.Unit | TopicSysFlag.UnitSub),
                Topic("FirstDecides"))),
            // "z" sorts after "a": its flags never count for topics that "a" also serves.
            Reg5("z", 0, "z:1", Body(V(1), Topic("FirstDecides", sysFlag: TopicSysFlag.Unit), Topic("OnlyZ", sysFlag: TopicSysFlag.UnitSub))));

    [Fact]
    public void GetUnitTopics_lists_topics_whose_first_queue_data_has_the_unit_flag()
    {
        Assert.Equal(["Both", "Unit"], Topics(State().GetUnitTopics()));
    }

    [Fact]
    public void GetHasUnitSubTopics_lists_topics_whose_first_queue_data_has_the_unit_sub_flag()
    {
        Assert.Equal(["Both", "OnlyZ", "Sub"], Topics(State().GetHasUnitSubTopics()));
    }

    [Fact]
    public void GetHasUnitSubUnUnitTopics_lists_unit_sub_topics_when_the_unit_flag_is_absent()
    {
        Assert.Equal(["OnlyZ", "Sub"], Topics(State().GetHasUnitSubUnUnitTopics()));
    }

    [Fact]
    public void Unit_lists_are_empty_when_nothing_is_registered()
    {
        var state = new RouteTableState();

        Assert.Empty(state.GetUnitTopics().Topics);
        Assert.Empty(state.GetHasUnitSubTopics().Topics);
        Assert.Empty(state.GetHasUnitSubUnUnitTopics().Topics);
    }
}
