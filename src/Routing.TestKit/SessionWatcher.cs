using System.Collections.Concurrent;
using NameServer.Actors.Runtime;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// Watches broker sessions so the simulation can wait (in real time, bounded) until the sessions it expects to stop
/// (closed connections, expired brokers) have stopped.
/// </summary>
internal sealed class SessionWatcher : ReceiveActor
{
    public SessionWatcher(ConcurrentDictionary<IActorRef, byte> stopped, SemaphoreSlim signal)
    {
        Receive<WatchSession>(m => Context.Watch(m.Session));
        Receive<Terminated>(t =>
        {
            stopped[t.ActorRef] = 0;
            signal.Release();
        });
    }

    public static Props Props(ConcurrentDictionary<IActorRef, byte> stopped, SemaphoreSlim signal) =>
        Runtime.Props.Create(() => new SessionWatcher(stopped, signal));
}

/// <summary>Asks <see cref="SessionWatcher"/> to watch one session.</summary>
internal sealed record WatchSession(IActorRef Session);
