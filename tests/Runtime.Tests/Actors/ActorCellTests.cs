using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Actors;

public sealed class ActorCellTests : ActorTestKit
{
    /// <summary>Reports every lifecycle hook to the probe as "hook#instance".</summary>
    private sealed class Lifecycle : ReceiveActor
    {
        private static int _instances;
        private readonly IActorRef _probe;
        private readonly int _instance;

        public Lifecycle(IActorRef probe)
        {
            _probe = probe;
            _instance = Interlocked.Increment(ref _instances);
            Report("ctor");
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
        }

        internal static void ResetCount() => _instances = 0;

        protected override void PreStart() => Report("PreStart");

        protected override void PostStop() => Report("PostStop");

        protected override void PreRestart(Exception reason, object? message)
        {
            Report($"PreRestart({message})");
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            Report("PostRestart");
            base.PostRestart(reason);
        }

        private void Report(string hook) => _probe.Tell($"{hook}#{_instance}");
    }

    /// <summary>Spawns children on request and answers questions about them.</summary>
    private sealed class Spawner : ReceiveActor
    {
        public Spawner()
        {
            Receive<string>(name => Sender.Tell(Context.Spawn(Props.Create<Silent>(), name == "auto" ? null : name)));
            Receive<Query>(q => Sender.Tell(q.Name is null
                ? Context.Children.Select(c => c.Name).Order().ToArray()
                : (object?)Context.Child(q.Name) ?? "none"));
        }
    }

    private sealed record Query(string? Name);

    private sealed class Silent : ReceiveActor
    {
    }

    /// <summary>Reports PostStop with its name; spawns the given child names.</summary>
    private sealed class Tree : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Tree(IActorRef probe, string[] children)
        {
            _probe = probe;
            foreach (var child in children)
            {
                Context.Spawn(Props.Create(() => new Tree(probe, [])), child);
            }

            Receive<string>(s => s == "ping", _ => Sender.Tell("pong"));
        }

