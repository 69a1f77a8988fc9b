using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Actors;

public sealed class ActorCellStressTests : ActorTestKit
{
    private const int Actors = 1000;
    private const int Senders = 4;
    private const int PerSender = 250;

    private sealed record Numbered(int Sender, int Sequence);

    private sealed record Done(int Received, string? Error);

    /// <summary>Checks that each sender's sequence arrives complete, once and in order.</summary>
    private sealed class Checker : ReceiveActor
    {
        private readonly int[] _next = new int[Senders];
        private int _received;
        private string? _error;

        public Checker(IActorRef probe)
        {
            Receive<Numbered>(m =>
            {
                if (m.Sequence != _next[m.Sender])
                {
                    _error ??= $"sender {m.Sender}: expected {_next[m.Sender]} got {m.Sequence}";
                }

                _next[m.Sender] = m.Sequence + 1;
                if (++_received == Senders * PerSender)
                {
                    probe.Tell(new Done(_received, _error));
                }
            });
            Receive<string>(_ => Sender.Tell(new Done(_received, _error)));
        }
    }

    [Fact]
    public async Task Thousand_actors_receive_every_message_once_and_in_per_sender_order_from_concurrent_senders()
    {
        var checkers = Enumerable.Range(0, Actors)
            .Select(i => Sys.ActorOf(Props.Create(() => new Checker(TestActor)), $"checker-{i}"))
            .ToArray();

        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
        {
            for (var seq = 0; seq < PerSender; seq++)
            {
                foreach (var checker in checkers)
                {
                    checker.Tell(new Numbered(s, seq));
                }
            }
        }));
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));

        for (var i = 0; i < Actors; i++)
        {
            var done = ExpectMsg<Done>(timeout: TimeSpan.FromSeconds(30));
            Assert.Null(done.Error);
        }

        // Nothing extra arrived afterwards: exactly once.
        var finals = await Task.WhenAll(checkers.Select(c => c.Ask<Done>("count", TimeSpan.FromSeconds(30))));
        Assert.All(finals, f => Assert.Equal(Senders * PerSender, f.Received));
        Assert.All(finals, f => Assert.Null(f.Error));
    }

    private sealed class Idle : ReceiveActor
    {
    }

    [Fact]
    public async Task Watching_while_actors_stop_concurrently_gives_exactly_one_Terminated_each()
    {
        const int Count = 300;
        var targets = Enumerable.Range(0, Count).Select(i => Sys.ActorOf(Props.Create<Idle>(), $"idle-{i}")).ToArray();

        // Watches race with stops: each Terminated must still arrive exactly once.
        var watching = Task.Run(() =>
        {
            foreach (var target in targets)
            {
                Watch(target);
            }
        });
        var stopping = Task.Run(() =>
        {
            foreach (var target in targets.Reverse())
            {
                Sys.Stop(target);
            }
        });
        await Task.WhenAll(watching, stopping).WaitAsync(TimeSpan.FromSeconds(10));

        var terminated = TestActor.ReceiveN(Count, TimeSpan.FromSeconds(10)).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Equal(Count, terminated.Count);
        Assert.True(terminated.SetEquals(targets));
        ExpectNoMsg();
    }
}
