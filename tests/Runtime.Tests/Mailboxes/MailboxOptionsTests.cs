using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Mailboxes;

public sealed class MailboxOptionsTests : ActorTestKit
{
    /// <summary>"block" reports "blocked" and waits for the gate; other strings are reported.</summary>
    private sealed class Blocking : ReceiveActor
    {
        public Blocking(IActorRef probe, ManualResetEventSlim gate)
        {
            Receive<string>(s => s == "block", _ =>
            {
                probe.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(5));
            });
            Receive<string>(s => probe.Tell(s));
        }
    }

    private IActorRef SpawnBlocked(OverflowPolicy policy, ManualResetEventSlim gate)
    {
        var actor = Sys.ActorOf(
            Props.Create(() => new Blocking(TestActor, gate)).WithMailbox(MailboxOptions.Bounded(2, policy)),
            "bounded");
        actor.Tell("block");
        ExpectMsg("blocked");
        return actor;
    }

    [Fact]
    public void Bounded_mailbox_drops_to_dead_letters_when_full()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        using var gate = new ManualResetEventSlim();
        var actor = SpawnBlocked(OverflowPolicy.DropToDeadLetters, gate);

        Assert.True(actor.TryTell("1"));
        Assert.True(actor.TryTell("2"));
        Assert.False(actor.TryTell("3"));
        actor.Tell("4", TestActor);

        Assert.Equal("3", deadLetters.ExpectMsg<DeadLetter>().Message);
        Assert.Equal("4", deadLetters.ExpectMsg<DeadLetter>().Message);
        gate.Set();
        ExpectMsg("1");
        ExpectMsg("2");
        ExpectNoMsg();
    }

    [Fact]
    public void Bounded_mailbox_fails_the_sender_when_full()
    {
        using var gate = new ManualResetEventSlim();
        var actor = SpawnBlocked(OverflowPolicy.FailSender, gate);
        actor.Tell("1");
        actor.Tell("2");

        TestActor.Send(actor, "3");

        var failure = ExpectMsg<Status.Failure>();
        var error = Assert.IsType<MailboxFullException>(failure.Cause);
        Assert.Contains("/user/bounded", error.Message);
        Assert.Same(actor, TestActor.LastSender);
        gate.Set();
        ExpectMsg("1");
        ExpectMsg("2");
    }

    [Fact]
    public async Task Bounded_mailbox_faults_an_Ask_at_once_when_full()
    {
        using var gate = new ManualResetEventSlim();
        var actor = SpawnBlocked(OverflowPolicy.FailSender, gate);
        actor.Tell("1");
        actor.Tell("2");

        var task = actor.Ask<string>("3", TimeSpan.FromMinutes(1));

        Assert.True(task.IsCompleted);
        await Assert.ThrowsAsync<MailboxFullException>(() => task);
        gate.Set();
    }

    [Fact]
    public void Stop_is_not_held_up_by_a_full_mailbox()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        using var gate = new ManualResetEventSlim();
        var actor = SpawnBlocked(OverflowPolicy.DropToDeadLetters, gate);
        actor.Tell("1");
        actor.Tell("2");
        Watch(actor);

        Sys.Stop(actor);
        gate.Set();

        // The stop overtakes the queued user messages, which become dead letters.
        ExpectTerminated(actor);
        Assert.Equal("1", deadLetters.ExpectMsg<DeadLetter>().Message);
        Assert.Equal("2", deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Bounded_rejects_a_capacity_below_one()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MailboxOptions.Bounded(0, OverflowPolicy.FailSender));
        Assert.Contains("capacity", error.Message);
    }
}
