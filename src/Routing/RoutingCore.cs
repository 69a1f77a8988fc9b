using Akka.Actor;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing;

/// <summary>
/// The routing layer assembled on an Akka actor system: a <see cref="NameServerRoot"/> that supervises RouteTable,
/// the broker-session supervisor, KvConfig and NamesrvConfig, plus the snapshots their readers use without a mailbox
/// hop. Configuration changes that affect routes reach RouteTable straight from NamesrvConfig.
/// </summary>
public sealed class RoutingCore : INoSerializationVerificationNeeded
{
    /// <summary>The name of the root actor under <c>/user</c> unless another is given.</summary>
    public const string DefaultName = "nameserver";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    internal RoutingCore(IActorRef root, RoutingRefs refs, RouteSnapshots routes, KvSnapshot kv, NamesrvConfigSnapshot config)
    {
        Root = root;
        RouteTable = refs.RouteTable;
        Sessions = refs.Sessions;
        KvConfig = refs.KvConfig;
        NamesrvConfig = refs.NamesrvConfig;
        Routes = routes;
        Kv = kv;
        Config = config;
    }

    /// <summary>The <see cref="NameServerRoot"/>; stopping it stops the NameServer's actors.</summary>
    public IActorRef Root { get; }

    public IActorRef RouteTable { get; }

    public IActorRef Sessions { get; }

    public IActorRef KvConfig { get; }

    public IActorRef NamesrvConfig { get; }

    public RouteSnapshots Routes { get; }

    public KvSnapshot Kv { get; }

    public NamesrvConfigSnapshot Config { get; }

    /// <summary>
    /// Starts <paramref name="props"/> beside the routing actors, as the child <paramref name="name"/> of <see cref="Root"/>
    /// (supervised by it, stopped with it); the running child when one of that name exists.
    /// </summary>
    public Task<IActorRef> StartChildAsync(string name, Props props)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(props);
        return Root.Ask<IActorRef>(new StartRootChild(name, props), StartTimeout);
    }

    /// <summary>Starts the routing actors under <paramref name="system"/>'s user guardian, as <c>/user/<paramref name="name"/></c>.</summary>
    /// <param name="settings">The routing settings (<see cref="NamesrvSettings.Default"/>, or read from a configuration).</param>
    /// <param name="kv">The KV store, loaded beforehand so that a corrupt file stops start-up (see <see cref="KvConfigFile.Load"/>).</param>
    /// <param name="config">
    /// The running configuration reported by <c>GET_NAMESRV_CONFIG</c> and changed by <c>UPDATE_NAMESRV_CONFIG</c>: it
    /// must hold every key of <paramref name="settings"/>; <see cref="NamesrvConfigState.Of"/> those alone by default.
    /// </param>
    /// <param name="persist">Write KV and configuration changes to their files (false keeps them in memory, for tests and embedding).</param>
    /// <param name="metrics">Where RouteTable records registrations, removals and scans; none by default.</param>
    /// <param name="name">The root actor's name, unique among the system's top-level actors (two NameServers in one system need two).</param>
    /// <param name="routeBodyCacheBytes">The byte budget of kept route bodies (<c>routeBodyCacheBytes</c>); null keeps every body while its route is published.</param>
    /// <remarks>
    /// The actors use the counting mailboxes of <see cref="RoutingConfig"/> when <paramref name="system"/>'s
    /// configuration has them (so that <see cref="ActorMetrics"/> counts them per kind); otherwise the default mailbox.
    /// </remarks>
    public static async Task<RoutingCore> StartAsync(
        ActorSystem system,
        NamesrvSettings settings,
        KvConfigState? kv = null,
        NamesrvConfigState? config = null,
        bool persist = true,
        RoutingMetrics? metrics = null,
        string name = DefaultName,
        long? routeBodyCacheBytes = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        // Dead letters are counted from the start.
        ActorMetrics.Get(system);
        config ??= NamesrvConfigState.Of(settings);
        var routes = new RouteSnapshots(routeBodyCacheBytes);
        var kvSnapshot = new KvSnapshot();
        var configSnapshot = new NamesrvConfigSnapshot(settings, new Dictionary<string, string>(config.Values, StringComparer.Ordinal));
        var state = new RoutingState(
            new RouteTableState(settings.ToRouteTableOptions()),
            routes,
            settings.ScanNotActiveBrokerInterval,
            metrics ?? RoutingMetrics.None,
            new ConnectionEpochs(),
            new WatchedSessions(),
            kv ?? new KvConfigState(),
            persist ? settings.KvConfigPath : null,
            kvSnapshot,
            config,
            persist ? settings.ConfigStorePath : null,
            configSnapshot,
            new RoutePublicationListeners());
        var root = system.ActorOf(NameServerRoot.Props(state).WithCountingMailbox(system, "nameserver-root"), name);
        return await OfRootAsync(root, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The routing layer headed by <paramref name="root"/>, a <see cref="NameServerRoot"/> started by
    /// <see cref="StartAsync"/> in this process: for code that holds only the root's reference, such as the listeners of
    /// an Akka.Hosting platform that find it in the actor registry.
    /// </summary>
    public static async Task<RoutingCore> OfRootAsync(IActorRef root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        return await root.Ask<RoutingCore>(GetRoutingCore.Instance, StartTimeout, cancellationToken).ConfigureAwait(false);
    }
}
