using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Supervision;

public sealed class SupervisorStrategyTests : ActorTestKit
{
    private sealed record Created(int Instance);

    /// <summary>Counts "inc", answers "get" with the count, throws on "boom".</summary>
    private sealed class Counter : ReceiveActor
    {
        private int _count;

        public Counter(IActorRef probe, Func<int> nextInstance)
        {
            probe.Tell(new Created(nextInstance()));
            Receive<string>(s => s == "inc", _ => _count++);
            Receive<string>(s => s == "get", _ => Sender.Tell(_count));
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
        }
    }

    /// <summary>Spawns one child and forwards every message to it.</summary>
    private sealed class Parent : ReceiveActor
    {
        public Parent(Props childProps, IActorRef probe)
        {
            var child = Context.Spawn(childProps, "child");
            probe.Tell(child);
            ReceiveAny(m => child.Tell(m, Sender));
        }
    }

    private static Props CounterProps(IActorRef probe)
    {
        var instances = 0;
        return Props.Create(() => new Counter(probe, () => Interlocked.Increment(ref instances)));
    }

    private IActorRef SpawnParent(SupervisorStrategy strategy, out IActorRef child)
    {
        var parent = Sys.ActorOf(
            Props.Create(() => new Parent(CounterProps(TestActor), TestActor)).WithSupervisorStrategy(strategy),
            "parent");
        child = ExpectMsg<IActorRef>();
        ExpectMsg(new Created(1));
        return parent;
    }

    [Fact]
    public void Resume_keeps_the_child_state_when_the_decider_says_resume()
    {
        var parent = SpawnParent(new OneForOneStrategy(_ => Directive.Resume), out _);

        foreach (var m in new[] { "inc", "inc", "boom", "inc" })
        {
            parent.Tell(m, TestActor);
        }

        parent.Tell("get", TestActor);
        ExpectMsg(3);
        ExpectNoMsg();
    }

    [Fact]
    public void Restart_creates_a_fresh_instance_and_keeps_the_mailbox_when_the_decider_says_restart()
    {
        var parent = SpawnParent(new OneForOneStrategy(_ => Directive.Restart), out var child);
        Watch(child);

        // Told back to back: the messages behind "boom" are already queued when it fails.
        foreach (var m in new[] { "inc", "inc", "boom", "inc", "get" })
        {
            parent.Tell(m, TestActor);
        }

        ExpectMsg(new Created(2));
        ExpectMsg(1);
        ExpectNoMsg();
    }

    [Fact]
    public void Stop_terminates_the_child_when_the_decider_says_stop()
    {
        var parent = SpawnParent(new OneForOneStrategy(_ => Directive.Stop), out var child);
        Watch(child);

        parent.Tell("boom");

        ExpectTerminated(child);
    }

    [Fact]
    public void Default_strategy_restarts_a_failing_top_level_actor()
    {
        var actor = Sys.ActorOf(CounterProps(TestActor), "counter");
        ExpectMsg(new Created(1));

        actor.Tell("inc");
        actor.Tell("boom");
        actor.Tell("get", TestActor);

        ExpectMsg(new Created(2));
        ExpectMsg(0);
    }

    [Fact]
    public void Default_strategy_stops_an_actor_whose_constructor_throws()
    {
        var actor = Sys.ActorOf(Props.Create<ThrowingConstructor>(), "bad");
        Watch(actor);

        ExpectTerminated(actor);
    }

    [Fact]
    public void Default_strategy_stops_an_actor_whose_PreStart_throws()
    {
        var actor = Sys.ActorOf(Props.Create<ThrowingPreStart>(), "bad");
        Watch(actor);

        ExpectTerminated(actor);
        Assert.Contains(Logs.Entries, e => e.Exception is ActorInitializationException);
    }

    [Fact]
    public void Default_strategy_stops_an_actor_that_receives_Kill()
    {
        var actor = Sys.ActorOf(CounterProps(TestActor), "counter");
        ExpectMsg(new Created(1));
        Watch(actor);

        actor.Tell(Kill.Instance);

        ExpectTerminated(actor);
        ExpectNoMsg();
    }

