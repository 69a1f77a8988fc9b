using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary><c>WIPE_WRITE_PERM_OF_BROKER</c> / <c>ADD_WRITE_PERM_OF_BROKER</c> (<c>RouteInfoManager.wipeWritePermOfBrokerByLock</c>, <c>addWritePermOfBrokerByLock</c>; <c>docs/BEHAVIOUR.md</c>, "Other route requests").</summary>
public class WritePermTests
{
    private static RouteTableState State() =>
        Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:1", Body(
                V(1),
                Topic("RW", perm: Perm.ReadWrite),
                Topic("R", perm: Perm.Read),
                Topic("Inherit", perm: Perm.ReadWrite | Perm.Inherit),
                Topic("Priority", perm: Perm.Priority | Perm.Read | Perm.Write))),
            Reg5("other", 0, "o:1", Body(V(1), "RW", "X")));

    [Fact]
    public void WipeWritePerm_clears_only_the_write_bit_and_counts_every_topic_of_the_broker()
    {
        var state = State();

        var result = state.WipeWritePerm("b");

        Assert.Equal(4, result.TopicCount);
        Assert.Equal(Perm.Read, state.GetQueueData("RW", "b")!.Perm);
        Assert.Equal(Perm.Read, state.GetQueueData("R", "b")!.Perm);
        Assert.Equal(Perm.Read | Perm.Inherit, state.GetQueueData("Inherit", "b")!.Perm);
        Assert.Equal(Perm.Priority | Perm.Read, state.GetQueueData("Priority", "b")!.Perm);
        Assert.Equal(Perm.ReadWrite, state.GetQueueData("RW", "other")!.Perm);
        Assert.Equal(new HashSet<string> { "RW", "Inherit", "Priority" }, result.Changes.Topics);
    }

    [Fact]
    public void AddWritePerm_sets_perm_to_exactly_six_when_topics_had_other_bits()
    {
        var state = State();
        state.WipeWritePerm("b");

        var result = state.AddWritePerm("b");

        Assert.Equal(4, result.TopicCount);
        foreach (var topic in new[] { "RW", "R", "Inherit", "Priority" })
        {
            Assert.Equal(6, state.GetQueueData(topic, "b")!.Perm);
        }
    }

    [Fact]
    public void AddWritePerm_counts_topics_that_already_had_perm_six()
    {
        var state = State();

        var result = state.AddWritePerm("b");

        Assert.Equal(4, result.TopicCount);
        Assert.DoesNotContain("RW", result.Changes.Topics);
    }

    [Fact]
    public void WipeWritePerm_counts_zero_when_broker_is_unknown()
    {
        var state = State();

        var result = state.WipeWritePerm("nobody");

        Assert.Equal(0, result.TopicCount);
        Assert.True(result.Changes.IsEmpty);
    }

    [Fact]
    public void WipeWritePerm_is_undone_when_broker_registers_a_new_data_version()
    {
        var state = State();
        state.WipeWritePerm("b");

        state.Register(Reg5("b", 0, "a:1", Body(V(2), "RW", "R")), T0);

        Assert.Equal(Perm.ReadWrite, state.GetQueueData("RW", "b")!.Perm);
        Assert.Equal(Perm.Read | Perm.Inherit, state.GetQueueData("Inherit", "b")!.Perm);
    }
}
