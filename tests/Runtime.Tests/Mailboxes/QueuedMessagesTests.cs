using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Mailboxes;

public sealed class QueuedMessagesTests : ActorTestKit
{
    /// <summary>Reports, for each message, whether more were waiting; "block" first waits for the gate.</summary>
    private sealed class Reporter : ReceiveActor
    {
        public Reporter(IActorRef probe, ManualResetEventSlim gate)
        {
            Receive<string>(s =>
            {
                if (s == "block")
                {
                    probe.Tell("blocked");
                    gate.Wait(TimeSpan.FromSeconds(5));
                }
                probe.Tell($"{s}:{Context.HasQueuedMessages}");
            });
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HasQueuedMessages_is_true_until_the_last_queued_message_when_messages_wait(bool bounded)
    {
        using var gate = new ManualResetEventSlim();
        var props = Props.Create(() => new Reporter(TestActor, gate));
        var actor = Sys.ActorOf(bounded ? props.WithMailbox(MailboxOptions.Bounded(10, OverflowPolicy.FailSender)) : props);

        actor.Tell("block");
        ExpectMsg("blocked");
        actor.Tell("a");
        actor.Tell("b");
        gate.Set();

        ExpectMsg("block:True");
        ExpectMsg("a:True");
        ExpectMsg("b:False");
    }

    [Fact]
    public void MailboxDepths_counts_waiting_messages_per_actor_kind_when_an_actor_is_busy()
    {
        using var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Reporter(TestActor, gate)));
        actor.Tell("block");
        ExpectMsg("blocked");
        actor.Tell("a");
        actor.Tell("b");

        Assert.Equal(2, Sys.MailboxDepths()[nameof(Reporter)]);
        Assert.Equal(1, Sys.ActorCounts()[nameof(Reporter)]);

        gate.Set();
        ExpectMsg("block:True");
        ExpectMsg("a:True");
        ExpectMsg("b:False");
        Assert.Equal(0, Sys.MailboxDepths()[nameof(Reporter)]);
        Sys.Stop(actor);
        AwaitCondition(() => !Sys.ActorCounts().ContainsKey(nameof(Reporter)));
    }
}
