using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing;

/// <summary>A registration as a connection hands it to its session; the session stamps its own connection epoch on it.</summary>
public sealed record SessionRegister(RegisterBrokerCommand Command);

/// <summary>An unchanged registration (<see cref="RefreshRegistration"/>) as a connection hands it to its session, which stamps its epoch.</summary>
public sealed record SessionRefresh(BrokerLiveKey Key, UInt128 Fingerprint) : INoSerializationVerificationNeeded;

/// <summary>The connection behind a session has closed (socket closed, reset or idle): the session stops.</summary>
public sealed record ConnectionClosed
{
    private ConnectionClosed()
    {
    }

    public static readonly ConnectionClosed Instance = new();
}

/// <summary>
/// One connection's actor. It forwards the connection's broker traffic to RouteTable, stamping registrations with
/// its connection epoch, so that RouteTable can tell this connection's registrations from a newer connection's.
/// When the connection ends the session stops, and RouteTable (which watches it) learns that through death watch.
/// A session opened for an actor instead of a socket (a broker written on Akka, over Akka.Remote) watches that actor:
/// when it stops, or its actor system is lost (stopped, association lost, quarantined), the session stops, which
/// RouteTable sees exactly as a closed connection.
/// </summary>
public sealed class BrokerSession : ReceiveActor
{
    private readonly IActorRef _routeTable;
    private readonly long _epoch;
    private readonly Action<string>? _closeConnection;
    private readonly IActorRef? _peer;

    public BrokerSession(IActorRef routeTable, long epoch, Action<string>? closeConnection, IActorRef? peer = null)
    {
        _routeTable = routeTable;
        _epoch = epoch;
        _closeConnection = closeConnection;
        _peer = peer;

        // The one way a registration reaches RouteTable from a connection: stamped with this session's epoch.
        Receive<SessionRegister>(m => _routeTable.Tell(new RegisterBroker(m.Command with { ConnectionEpoch = _epoch }, Self), Sender));
        // RouteTable's own message, which names its session and epoch itself: a session never passes one on, or a
        // sender could register a broker under another connection's epoch.
        Receive<SessionRefresh>(m => _routeTable.Tell(new RefreshRegistration(m.Key, m.Fingerprint, _epoch, Self), Sender));
        Receive<RegisterBroker>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException(
            "A session takes a registration as SessionRegister, which it stamps with its own epoch."))));
        Receive<RefreshRegistration>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException(
            "A session takes an unchanged registration as SessionRefresh, which it stamps with its own epoch."))));
        Receive<CloseConnection>(m =>
        {
            Context.GetLogger().Info("Closing connection {Epoch}: {Reason}", _epoch, m.Reason);
            _closeConnection?.Invoke(m.Reason);
            Context.Stop(Self);
        });
        Receive<ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Terminated>(m => m.ActorRef.Equals(_peer), m =>
        {
            Context.GetLogger().Info(
                "Broker actor {Peer} of connection {Epoch} terminated ({Cause}); closing the session",
                m.ActorRef.Path, _epoch, m.AddressTerminated ? "its actor system is unreachable" : "stopped");
            Context.Stop(Self);
        });
        Receive<IRouteCommand>(m => _routeTable.Tell(m, Sender));
        Receive<IRouteQuery>(m => _routeTable.Tell(m, Sender));
    }

    public long Epoch => _epoch;

    /// <param name="peer">The actor the session stands for, watched (see the class remarks); null for a TCP connection.</param>
    public static Props Props(IActorRef routeTable, long epoch, Action<string>? closeConnection = null, IActorRef? peer = null) =>
        Akka.Actor.Props.Create(() => new BrokerSession(routeTable, epoch, closeConnection, peer));

    // Also after a restart (watching twice is harmless).
    protected override void PreStart()
    {
        if (_peer is not null)
        {
            Context.Watch(_peer);
        }
    }
}

/// <summary>Opens a session for a new connection. Answer: <see cref="SessionOpened"/>.</summary>
/// <param name="CloseConnection">Called (on the session's thread) when the NameServer decides to drop the connection.</param>
/// <param name="Peer">The broker's own actor when the "connection" is an actor (Akka.Remote): the session watches it and stops when it terminates.</param>
public sealed record OpenSession(Action<string>? CloseConnection = null, IActorRef? Peer = null) : INoSerializationVerificationNeeded;

/// <summary>Answer to <see cref="OpenSession"/>.</summary>
public sealed record SessionOpened(IActorRef Session, long Epoch) : INoSerializationVerificationNeeded;

/// <summary>Hands out connection epochs: strictly increasing, never reused, also across restarts of the supervisor.</summary>
public sealed class ConnectionEpochs
{
    private long _last;

    public long Next() => Interlocked.Increment(ref _last);
}

/// <summary>
/// Parent and supervisor of every <see cref="BrokerSession"/>. A session that throws is restarted (it holds nothing
/// but its epoch), a few times at most; then it is stopped, which RouteTable sees as a closed connection. Sessions run
/// on the counting mailbox <c>broker-session</c> when the system's configuration has it (<see cref="RoutingConfig"/>).
/// </summary>
public sealed class BrokerSessions : ReceiveActor
{
    private readonly IActorRef _routeTable;
    private readonly ConnectionEpochs _epochs;

    public BrokerSessions(IActorRef routeTable, ConnectionEpochs epochs)
    {
        _routeTable = routeTable;
        _epochs = epochs;
        var system = Context.System;
        Receive<OpenSession>(m =>
        {
            var epoch = _epochs.Next();
            var props = BrokerSession.Props(_routeTable, epoch, m.CloseConnection, m.Peer).WithCountingMailbox(system, "broker-session");
            var session = Context.ActorOf(props, "session-" + epoch);
            Sender.Tell(new SessionOpened(session, epoch), Self);
        });
    }

    /// <param name="epochs">Handed in, so that a restart of this supervisor never hands out an epoch twice.</param>
    public static Props Props(IActorRef routeTable, ConnectionEpochs epochs) =>
        Akka.Actor.Props.Create(() => new BrokerSessions(routeTable, epochs));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(3, TimeSpan.FromMinutes(1), _ => Directive.Restart);
}
