using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Runtime;

namespace NameServer.Actors.Routing;

/// <summary>
/// The routing layer assembled on an actor system: RouteTable, the broker-session supervisor, KvConfig and
/// NamesrvConfig, plus the snapshots their readers use without a mailbox hop. Configuration changes that affect routes
/// reach RouteTable through the event stream.
/// </summary>
public sealed class RoutingCore
{
    private RoutingCore(
        IActorRef routeTable,
        IActorRef sessions,
        IActorRef kvConfig,
        IActorRef namesrvConfig,
        RouteSnapshots routes,
        KvSnapshot kv,
        NamesrvConfigSnapshot config)
    {
        RouteTable = routeTable;
        Sessions = sessions;
        KvConfig = kvConfig;
        NamesrvConfig = namesrvConfig;
        Routes = routes;
        Kv = kv;
        Config = config;
    }

    public IActorRef RouteTable { get; }

    public IActorRef Sessions { get; }

    public IActorRef KvConfig { get; }

    public IActorRef NamesrvConfig { get; }

    public RouteSnapshots Routes { get; }

    public KvSnapshot Kv { get; }

    public NamesrvConfigSnapshot Config { get; }

    /// <summary>Starts the routing actors under <paramref name="system"/>'s user guardian.</summary>
    /// <param name="kv">The KV store, loaded beforehand so that a corrupt file stops start-up (see <see cref="KvConfigFile.Load"/>).</param>
    /// <param name="configValues">Every running configuration key, Java-named, including server keys; defaults to <paramref name="options"/>' own keys.</param>
    /// <param name="persist">Write KV and configuration changes to their files (false keeps them in memory, for tests and embedding).</param>
    /// <param name="schema">Keys an update may change and their kinds; defaults to <see cref="NamesrvOptions.Schema"/>.</param>
    /// <param name="metrics">Where RouteTable records registrations, removals and scans; none by default.</param>
    public static RoutingCore Start(
        ActorSystem system,
        NamesrvOptions options,
        KvConfigState? kv = null,
        IEnumerable<KeyValuePair<string, string>>? configValues = null,
        bool persist = true,
        IReadOnlyDictionary<string, ConfigValueKind>? schema = null,
        RoutingMetrics? metrics = null)
    {
        var routes = new RouteSnapshots();
        var kvSnapshot = new KvSnapshot();
        var configSnapshot = new NamesrvConfigSnapshot();
        var state = new RouteTableState(options.ToRouteTableOptions());
        var routeTable = system.ActorOf(Routing.RouteTable.Props(state, routes, options.ScanNotActiveBrokerInterval, metrics), "route-table");
        var sessions = system.ActorOf(BrokerSessions.Props(routeTable, new ConnectionEpochs()), "sessions");
        var kvConfig = system.ActorOf(
            Routing.Kv.KvConfig.Props(kv ?? new KvConfigState(), persist ? options.KvConfigPath : null, kvSnapshot), "kv-config");
        var configState = new NamesrvConfigState(configValues ?? options.ToProperties(), schema ?? NamesrvOptions.Schema);
        var namesrvConfig = system.ActorOf(
            Routing.Config.NamesrvConfig.Props(configState, persist ? options.ConfigStorePath : null, configSnapshot), "namesrv-config");
        system.EventStream.Subscribe<NamesrvConfigChanged>(system.ActorOf(ConfigToRoutes.Props(routeTable), "config-to-routes"));
        return new RoutingCore(routeTable, sessions, kvConfig, namesrvConfig, routes, kvSnapshot, configSnapshot);
    }

    /// <summary>Turns configuration updates into new RouteTable switches.</summary>
    private sealed class ConfigToRoutes : ReceiveActor
    {
        public ConfigToRoutes(IActorRef routeTable) =>
            Receive<NamesrvConfigChanged>(m => routeTable.Tell(new UpdateRouteTableOptions(NamesrvOptions.RouteTableOptionsFrom(m.Values))));

        public static Props Props(IActorRef routeTable) => Runtime.Props.Create(() => new ConfigToRoutes(routeTable));
    }
}
