using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Server;

namespace NameServer.Actors.Benchmarks.Routing;

/// <summary>
/// The steady 30 s re-registration of a large broker with nothing changed: what RouteTable does per message
/// (<see cref="RouteTableState.Register"/>), and the same through the actor (ask round trip included).
/// Target (issue 3): at most 2 ms median for 10,000 topics.
/// </summary>
[MemoryDiagnoser]
public class ReRegistrationBenchmarks
{
    private RouteTableState _state = null!;
    private RegisterBrokerCommand _v5 = null!;
    private RegisterBrokerCommand _v4 = null!;
    private ActorSystem _system = null!;
    private IActorRef _routeTable = null!;
    private IActorRef _session = null!;

    [Params(10_000)]
    public int Topics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var table = Enumerable.Range(0, Topics)
            .Select(i => new TopicConfig($"Topic-{i}", 8, 8, Perm.ReadWrite))
            .ToDictionary(t => t.TopicName);
        var wrapper = new TopicConfigSerializeWrapper(new DataVersion(1_700_000_000_000, 42), table);
        _v5 = new RegisterBrokerCommand("DefaultCluster", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912", wrapper, [], 1, EnableActingMaster: false);
        _v4 = new RegisterBrokerCommand("DefaultCluster", "10.0.0.2:10911", "broker-b", 0, "10.0.0.2:10912", wrapper, [], 2);
        _state = new RouteTableState();
        _state.Register(_v5, 0);
        _state.Register(_v4, 0);

        _system = NameServerActorSystem.Create(NullLoggerFactory.Instance);
        var state = new RouteTableState();
        _routeTable = _system.ActorOf(RouteTable.Props(state, new RouteSnapshots(), TimeSpan.FromMinutes(10)).WithCountingMailbox(_system, "route-table"));
        _session = _system.ActorOf(BrokerSession.Props(_routeTable, 1).WithCountingMailbox(_system, "broker-session"));
        _session.Ask<RegisterResult>(new SessionRegister(_v5), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark(Description = "5.x broker, unchanged, RouteTableState.Register")]
    public RegisterResult Unchanged5x() => _state.Register(_v5, 1);

    [Benchmark(Description = "4.x broker, unchanged, RouteTableState.Register")]
    public RegisterResult Unchanged4x() => _state.Register(_v4, 1);

    [Benchmark(Description = "5.x broker, unchanged, through BrokerSession and RouteTable (ask)")]
    public RegisterResult UnchangedThroughActors() =>
        _session.Ask<RegisterResult>(new SessionRegister(_v5), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
}
