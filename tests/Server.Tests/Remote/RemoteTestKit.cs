using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Contracts;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>
/// A NameServer with Akka.Remote on (127.0.0.1, a free port) and, as the test kit's own system, a client actor system
/// with the contract's configuration on another free port: two systems talking over Akka.Remote.
/// </summary>
public abstract class RemoteTestKit : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    /// <summary>Failure detection the tests configure on every system: a lost peer is noticed within <see cref="FailureDetectionTime"/>.</summary>
    public const string FailureDetection = """
        # The heartbeats and the reaper run on Akka's scheduler, so each fires up to one tick late: reference.conf's
        # 250ms tick (chosen for idle CPU) would add up to half a second to the detection time. A deployment that wants
        # fast detection lowers it too (docs/AKKA-REMOTE.md); these systems use Akka's own 10ms.
        akka.scheduler.tick-duration = 10ms
        akka.remote.watch-failure-detector {
          heartbeat-interval = 200ms
          acceptable-heartbeat-pause = 1s
          expected-response-after = 200ms
          unreachable-nodes-reaper-interval = 100ms
          threshold = 10.0
          # A floor above the heartbeats' own spread on a busy machine, so that the detection time follows the configuration.
          min-std-deviation = 200ms
        }
        akka.remote.transport-failure-detector {
          heartbeat-interval = 200ms
          acceptable-heartbeat-pause = 2s
        }
        """;

    /// <summary>
    /// Heartbeat pause plus a heartbeat and a reaper tick: the bound for a stopped system, whose actors' termination
    /// reaches their watchers before its remoting shuts down (so well within this).
    /// </summary>
    public static readonly TimeSpan FailureDetectionTime = TimeSpan.FromMilliseconds(1000 + 200 + 100);

    /// <summary>
    /// When the watch failure detector gives up on a peer that went silent without closing, counted from the last
    /// heartbeat answered: phi reaches the threshold (10) about 5.8 standard deviations after the expected heartbeat
    /// (interval plus acceptable pause); the standard deviation is at least min-std-deviation (200 ms), and the
    /// heartbeats' measured mean and spread add to it on a busy machine, so the bound takes it 8 times; then a reaper
    /// tick, each up to one scheduler tick late. 200 + 1000 + 8 × 200 + 100 + 2 × 10 ms (measured: 2.4 to 2.7 s).
    /// </summary>
    public static readonly TimeSpan SilentPeerDetectionTime = TimeSpan.FromMilliseconds(200 + 1000 + (8 * 200) + 100 + (2 * 10));

    /// <summary>Akka.Remote on loopback, a free port, short failure detection.</summary>
    public const string RemoteOnLoopback = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = INFO
        """ + "\n" + FailureDetection;

    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    protected RemoteTestKit(ITestOutputHelper? output = null, string clientConfig = "")
        : base(ClientConfig(clientConfig), "client", output)
    {
    }

    protected NameServerService Server { get; private set; } = null!;

    /// <summary>The server's log, Akka's events included (through the NameServer's logger).</summary>
    protected ILoggerFactory ServerLogs { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Where the server's gateway is, as a client writes it.</summary>
    protected string GatewayAddress => NameServerContracts.GatewayAddress("127.0.0.1", ServerAddress.Port!.Value, ServerUsesTls);

    protected Address ServerAddress => ((ExtendedActorSystem)Server.ActorSystem).Provider.DefaultAddress;

    protected virtual bool ServerUsesTls => false;

    protected ActorSelection Gateway => Sys.ActorSelection(GatewayAddress);

    /// <summary>The server's settings: <see cref="TestSettings.Loopback"/> with remoting on; a test class adds to them.</summary>
    protected virtual NameServerSettings Settings() => WithRemoting(TestSettings.Loopback);

    /// <summary><paramref name="settings"/> with Akka.Remote on loopback, a free port, short failure detection, and <paramref name="extra"/> over it.</summary>
    public static NameServerSettings WithRemoting(NameServerSettings settings, string extra = "") => settings with
    {
        Akka = NameServerActorSystem.Configure(
            ConfigurationFactory.ParseString(extra + "\n" + RemoteOnLoopback).WithFallback(settings.Akka)),
    };

    public static Config ClientConfig(string extra = "") =>
        ConfigurationFactory.ParseString(extra + "\n" + RemoteOnLoopback).WithFallback(NameServerContracts.Config);

    public virtual async Task InitializeAsync()
    {
        Server = new NameServerService(Settings(), ServerLogs, persist: false);
        await Server.StartAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Asks the gateway, as a remote client does.</summary>
    protected Task<T> AskAsync<T>(INameServerRequest request) => Gateway.Ask<T>(request, Timeout);

    /// <summary>Another actor system with remoting on, for brokers written on Akka (stopped by the test or at the end).</summary>
    protected ActorSystem StartSystem(string name, string extra = "")
    {
        var system = ActorSystem.Create(name, ClientConfig(extra).WithFallback(Sys.Settings.Config));
        _systems.Add(system);
        return system;
    }

    /// <summary>An actor system with remoting on and nothing else of the test kit's or the contract's configuration but <paramref name="config"/>.</summary>
    protected ActorSystem StartBareSystem(string name, string config)
    {
        var system = ActorSystem.Create(name, ConfigurationFactory.ParseString(config + "\n" + RemoteOnLoopback));
        _systems.Add(system);
        return system;
    }

    private readonly List<ActorSystem> _systems = [];

    protected override void AfterAll()
    {
        foreach (var system in _systems)
        {
            system.Terminate().Wait(Timeout);
        }
        base.AfterAll();
    }
}

/// <summary>An actor that forwards everything it gets to <c>target</c>: a broker or subscriber living in another actor system.</summary>
internal sealed class Forwarder : ReceiveActor
{
    public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));

    public static Props Props(IActorRef target) => Akka.Actor.Props.Create(() => new Forwarder(target));
}
