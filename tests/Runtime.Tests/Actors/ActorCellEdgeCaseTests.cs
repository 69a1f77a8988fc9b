using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Actors;

public sealed class ActorCellEdgeCaseTests : ActorTestKit
{
    private sealed class ThrowingPostStop : ReceiveActor
    {
        protected override void PostStop() => throw new InvalidOperationException("PostStop broke");
    }

    private sealed class SelfStopper : ReceiveActor
    {
        private readonly IActorRef _probe;

        public SelfStopper(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "stop", _ =>
            {
                Context.Stop(Self);
                probe.Tell("stopping");
            });
            Receive<string>(s => probe.Tell(s));
        }

        protected override void PostStop() => _probe.Tell("PostStop");
    }

    /// <summary>Keeps its children across restarts (PreRestart does not stop them).</summary>
    private sealed class KeepsChildren : ReceiveActor
    {
        public KeepsChildren(IActorRef probe)
        {
            if (Context.Child("kept") is null)
            {
                probe.Tell(Context.Spawn(Props.Create<Quiet>(), "kept"));
            }

            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "children", _ => Sender.Tell(Context.Children.Count));
        }

        protected override void PreRestart(Exception reason, object? message)
        {
        }
    }

    private sealed class Quiet : ReceiveActor
    {
    }

    private sealed class WatchesWithoutHandler : ReceiveActor
    {
        public WatchesWithoutHandler()
        {
            Receive<IActorRef>(target =>
            {
                Context.Watch(target);
                Context.Watch(Self);
                Sender.Tell("watching");
            });
        }
    }

    private sealed class SlowToStopParent : ReceiveActor
    {
        public SlowToStopParent(IActorRef probe)
        {
            Context.Spawn(Props.Create(() => new FailsInPostStopChild(probe)), "child");
        }
    }

    private sealed class FailsInPostStopChild : ReceiveActor
    {
        private readonly IActorRef _probe;

        public FailsInPostStopChild(IActorRef probe)
        {
            _probe = probe;
        }

        protected override void PostStop()
        {
            _probe.Tell("child PostStop");
            throw new InvalidOperationException("child PostStop broke");
        }
    }

    [Fact]
    public void Tell_with_a_null_message_fails_clearly_and_the_actor_keeps_working()
    {
        var actor = Sys.ActorOf(Props.Create(() => new SelfStopper(TestActor)), "target");

        Assert.Throws<ArgumentNullException>(() => actor.Tell(null!));
        Assert.Throws<ArgumentNullException>(() => Sys.DeadLetters.Tell(null!));
        actor.Tell("still here");

        ExpectMsg("still here");
    }

    [Fact]
    public void Termination_completes_and_watchers_are_told_when_PostStop_throws()
    {
        var actor = Sys.ActorOf(Props.Create<ThrowingPostStop>(), "broken");
        Watch(actor);

        Sys.Stop(actor);

        ExpectTerminated(actor);
        AwaitAssert(() => Assert.Contains(Logs.Entries, e => e.Message.Contains("PostStop of /user/broken threw", StringComparison.Ordinal)));
    }

    [Fact]
    public void Stopping_self_inside_a_handler_finishes_the_handler_then_dead_letters_the_rest()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var actor = Sys.ActorOf(Props.Create(() => new SelfStopper(TestActor)), "self-stopper");

        actor.Tell("stop");
        actor.Tell("after");

        ExpectMsg("stopping");
        ExpectMsg("PostStop");
        ExpectNoMsg();
        Assert.Equal("after", deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Messages_told_before_creation_finishes_are_delivered_in_order()
    {
        var actor = Sys.ActorOf(Props.Create(() => new SelfStopper(TestActor)), "early");

        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < 100; i++)
        {
            ExpectMsg(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Children_survive_a_restart_when_PreRestart_keeps_them()
    {
        var actor = Sys.ActorOf(Props.Create(() => new KeepsChildren(TestActor)), "keeper");
        var kept = ExpectMsg<IActorRef>();
        Watch(kept);

        actor.Tell("boom");
        TestActor.Send(actor, "children");

        ExpectMsg(1);
        ExpectNoMsg();
    }

    [Fact]
    public void Unhandled_Terminated_is_published_and_watching_self_is_ignored()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(listener);
        var watcher = Sys.ActorOf(Props.Create<WatchesWithoutHandler>(), "watcher");
        var target = Sys.ActorOf(Props.Create<Quiet>(), "target");
        TestActor.Send(watcher, target);
        ExpectMsg("watching");

        Sys.Stop(target);

        var unhandled = listener.ExpectMsg<UnhandledMessage>();
        Assert.Equal(new Terminated(target), unhandled.Message);
        listener.ExpectNoMsg();
    }

    [Fact]
    public async Task Shutdown_completes_when_a_child_PostStop_throws()
    {
        Sys.ActorOf(Props.Create(() => new SlowToStopParent(TestActor)), "parent");

        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

        ExpectMsg("child PostStop");
    }

    [Fact]
    public void Stop_of_an_actor_that_failed_and_awaits_its_supervisor_still_completes()
    {
        var gate = new ManualResetEventSlim();
        var parent = Sys.ActorOf(Props.Create(() => new BlockingParent(gate, TestActor)), "blocking-parent");
        var child = ExpectMsg<IActorRef>();
        Watch(child);

        // The child fails while its parent is busy; then the parent is stopped before deciding.
        child.Tell("boom");
        TestActor.Send(parent, "block");
        ExpectMsg("blocked");
        Sys.Stop(parent);
        gate.Set();

        ExpectTerminated(child);
    }

    private sealed class BlockingParent : ReceiveActor
    {
        public BlockingParent(ManualResetEventSlim gate, IActorRef probe)
        {
            probe.Tell(Context.Spawn(Props.Create<Boom>(), "child"));
            Receive<string>(s => s == "block", _ =>
            {
                Sender.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(5));
            });
        }
    }

    private sealed class Boom : ReceiveActor
    {
        public Boom() => Receive<string>(_ => throw new InvalidOperationException("boom"));
    }
}
