using BenchmarkDotNet.Attributes;
using NameServer.Actors.Runtime;

namespace NameServer.Actors.Benchmarks.Runtime;

/// <summary>N Tells from one thread to one counting actor; done when the actor has counted N.</summary>
[MemoryDiagnoser]
public class TellThroughput
{
    private const int N = 1_000_000;

    private ActorSystem _system = null!;
    private IActorRef _counter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _counter = _system.ActorOf(Props.Create<Counter>(), "counter");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = N)]
    public void TellToOneActor()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _counter.Tell(new Expect(N, done));
        for (var i = 0; i < N; i++)
        {
            _counter.Tell(Ping.Instance);
        }

        done.Task.Wait();
    }

    private sealed record Expect(int Count, TaskCompletionSource Done);

    private sealed record Ping
    {
        public static readonly Ping Instance = new();
    }

    private sealed class Counter : ReceiveActor
    {
        private int _remaining;
        private TaskCompletionSource? _done;

        public Counter()
        {
            Receive<Ping>(_ =>
            {
                if (--_remaining == 0)
                {
                    _done!.SetResult();
                }
            });
            Receive<Expect>(e =>
            {
                _remaining = e.Count;
                _done = e.Done;
            });
        }
    }
}