        protected override void PostStop() => _probe.Tell("stopped " + Self.Path);
    }

    /// <summary>Watches whatever it is told to and reports Terminated to the probe.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe)
        {
            Receive<IActorRef>(target =>
            {
                Context.Watch(target);
                Context.Watch(target);
                Sender.Tell("watching");
            });
            Receive<StopWatching>(u =>
            {
                Context.Unwatch(u.Target);
                Sender.Tell("unwatched");
            });
            Receive<Terminated>(t => probe.Tell(t));
        }
    }

    private sealed record StopWatching(IActorRef Target);

    [Fact]
    public void Lifecycle_hooks_run_in_Akka_order_across_restart_and_stop()
    {
        Lifecycle.ResetCount();
        var actor = Sys.ActorOf(Props.Create(() => new Lifecycle(TestActor)), "lifecycle");
        ExpectMsg("ctor#1");
        ExpectMsg("PreStart#1");

        actor.Tell("boom");
        ExpectMsg("PreRestart(boom)#1");
        ExpectMsg("PostStop#1");
        ExpectMsg("ctor#2");
        ExpectMsg("PostRestart#2");
        ExpectMsg("PreStart#2");

        Sys.Stop(actor);
        ExpectMsg("PostStop#2");
        ExpectNoMsg();
    }

    [Fact]
    public void Children_are_found_by_name_and_listed()
    {
        var spawner = Sys.ActorOf(Props.Create<Spawner>(), "spawner");
        TestActor.Send(spawner, "a");
        var a = ExpectMsg<IActorRef>();
        TestActor.Send(spawner, "b");
        ExpectMsg<IActorRef>();

        TestActor.Send(spawner, new Query("a"));
        Assert.Same(a, ExpectMsg<IActorRef>());
        TestActor.Send(spawner, new Query("zzz"));
        ExpectMsg("none");
        TestActor.Send(spawner, new Query(null));
        Assert.Equal(["a", "b"], ExpectMsg<string[]>());
        Assert.Equal("/user/spawner/a", a.Path.ToString());
    }

    [Fact]
    public void Spawn_generates_dollar_names_when_no_name_is_given()
    {
        var first = Sys.ActorOf(Props.Create<Silent>());
        var second = Sys.ActorOf(Props.Create<Silent>());

        Assert.Equal("$a", first.Name);
        Assert.Equal("$b", second.Name);
    }

    [Fact]
    public void ActorOf_throws_when_the_name_is_already_taken_by_a_sibling()
    {
        Sys.ActorOf(Props.Create<Silent>(), "same");

        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Silent>(), "same"));
        Assert.Contains("not unique", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    [InlineData("with space")]
    public void ActorOf_rejects_an_invalid_name_with_a_clear_error(string name)
    {
        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Silent>(), name));
        Assert.Contains("name", error.Message);
    }

    [Fact]
    public void A_name_can_be_reused_after_the_actor_stopped_and_gives_a_different_ref()
    {
        var first = Sys.ActorOf(Props.Create<Silent>(), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        IActorRef? second = null;
        AwaitAssert(() => second = Sys.ActorOf(Props.Create<Silent>(), "reused"));

        Assert.NotEqual(first, second);
        Assert.Equal(first.Path, second!.Path);
    }

    [Fact]
    public void Creating_an_actor_with_new_outside_Props_fails_clearly()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Silent());
        Assert.Contains("Props", error.Message);
    }

    [Fact]
    public void PoisonPill_stops_the_actor_after_the_messages_queued_before_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Tree(TestActor, [])), "tree");
        Watch(actor);

        TestActor.Send(actor, "ping");
        TestActor.Send(actor, PoisonPill.Instance);
        TestActor.Send(actor, "ping");

        ExpectMsg("pong");
        ExpectMsg("stopped /user/tree");
        ExpectTerminated(actor);
        ExpectNoMsg();
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Tree(TestActor, ["c1", "c2"])), "p");
        Watch(parent);

        Sys.Stop(parent);

        var first = new[] { ExpectMsg<string>(), ExpectMsg<string>() }.Order().ToArray();
        Assert.Equal(["stopped /user/p/c1", "stopped /user/p/c2"], first);
        ExpectMsg("stopped /user/p");
        ExpectTerminated(parent);
    }

    [Fact]
    public void Terminated_arrives_exactly_once_when_a_watched_actor_stops()
    {
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        Watch(target);
        Watch(target);

        Sys.Stop(target);

        ExpectTerminated(target);
        ExpectNoMsg();
    }

    [Fact]
    public void Terminated_arrives_at_once_when_watching_an_actor_that_is_already_dead()
    {
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        var first = CreateTestProbe();
        first.Watch(target);
        Sys.Stop(target);
        first.ExpectTerminated(target);

        Watch(target);

        ExpectTerminated(target);
        ExpectNoMsg();
    }

    [Fact]
    public void Unwatch_prevents_the_Terminated_message()
    {
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        Watch(target);
        Unwatch(target);

        Sys.Stop(target);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Actor_watching_twice_receives_exactly_one_Terminated_when_the_target_stops()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)), "watcher");
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        TestActor.Send(watcher, target);
        ExpectMsg("watching");

        Sys.Stop(target);

        Assert.Equal(target, ExpectMsg<Terminated>().ActorRef);
        ExpectNoMsg();
    }

    [Fact]
    public void Actor_that_unwatches_receives_no_Terminated()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)), "watcher");
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        TestActor.Send(watcher, target);
        ExpectMsg("watching");
        TestActor.Send(watcher, new StopWatching(target));
        ExpectMsg("unwatched");

        Sys.Stop(target);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Actor_watching_a_dead_actor_receives_Terminated_at_once()
    {
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)), "watcher");

        TestActor.Send(watcher, target);

        ExpectMsg("watching");
        Assert.Equal(target, ExpectMsg<Terminated>().ActorRef);
        ExpectNoMsg();
    }

    [Fact]
    public void Terminated_arrives_when_the_watched_actor_is_stopped_by_its_supervisor()
    {
        var target = Sys.ActorOf(Props.Create<ThrowingPreStart>(), "failing");
        Watch(target);

        ExpectTerminated(target);
    }

    [Fact]
    public void Messages_to_a_stopped_actor_go_to_dead_letters()
    {
        var deadLetters = CreateTestProbe("dead");
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var target = Sys.ActorOf(Props.Create<Silent>(), "target");
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);

        target.Tell("hello", TestActor);

        var dead = deadLetters.ExpectMsg<DeadLetter>();
        Assert.Equal("hello", dead.Message);
        Assert.Same(TestActor, dead.Sender);
        Assert.Same(target, dead.Recipient);
        Assert.False(target.TryTell("again"));
        Assert.Equal(2, Sys.DeadLetterCount);
        Assert.Contains(Logs.Entries, e => e.Message.StartsWith("Dead letter #2: String", StringComparison.Ordinal));
    }

    [Fact]
    public void Context_Sender_is_dead_letters_when_the_message_has_no_sender()
    {
        var actor = Sys.ActorOf(Props.Create(() => new SenderReporter(TestActor)), "reporter");

        actor.Tell("who", ActorRefs.NoSender);

        Assert.Same(Sys.DeadLetters, ExpectMsg<IActorRef>());
    }

    private sealed class SenderReporter : ReceiveActor
    {
        public SenderReporter(IActorRef probe) => ReceiveAny(_ => probe.Tell(Sender));
    }

    private sealed class ThrowingPreStart : ReceiveActor
    {
        protected override void PreStart() => throw new InvalidOperationException("cannot start");
    }
}
