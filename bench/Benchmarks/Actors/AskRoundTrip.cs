using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Server;

namespace NameServer.Actors.Benchmarks.Actors;

/// <summary>Akka Ask latency (one at a time) and throughput (a batch of concurrent asks in flight), on the NameServer's actor system.</summary>
[MemoryDiagnoser]
public class AskRoundTrip
{
    private const int Batch = 1_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private ActorSystem _system = null!;
    private IActorRef _echo = null!;
    private Task<object>[] _tasks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = NameServerActorSystem.Create(NullLoggerFactory.Instance);
        _echo = _system.ActorOf(Props.Create<Echo>(), "echo");
        _tasks = new Task<object>[Batch];
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task<int> SequentialAsk() => _echo.Ask<int>(42, Timeout);

    [Benchmark(OperationsPerInvoke = Batch)]
    public Task ConcurrentAsks()
    {
        for (var i = 0; i < Batch; i++)
        {
            _tasks[i] = _echo.Ask(42, Timeout);
        }

        return Task.WhenAll(_tasks);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
