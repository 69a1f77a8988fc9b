using Akka.Actor;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing;

/// <summary>Asks <see cref="NameServerRoot"/> for its children. Answer: <see cref="RoutingRefs"/>.</summary>
public sealed record GetRoutingRefs
{
    private GetRoutingRefs()
    {
    }

    public static readonly GetRoutingRefs Instance = new();
}

/// <summary>
/// Asks <see cref="NameServerRoot"/> for the <see cref="RoutingCore"/> it heads: its children and the snapshots their
/// readers use, so that code holding only the root's reference (e.g. from Akka.Hosting's actor registry) can serve
/// requests. Answer: <see cref="RoutingCore"/>; local only (the snapshots are objects of this process).
/// </summary>
public sealed record GetRoutingCore : INoSerializationVerificationNeeded
{
    private GetRoutingCore()
    {
    }

    public static readonly GetRoutingCore Instance = new();
}

/// <summary>The routing actors under one <see cref="NameServerRoot"/>.</summary>
public sealed record RoutingRefs(IActorRef RouteTable, IActorRef Sessions, IActorRef KvConfig, IActorRef NamesrvConfig)
    : INoSerializationVerificationNeeded;

/// <summary>
/// Starts <paramref name="Props"/> as a child of <see cref="NameServerRoot"/> named <paramref name="Name"/>, so that a
/// part of the NameServer built in another layer (the Akka.Remote gateway) lives and is supervised beside the routing
/// actors, at <c>/user/nameserver/<paramref name="Name"/></c>. Answer: the child's <see cref="IActorRef"/> (the running
/// one when a child of that name exists).
/// </summary>
public sealed record StartRootChild(string Name, Props Props) : INoSerializationVerificationNeeded;

/// <summary>Everything a <see cref="NameServerRoot"/> hands its children; it outlives their restarts.</summary>
internal sealed record RoutingState(
    RouteTableState Routes,
    RouteSnapshots RouteSnapshots,
    TimeSpan ScanInterval,
    RoutingMetrics Metrics,
    ConnectionEpochs Epochs,
    WatchedSessions Sessions,
    KvConfigState Kv,
    string? KvPath,
    KvSnapshot KvSnapshot,
    NamesrvConfigState Config,
    string? ConfigPath,
    NamesrvConfigSnapshot ConfigSnapshot,
    RoutePublicationListeners Publications) : INoSerializationVerificationNeeded;

/// <summary>
/// The top of one NameServer's actors (<c>/user/nameserver</c> by default) and their supervisor: <c>route-table</c>
/// (<see cref="RouteTable"/>), <c>sessions</c> (<see cref="BrokerSessions"/>, which supervises one
/// <see cref="BrokerSession"/> per connection), <c>kv-config</c> (<see cref="Kv.KvConfig"/>) and
/// <c>namesrv-config</c> (<see cref="Config.NamesrvConfig"/>, wired to tell route-table its new switches), plus the
/// children other layers start beside them (<see cref="StartRootChild"/>: the Akka.Remote gateway). A child
/// that throws is restarted; its state comes through its Props, so a restart keeps the routing table, the sessions it
/// watches, the KV store and the configuration. A child whose constructor fails is stopped (Akka's default decision).
/// </summary>
internal sealed class NameServerRoot : ReceiveActor
{
    // Public: Akka creates actors through their public constructors.
    public NameServerRoot(RoutingState state)
    {
        var system = Context.System;
        // A restart of this actor keeps its children (see PreRestart): the new instance finds them by name.
        var routeTable = Child("route-table", RouteTable.Props(
                state.Routes, state.RouteSnapshots, state.ScanInterval, state.Metrics, state.Sessions, state.Publications)
            .WithCountingMailbox(system, "route-table"));
        var sessions = Child("sessions", BrokerSessions.Props(routeTable, state.Epochs).WithCountingMailbox(system, "broker-sessions"));
        var kvConfig = Child("kv-config", Kv.KvConfig.Props(state.Kv, state.KvPath, state.KvSnapshot).WithCountingMailbox(system, "kv-config"));
        var namesrvConfig = Child("namesrv-config", Config.NamesrvConfig.Props(state.Config, state.ConfigPath, state.ConfigSnapshot, routeTable)
            .WithCountingMailbox(system, "namesrv-config"));
        var refs = new RoutingRefs(routeTable, sessions, kvConfig, namesrvConfig);
        var core = new RoutingCore(Self, refs, state.RouteSnapshots, state.KvSnapshot, state.ConfigSnapshot);
        Receive<GetRoutingRefs>(_ => Sender.Tell(refs, Self));
        Receive<GetRoutingCore>(_ => Sender.Tell(core, Self));
        Receive<StartRootChild>(m =>
        {
            try
            {
                Sender.Tell(Child(m.Name, m.Props), Self);
            }
            catch (InvalidActorNameException e)
            {
                Sender.Tell(new Status.Failure(e), Self);
            }
        });
    }

    internal static Props Props(RoutingState state) => Akka.Actor.Props.Create(() => new NameServerRoot(state));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Akka.Actor.SupervisorStrategy.DefaultDecider);

    // Children are not stopped when this actor restarts: they hold the NameServer's working parts.
    protected override void PreRestart(Exception reason, object message) => PostStop();

    private static IActorRef Child(string name, Props props)
    {
        var existing = Context.Child(name);
        return existing.IsNobody() ? Context.ActorOf(props, name) : existing;
    }
}
