using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Actors;

public sealed class ReceiveActorTests : ActorTestKit
{
    /// <summary>"happy"/"angry" switch behaviours; "push"/"pop" stack them; "mood" asks the current one.</summary>
    private sealed class Moody : ReceiveActor
    {
        public Moody()
        {
            Calm();
        }

        private void Calm()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("calm"));
            Receive<string>(s => s == "angry", _ => Become(Angry));
            Receive<string>(s => s == "push", _ => BecomeStacked(Excited));
        }

        private void Angry()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("angry"));
            Receive<string>(s => s == "calm", _ => Become(Calm));
        }

        private void Excited()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("excited"));
            Receive<string>(s => s == "pop", _ => UnbecomeStacked());
        }
    }

    /// <summary>An async handler that waits for a gate, then replies to the original sender.</summary>
    private sealed class Gated : ReceiveActor
    {
        public Gated(Task gate, IActorRef probe)
        {
            ReceiveAsync<int>(async n =>
            {
                probe.Tell($"start {n}");
                await gate;
                Sender.Tell($"end {n}");
            });
            Receive<string>(s => probe.Tell(s));
        }
    }

    private sealed class GatedWithPostStop : ReceiveActor
    {
        private readonly IActorRef _probe;

        public GatedWithPostStop(Task gate, IActorRef probe)
        {
            _probe = probe;
            ReceiveAsync<int>(async n =>
            {
                probe.Tell($"start {n}");
                await gate;
                probe.Tell($"end {n}");
            });
        }

        protected override void PostStop() => _probe.Tell("PostStop");
    }

    private sealed class Typed : ReceiveActor
    {
        public Typed(IActorRef probe)
        {
            Receive<int>(i => i > 10, i => probe.Tell($"big {i}"));
            Receive<int>(i => probe.Tell($"int {i}"));
            Receive<string>(s => probe.Tell($"string {s}"));
            ReceiveAny(o => probe.Tell($"any {o}"));
        }
    }

    private sealed class OnlyInts : ReceiveActor
    {
        public OnlyInts()
        {
            Receive<int>(_ => { });
            Receive<string>(_ => Receive<int>(_ => { }));
        }
    }

    private sealed class FailingAsync : ReceiveActor
    {
        public FailingAsync(IActorRef probe)
        {
            probe.Tell("created");
            ReceiveAsync<string>(async s =>
            {
                await Task.Yield();
                throw new InvalidOperationException(s);
            });
            Receive<int>(i => probe.Tell(i));
        }
    }

    [Fact]
    public void Handlers_match_in_registration_order_with_predicates_and_a_catch_all()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Typed(TestActor)));

        actor.Tell(42);
        actor.Tell(1);
        actor.Tell("x");
        actor.Tell(2.5);

        ExpectMsg("big 42");
        ExpectMsg("int 1");
        ExpectMsg("string x");
        ExpectMsg("any 2.5");
    }

    [Fact]
    public void Become_replaces_the_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());

        TestActor.Send(actor, "mood");
        ExpectMsg("calm");
        TestActor.Send(actor, "angry");
        TestActor.Send(actor, "mood");
        ExpectMsg("angry");
        TestActor.Send(actor, "calm");
        TestActor.Send(actor, "mood");
        ExpectMsg("calm");
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_return_to_the_previous_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());

        TestActor.Send(actor, "push");
        TestActor.Send(actor, "mood");
        ExpectMsg("excited");
        TestActor.Send(actor, "pop");
        TestActor.Send(actor, "mood");
        ExpectMsg("calm");
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(listener);
        var actor = Sys.ActorOf(Props.Create<Moody>(), "moody");

        TestActor.Send(actor, 123);

        var unhandled = listener.ExpectMsg<UnhandledMessage>();
        Assert.Equal(123, unhandled.Message);
        Assert.Same(TestActor, unhandled.Sender);
        Assert.Same(actor, unhandled.Recipient);
    }

    [Fact]
    public void ReceiveAsync_processes_no_other_message_until_the_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new Gated(gate.Task, TestActor)));

        TestActor.Send(actor, 1);
        TestActor.Send(actor, "after");
        ExpectMsg("start 1");
        ExpectNoMsg();

        gate.SetResult();

        ExpectMsg("end 1");
        Assert.Same(actor, TestActor.LastSender);
        ExpectMsg("after");
    }

    [Fact]
    public void ReceiveAsync_delays_a_stop_until_the_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new GatedWithPostStop(gate.Task, TestActor)));
        actor.Tell(1);
        ExpectMsg("start 1");

        Sys.Stop(actor);
        ExpectNoMsg();
        gate.SetResult();

        ExpectMsg("end 1");
        ExpectMsg("PostStop");
    }

    [Fact]
    public void ReceiveAsync_failure_is_supervised_like_a_synchronous_one()
    {
        var actor = Sys.ActorOf(Props.Create(() => new FailingAsync(TestActor)));
        ExpectMsg("created");

        actor.Tell("boom");
        actor.Tell(7);

        ExpectMsg("created");
        ExpectMsg(7);
    }

    [Fact]
    public void Registering_a_handler_outside_the_constructor_fails_the_actor_with_a_clear_error()
    {
        var actor = Sys.ActorOf(Props.Create<OnlyInts>(), "late");

        actor.Tell("register now");

        AwaitAssert(() => Assert.Contains(
            Logs.Entries,
            e => e.Exception is InvalidOperationException ex && ex.Message.Contains("constructor", StringComparison.Ordinal)));
    }
}
