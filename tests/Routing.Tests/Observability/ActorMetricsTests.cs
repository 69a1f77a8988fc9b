using Akka.Actor;
using NameServer.Actors.Routing.Observability;

namespace NameServer.Actors.Routing.Tests.Observability;

/// <summary>The counting mailbox and <see cref="ActorMetrics"/>: depth and live actors per kind, dead letters.</summary>
public sealed class ActorMetricsTests : Akka.TestKit.Xunit2.TestKit
{
    public ActorMetricsTests()
        : base(RoutingConfig.Default)
    {
    }

    private ActorMetrics Metrics => ActorMetrics.Get(Sys);

    [Fact]
    public void CountingMailbox_counts_waiting_messages_and_live_actors_of_its_kind_when_an_actor_is_busy()
    {
        using var release = new ManualResetEventSlim();
        var props = Props.Create(() => new Busy(release, TestActor)).WithCountingMailbox(Sys, "kv-config");
        var busy = Sys.ActorOf(props, "busy");
        Watch(busy);

        busy.Tell("first");
        ExpectMsg("started first");
        for (var i = 0; i < 5; i++)
        {
            busy.Tell("next");
        }

        Assert.Equal(5, Metrics.MailboxDepths()["KvConfig"]);
        Assert.Equal(1, Metrics.ActorCounts()["KvConfig"]);
        release.Set();
        ReceiveN(5);
        AwaitAssert(() => Assert.Equal(0, Metrics.MailboxDepths()["KvConfig"]));

        Sys.Stop(busy);
        ExpectTerminated(busy);
        AwaitAssert(() => Assert.Equal(0, Metrics.ActorCounts()["KvConfig"]));
    }

    [Fact]
    public void WithCountingMailbox_leaves_props_unchanged_when_the_system_lacks_the_mailbox_configuration()
    {
        using var plain = ActorSystem.Create("plain");

        var props = Props.Create(() => new Busy(null!, ActorRefs.Nobody)).WithCountingMailbox(plain, "route-table");

        Assert.Equal(Deploy.NoMailboxGiven, props.Mailbox);
        Assert.Equal(RoutingConfig.MailboxId("route-table"), Props.Empty.WithCountingMailbox(Sys, "route-table").Mailbox);
    }

    [Fact]
    public void ActorMetrics_counts_dead_letters_when_messages_reach_a_stopped_actor()
    {
        var before = Metrics.DeadLetters;
        var gone = Sys.ActorOf(Props.Create(() => new Busy(null!, ActorRefs.Nobody)));
        Watch(gone);
        Sys.Stop(gone);
        ExpectTerminated(gone);

        gone.Tell("lost");
        gone.Tell("lost again");

        AwaitCondition(() => Metrics.DeadLetters >= before + 2);
    }

    /// <summary>Blocks on its first message until released (so that later ones wait in its mailbox), then echoes.</summary>
    private sealed class Busy : ReceiveActor
    {
        public Busy(ManualResetEventSlim release, IActorRef probe)
        {
            Receive<string>(m => m == "first", m =>
            {
                probe.Tell("started " + m);
                release.Wait(TimeSpan.FromSeconds(10));
            });
            Receive<string>(m => probe.Tell(m));
        }
    }
}
