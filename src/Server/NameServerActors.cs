using Akka.Actor;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Remote;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server;

/// <summary>
/// Starts one NameServer's actors on an actor system, from its <see cref="NameServerSettings"/>: the routing actors
/// (<see cref="RoutingCore"/>, root <c>/user/nameserver</c>), the gateway of the Akka message contract
/// (<see cref="NameServerGateway"/>, <c>/user/nameserver/gateway</c>, reached from other processes when Akka.Remote is
/// on) and <c>/user/min-broker-id-notifier</c>. The one start-up
/// path of the actors, whichever system they run on: <see cref="NameServerService"/> calls it on the system it creates,
/// <c>WithNameServer</c> (Akka.Hosting) on a platform's.
/// </summary>
public static class NameServerActors
{
    /// <summary>The name of the <see cref="MinBrokerIdNotifier"/> under <c>/user</c>.</summary>
    public const string MinBrokerIdNotifierName = "min-broker-id-notifier";

    /// <summary>Starts the actors on <paramref name="system"/> and returns the routing layer once they run.</summary>
    /// <param name="metrics">Where RouteTable records registrations, removals and scans (the listeners' instruments, on the same meter); none by default.</param>
    /// <param name="persist">Load the KV file and write KV and configuration changes to their files; false keeps them in memory (tests).</param>
    /// <param name="log">Where a setting that is accepted but not supported is reported.</param>
    /// <exception cref="KvConfigFileException">The KV file is unusable; it is left as it is, and no actor has been started.</exception>
    public static async Task<RoutingCore> StartAsync(
        ActorSystem system,
        NameServerSettings settings,
        NameServerMetrics? metrics = null,
        bool persist = true,
        ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var namesrv = settings.Namesrv;
        // A corrupt KV file stops start-up here, before any actor runs, instead of being overwritten later.
        var kv = persist ? KvConfigFile.Load(namesrv.KvConfigPath) : new KvConfigState();
        if (namesrv.EnableControllerInNamesrv)
        {
            log?.LogWarning("enableControllerInNamesrv=true is not supported by this NameServer; the controller is not started");
        }
        var core = await RoutingCore.StartAsync(
            system, namesrv, kv, settings.ToConfigState(), persist, metrics?.Routing, routeBodyCacheBytes: settings.Server.RouteBodyCacheBytes).ConfigureAwait(false);
        system.ActorOf(MinBrokerIdNotifier.Props().WithCountingMailbox(system, MinBrokerIdNotifierName), MinBrokerIdNotifierName);
        // The authorizer is made from the same settings as the TCP listener's, so both transports decide alike.
        await NameServerRemoting.StartGatewayAsync(system, core, new AdminAuthorizer(settings.Security), settings.Server).ConfigureAwait(false);
        return core;
    }
}
