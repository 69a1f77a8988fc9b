using System.Collections.Concurrent;
using Akka.Actor;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// Watches broker sessions so the simulation can wait (in real time, bounded) until the sessions it expects to stop
/// (closed connections, expired brokers) have stopped; also signals every <see cref="BrokerRemoved"/> on the event
/// stream, so that waiting for a removal needs no polling interval.
/// </summary>
internal sealed class SessionWatcher : ReceiveActor
{
    public SessionWatcher(ConcurrentDictionary<IActorRef, byte> stopped, SemaphoreSlim signal, SemaphoreSlim removed)
    {
        Receive<WatchSession>(m => Context.Watch(m.Session));
        Receive<Terminated>(t =>
        {
            stopped[t.ActorRef] = 0;
            signal.Release();
        });
        Receive<BrokerRemoved>(_ => removed.Release());
    }

    public static Props Props(ConcurrentDictionary<IActorRef, byte> stopped, SemaphoreSlim signal, SemaphoreSlim removed) =>
        Akka.Actor.Props.Create(() => new SessionWatcher(stopped, signal, removed));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(BrokerRemoved));
}

/// <summary>Asks <see cref="SessionWatcher"/> to watch one session.</summary>
internal sealed record WatchSession(IActorRef Session) : INoSerializationVerificationNeeded;
