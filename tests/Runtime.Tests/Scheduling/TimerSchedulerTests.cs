using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Scheduling;

public sealed class TimerSchedulerTests : ActorTestKit
{
    private sealed record Start(object Key, object Message, TimeSpan Delay, TimeSpan? Interval = null);

    private sealed record CancelTimer(object Key);

    private sealed record IsActive(object Key);

    /// <summary>Starts/cancels timers on request, acknowledges with "ok", forwards ticks to the probe.</summary>
    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef probe)
        {
            Receive<Start>(s =>
            {
                if (s.Interval is { } interval)
                {
                    Context.Timers.StartPeriodicTimer(s.Key, s.Message, s.Delay, interval);
                }
                else
                {
                    Context.Timers.StartSingleTimer(s.Key, s.Message, s.Delay);
                }

                Sender.Tell("ok");
            });
            Receive<CancelTimer>(c =>
            {
                Context.Timers.Cancel(c.Key);
                Sender.Tell("ok");
            });
            Receive<IsActive>(q => Sender.Tell(Context.Timers.IsTimerActive(q.Key)));
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => probe.Tell(s));
        }
    }

    private IActorRef SpawnTimerActor() => Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)), "timers");

    private void Do(IActorRef actor, object message)
    {
        TestActor.Send(actor, message);
        ExpectMsg("ok");
    }

    [Fact]
    public void Single_timer_delivers_its_message_once_after_the_delay()
    {
        var actor = SpawnTimerActor();
        Do(actor, new Start("k", "tick", TimeSpan.FromSeconds(2)));

        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");

        TestActor.Send(actor, new IsActive("k"));
        ExpectMsg(false);
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Periodic_timer_delivers_every_interval_until_cancelled()
    {
        var actor = SpawnTimerActor();
        Do(actor, new Start("k", "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        Clock.Advance(TimeSpan.FromSeconds(3));
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        TestActor.Send(actor, new IsActive("k"));
        ExpectMsg(true);

        Do(actor, new CancelTimer("k"));
        Clock.Advance(TimeSpan.FromSeconds(3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Starting_a_timer_with_an_existing_key_replaces_it()
    {
        var actor = SpawnTimerActor();
        Do(actor, new Start("k", "old", TimeSpan.FromSeconds(1)));
        Do(actor, new Start("k", "new", TimeSpan.FromSeconds(2)));

        Clock.Advance(TimeSpan.FromSeconds(5));

        ExpectMsg("new");
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Timer_message_already_queued_is_dropped_when_the_timer_is_cancelled()
    {
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new BlockingTimerActor(TestActor, gate)), "blocking");
        ExpectMsg("started");

        // The tick gets queued while the actor is blocked; the handler then cancels the timer, so the
        // queued tick must be dropped.
        actor.Tell("block");
        ExpectMsg("blocked");
        Clock.Advance(TimeSpan.FromSeconds(1));
        gate.Set();

        ExpectMsg("cancelled");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var actor = SpawnTimerActor();
        Do(actor, new Start("a", "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Do(actor, new Start("b", "tock", TimeSpan.FromSeconds(5)));
        Watch(actor);

        Sys.Stop(actor);
        ExpectTerminated(actor);
        var deadLetters = Sys.DeadLetterCount;
        Clock.Advance(TimeSpan.FromSeconds(10));

        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, Clock.ActiveTimerCount);
        Assert.Equal(deadLetters, Sys.DeadLetterCount);
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var actor = SpawnTimerActor();
        Do(actor, new Start("a", "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        actor.Tell("boom");
        TestActor.Send(actor, new IsActive("a"));
        ExpectMsg(false);
        Clock.Advance(TimeSpan.FromSeconds(10));

        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, Clock.ActiveTimerCount);
    }

    private sealed class BlockingTimerActor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public BlockingTimerActor(IActorRef probe, ManualResetEventSlim gate)
        {
            _probe = probe;
            Receive<string>(s => s == "block", _ =>
            {
                probe.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(5));
                Context.Timers.Cancel("k");
                probe.Tell("cancelled");
            });
            Receive<string>(s => probe.Tell(s));
        }

        protected override void PreStart()
        {
            Context.Timers.StartSingleTimer("k", "tick", TimeSpan.FromSeconds(1));
            _probe.Tell("started");
        }
    }
}
