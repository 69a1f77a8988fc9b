using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using NameServer.Actors.Contracts;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Remote;

/// <summary>
/// The Akka message contract on a NameServer's actor system: the configuration the system needs for it and the one
/// call that starts its gateway beside the routing actors, made by <see cref="NameServerActors.StartAsync"/> (so by
/// <see cref="NameServerService"/> and by Akka.Hosting's <c>WithNameServer</c> alike).
/// </summary>
/// <remarks>
/// The gateway runs whether or not Akka.Remote is on: with <c>akka.actor.provider = local</c> the platform's own actors
/// in the same system use the contract without serialization; with <c>remote</c> the same actor answers other
/// processes at <see cref="NameServerContracts.GatewayPath"/>. What makes remoting safe (no .NET type names read from
/// the network, untrusted mode, loopback, TLS) is configuration, in <c>hocon/reference.conf</c>'s <c>akka</c> section.
/// </remarks>
public static class NameServerRemoting
{
    /// <summary>The gateway's name under the NameServer's root actor (<c>/user/nameserver/gateway</c>).</summary>
    public const string GatewayName = "gateway";

    /// <summary>
    /// What the NameServer's actor system needs for the contract, as a fallback of its configuration: the contract's
    /// serializer and bindings (<see cref="NameServerContracts.Config"/>).
    /// </summary>
    public static Config Config => NameServerContracts.Config;

    /// <summary>
    /// Starts the gateway as the child <see cref="GatewayName"/> of <paramref name="core"/>'s root, so it is supervised
    /// and stopped with the NameServer's actors; the running one when it exists. Logs where remote clients reach it
    /// when Akka.Remote is on.
    /// </summary>
    /// <param name="system">The system <paramref name="core"/> runs in.</param>
    /// <param name="core">The NameServer's routing actors.</param>
    /// <param name="authorizer">The authorizer of the TCP listener, so that both transports decide alike.</param>
    /// <param name="server">Request timeout and request limits, as on TCP.</param>
    public static async Task<IActorRef> StartGatewayAsync(ActorSystem system, RoutingCore core, AdminAuthorizer authorizer, ServerSettings server)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(server);
        var props = NameServerGateway.Props(core, authorizer, server).WithCountingMailbox(system, "nameserver-gateway");
        var gateway = await core.StartChildAsync(GatewayName, props).ConfigureAwait(false);
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        if (address.HasGlobalScope)
        {
            system.Log.Info("Akka.Remote gateway listening at {0}", gateway.Path.ToStringWithAddress(address));
        }
        return gateway;
    }

    /// <summary>The gateway <see cref="NameServerActors.StartAsync"/> started beside <paramref name="core"/>.</summary>
    /// <exception cref="ActorNotFoundException">No gateway runs under <paramref name="core"/>'s root.</exception>
    public static Task<IActorRef> GatewayOfAsync(RoutingCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        return new ActorSelection(core.Root, GatewayName).ResolveOne(TimeSpan.FromSeconds(30));
    }
}
