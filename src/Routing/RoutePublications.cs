using Akka.Actor;

namespace NameServer.Actors.Routing;

/// <summary>
/// Asks <see cref="RouteTable"/> to tell <paramref name="Listener"/> every publication (<see cref="RoutesPublished"/>)
/// from the next one on. Answer: <see cref="RoutePublicationsSubscribed"/>, after which no publication is missed:
/// one that happened before it is already in the snapshots. The listener is watched and dropped when it stops.
/// </summary>
public sealed record SubscribeRoutePublications(IActorRef Listener) : INoSerializationVerificationNeeded;

/// <summary>Answer to <see cref="SubscribeRoutePublications"/>.</summary>
public sealed record RoutePublicationsSubscribed
{
    private RoutePublicationsSubscribed()
    {
    }

    public static readonly RoutePublicationsSubscribed Instance = new();
}

/// <summary>Stops telling <paramref name="Listener"/> publications. No answer.</summary>
public sealed record UnsubscribeRoutePublications(IActorRef Listener) : INoSerializationVerificationNeeded;

/// <summary>One topic as just published: its new snapshot, or null when its route was withdrawn.</summary>
public readonly record struct PublishedRoute(string Topic, RouteSnapshot? Snapshot);

/// <summary>
/// Told to every listener after RouteTable published changed routes (one batch, see <see cref="RouteTable"/>): the
/// topics of the batch with their new snapshots, and <paramref name="Version"/>, the snapshots' version once the batch
/// was published (<see cref="RouteSnapshots.Version"/>): a reader that saw the snapshots at that version or later has
/// seen the batch. Only sent while someone listens.
/// </summary>
public sealed record RoutesPublished(IReadOnlyList<PublishedRoute> Routes, long Version) : INoSerializationVerificationNeeded;

/// <summary>
/// The listeners of a <see cref="RouteTable"/>'s publications. Only its RouteTable reads and writes it, one message at a
/// time; it lives outside the actor (handed in through Props, like the state) so that a restart keeps the listeners.
/// </summary>
public sealed class RoutePublicationListeners
{
    private readonly HashSet<IActorRef> _listeners = [];

    public int Count => _listeners.Count;

    /// <summary>False when <paramref name="listener"/> already listens.</summary>
    public bool Add(IActorRef listener) => _listeners.Add(listener);

    public bool Remove(IActorRef listener) => _listeners.Remove(listener);

    /// <summary>Tells every listener the current snapshots of <paramref name="topics"/>; nothing when none listens.</summary>
    internal void Tell(IReadOnlyCollection<string> topics, RouteSnapshots snapshots, IActorRef sender)
    {
        if (_listeners.Count == 0 || topics.Count == 0)
        {
            return;
        }
        var routes = new PublishedRoute[topics.Count];
        var i = 0;
        foreach (var topic in topics)
        {
            routes[i++] = new PublishedRoute(topic, snapshots.TryGet(topic, out var snapshot) ? snapshot : null);
        }
        var message = new RoutesPublished(routes, snapshots.Version);
        foreach (var listener in _listeners)
        {
            listener.Tell(message, sender);
        }
    }
}
