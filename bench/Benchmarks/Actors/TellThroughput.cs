using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Server;

namespace NameServer.Actors.Benchmarks.Actors;

/// <summary>
/// Akka Tell throughput on the NameServer's actor system (<see cref="NameServerActorSystem"/>: its configuration and
/// counting mailboxes): N Tells from one thread, done when the receiver has handled them all. To a plain counting
/// actor, and to RouteTable: heartbeats of a registered broker, and unchanged re-registrations of a 100-topic broker.
/// </summary>
[MemoryDiagnoser]
public class TellThroughput
{
    private const int CountingTells = 1_000_000;
    private const int Heartbeats = 100_000;
    private const int ReRegistrations = 10_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ActorSystem _system = null!;
    private IActorRef _counter = null!;
    private IActorRef _routeTable = null!;
    private RegisterBroker _reRegistration = null!;
    private BrokerHeartbeat _heartbeat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = NameServerActorSystem.Create(NullLoggerFactory.Instance);
        _counter = _system.ActorOf(Props.Create<Counter>().WithCountingMailbox(_system, "kv-config"), "counter");
        _routeTable = _system.ActorOf(
            RouteTable.Props(new RouteTableState(), new RouteSnapshots(), TimeSpan.FromMinutes(10)).WithCountingMailbox(_system, "route-table"),
            "route-table");
        var session = _system.ActorOf(BrokerSession.Props(_routeTable, 1), "session-1");
        var topics = Enumerable.Range(0, 100).Select(i => new TopicConfig($"Topic-{i}", 8, 8, Perm.ReadWrite)).ToDictionary(t => t.TopicName);
        var command = new RegisterBrokerCommand(
            "DefaultCluster", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912",
            new TopicConfigSerializeWrapper(new DataVersion(1, 1), topics), [], 1, EnableActingMaster: false);
        session.Ask<RegisterResult>(new SessionRegister(command), Timeout).GetAwaiter().GetResult();
        _reRegistration = new RegisterBroker(command, session);
        _heartbeat = new BrokerHeartbeat("DefaultCluster", "10.0.0.1:10911");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = CountingTells, Description = "Tell to a counting actor")]
    public void TellToCountingActor()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _counter.Tell(new Expect(CountingTells, done));
        for (var i = 0; i < CountingTells; i++)
        {
            _counter.Tell(Ping.Instance);
        }

        done.Task.Wait();
    }

    [Benchmark(OperationsPerInvoke = Heartbeats, Description = "Tell to RouteTable: BROKER_HEARTBEAT of a registered broker")]
    public ClusterInfo TellHeartbeatsToRouteTable()
    {
        for (var i = 0; i < Heartbeats; i++)
        {
            _routeTable.Tell(_heartbeat, ActorRefs.NoSender);
        }

        // Answered after every heartbeat before it (one sender, FIFO).
        return _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = ReRegistrations, Description = "Tell to RouteTable: unchanged re-registration, 100 topics")]
    public ClusterInfo TellReRegistrationsToRouteTable()
    {
        for (var i = 0; i < ReRegistrations; i++)
        {
            _routeTable.Tell(_reRegistration, ActorRefs.NoSender);
        }

        return _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout).GetAwaiter().GetResult();
    }

    private sealed record Expect(int Count, TaskCompletionSource Done) : INoSerializationVerificationNeeded;

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