    [Fact]
    public void Restart_limit_stops_the_child_when_restarts_within_the_window_exceed_the_maximum()
    {
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var parent = SpawnParent(strategy, out var child);
        Watch(child);

        parent.Tell("boom");
        ExpectMsg(new Created(2));
        parent.Tell("boom");
        ExpectMsg(new Created(3));
        parent.Tell("boom");

        ExpectTerminated(child);
    }

    [Fact]
    public void Restart_limit_starts_a_new_window_when_the_previous_one_has_passed()
    {
        var strategy = new OneForOneStrategy(1, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var parent = SpawnParent(strategy, out var child);
        Watch(child);

        parent.Tell("boom");
        ExpectMsg(new Created(2));
        Clock.Advance(TimeSpan.FromMinutes(2));
        parent.Tell("boom");
        ExpectMsg(new Created(3));
        parent.Tell("boom");

        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_reaches_the_grandparent_with_the_same_exception()
    {
        var decisions = CreateTestProbe("decisions");
        var grandparentStrategy = new OneForOneStrategy(ex =>
        {
            decisions.Tell(ex);
            return Directive.Stop;
        });
        var parentProps = Props.Create(() => new Parent(CounterProps(TestActor), TestActor))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate));
        var grandparent = Sys.ActorOf(
            Props.Create(() => new Parent(parentProps, TestActor)).WithSupervisorStrategy(grandparentStrategy),
            "grandparent");
        var parent = ExpectMsg<IActorRef>();
        var child = ExpectMsg<IActorRef>();
        ExpectMsg(new Created(1));
        Watch(parent);

        grandparent.Tell("boom");

        var cause = decisions.ExpectMsg<InvalidOperationException>();
        Assert.Equal("boom", cause.Message);
        ExpectTerminated(parent);
        Assert.Equal("/user/grandparent/child/child", child.Path.ToString());
    }

    [Fact]
    public void Escalate_then_restart_of_the_parent_restarts_the_whole_subtree()
    {
        var parentProps = Props.Create(() => new Parent(CounterProps(TestActor), TestActor))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate));
        var grandparent = Sys.ActorOf(Props.Create(() => new Parent(parentProps, TestActor)), "grandparent");
        ExpectMsg<IActorRef>();
        var firstChild = ExpectMsg<IActorRef>();
        ExpectMsg(new Created(1));
        Watch(firstChild);

        grandparent.Tell("boom");

        // The default PreRestart of the parent stops the old child; the new parent spawns a new one.
        var terminatedOrChild = new List<object> { ExpectMsg<object>(), ExpectMsg<object>() };
        Assert.Contains(terminatedOrChild, m => m is Terminated t && t.ActorRef.Equals(firstChild));
        var secondChild = Assert.Single(terminatedOrChild.OfType<IActorRef>());
        Assert.NotEqual(firstChild, secondChild);
        ExpectMsg(new Created(1));
    }

    [Fact]
    public async Task Guardian_strategy_from_options_applies_to_top_level_actors()
    {
        var options = new ActorSystemOptions { Time = Clock, GuardianStrategy = SupervisorStrategy.StoppingStrategy };
        await using var system = ActorSystem.Create("guarded", options);
        var actor = system.ActorOf(CounterProps(TestActor), "counter");
        ExpectMsg(new Created(1));
        TestProbe probe = new(system);
        probe.Watch(actor);

        actor.Tell("boom");

        probe.ExpectTerminated(actor);
    }

    [Fact]
    public async Task Escalation_from_the_guardian_terminates_the_system()
    {
        var options = new ActorSystemOptions { Time = Clock, GuardianStrategy = new OneForOneStrategy(_ => Directive.Escalate) };
        var system = ActorSystem.Create("escalating", options);
        var actor = system.ActorOf(CounterProps(TestActor), "counter");
        ExpectMsg(new Created(1));

        actor.Tell("boom");

        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void OneForOneStrategy_rejects_a_negative_window_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OneForOneStrategy(1, TimeSpan.FromSeconds(-1), _ => Directive.Stop));
        Assert.Contains("time range", error.Message);
    }

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor() => throw new InvalidOperationException("cannot build");
    }

    private sealed class ThrowingPreStart : ReceiveActor
    {
        protected override void PreStart() => throw new InvalidOperationException("cannot start");
    }
}
