using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Contracts;
using NameServer.Actors.Routing;

namespace NameServer.Actors.Server.Remote;

/// <summary>
/// The route-change subscribers of one NameServer (the gateway's child <c>route-subscriptions</c>): it answers
/// <see cref="SubscribeRoutes"/> and <see cref="UnsubscribeRoutes"/> (forwarded by the gateway with the subscriber as
/// sender), watches every subscriber, and turns RouteTable's publications into <see cref="RouteChanged"/> messages.
/// </summary>
/// <remarks>
/// <para>RouteTable tells it publications only while it has subscribers: the first subscriber makes it ask
/// (<see cref="SubscribeRoutePublications"/>), and requests wait (stashed, in order) until RouteTable has confirmed,
/// so from then on no publication is missed. The last one leaving, or dying, makes it stop listening.</para>
/// <para>A new subscriber gets the current routes read from the snapshots; publications already on their way from
/// RouteTable at that moment are older than or equal to what it read, and are skipped for it by version, so a
/// subscriber never sees a topic go back to an older route.</para>
/// </remarks>
internal sealed class RouteSubscriptions : ReceiveActor, IWithUnboundedStash
{
    private readonly IActorRef _routeTable;
    private readonly RouteSnapshots _routes;
    private readonly Dictionary<IActorRef, Subscriber> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Listening _listening;

    public RouteSubscriptions(IActorRef routeTable, RouteSnapshots routes)
    {
        _routeTable = routeTable;
        _routes = routes;
        Receive<SubscribeRoutes>(m => Subscribe(Sender, m.Topics));
        Receive<UnsubscribeRoutes>(m =>
        {
            if (_listening == Listening.Asked)
            {
                Stash.Stash();
                return;
            }
            Unsubscribe(Sender, m.Topics, answer: true);
        });
        Receive<Terminated>(m =>
        {
            Unsubscribe(m.ActorRef, null, answer: false);
            _log.Info("Route subscriber {0} terminated and dropped; {1} subscribers left", m.ActorRef.Path, _subscribers.Count);
        });
        Receive<RoutePublicationsSubscribed>(_ => OnListening());
        Receive<RoutesPublished>(OnPublished);
    }

    private enum Listening
    {
        No,
        Asked,
        Yes,
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(IActorRef routeTable, RouteSnapshots routes) =>
        Akka.Actor.Props.Create(() => new RouteSubscriptions(routeTable, routes));

    private void Subscribe(IActorRef subscriber, IReadOnlyList<string>? topics)
    {
        if (subscriber.IsNobody() || subscriber.Equals(Context.System.DeadLetters))
        {
            _log.Warning("Ignored a route subscription without a sender: subscribe with Tell(message, subscriber)");
            return;
        }
        if (topics is not null && topics.Any(string.IsNullOrEmpty))
        {
            subscriber.Tell(new NameServerError(NameServerErrorCodes.SystemError, "a subscribed topic is empty"), Self);
            return;
        }
        if (_listening == Listening.Yes)
        {
            Answer(subscriber, topics);
            return;
        }
        Stash.Stash();
        if (_listening == Listening.No)
        {
            _listening = Listening.Asked;
            _routeTable.Tell(new SubscribeRoutePublications(Self), Self);
        }
    }

    private void OnListening()
    {
        _listening = Listening.Yes;
        Stash.UnstashAll();
    }

    // Adds the topics, then sends the current routes of those asked, read now.
    private void Answer(IActorRef subscriber, IReadOnlyList<string>? topics)
    {
        if (!_subscribers.TryGetValue(subscriber, out var subscription))
        {
            subscription = new Subscriber();
            _subscribers.Add(subscriber, subscription);
            Context.Watch(subscriber);
        }
        var readAt = _routes.Version;
        var current = new List<RouteChanged>();
        if (topics is null)
        {
            subscription.All = true;
            foreach (var topic in _routes.Topics.Order(StringComparer.Ordinal))
            {
                if (_routes.TryGet(topic, out var snapshot))
                {
                    current.Add(new RouteChanged(topic, ContractMapping.ToContract(snapshot)));
                }
            }
            subscription.Windows.Add(new ReadWindow(readAt, null));
        }
        else
        {
            var asked = topics.ToHashSet(StringComparer.Ordinal);
            subscription.Topics.UnionWith(asked);
            foreach (var topic in asked.Order(StringComparer.Ordinal))
            {
                current.Add(new RouteChanged(topic, _routes.TryGet(topic, out var snapshot) ? ContractMapping.ToContract(snapshot) : null));
            }
            subscription.Windows.Add(new ReadWindow(readAt, asked));
        }
        subscriber.Tell(new RoutesSubscribed(current.Count), Self);
        foreach (var change in current)
        {
            subscriber.Tell(change, Self);
        }
    }

    private void Unsubscribe(IActorRef subscriber, IReadOnlyList<string>? topics, bool answer)
    {
        var still = false;
        if (_subscribers.TryGetValue(subscriber, out var subscription))
        {
            if (topics is not null)
            {
                subscription.Topics.ExceptWith(topics);
            }
            still = topics is not null && (subscription.All || subscription.Topics.Count > 0);
            if (!still)
            {
                _subscribers.Remove(subscriber);
                Context.Unwatch(subscriber);
            }
        }
        if (answer)
        {
            subscriber.Tell(new RoutesUnsubscribed(still), Self);
        }
        StopListeningIfAlone();
    }

    // Nothing is listened to for nobody.
    private void StopListeningIfAlone()
    {
        if (_listening == Listening.Yes && _subscribers.Count == 0)
        {
            _listening = Listening.No;
            _routeTable.Tell(new UnsubscribeRoutePublications(Self), Self);
        }
    }

    private void OnPublished(RoutesPublished published)
    {
        // Before the confirmation, publications come from an earlier listening period: every subscriber waits in the stash.
        if (_listening != Listening.Yes)
        {
            return;
        }
        foreach (var (topic, snapshot) in published.Routes)
        {
            var version = snapshot?.Version ?? published.Version;
            RouteChanged? change = null;
            foreach (var (subscriber, subscription) in _subscribers)
            {
                if (subscription.Wants(topic) && !subscription.HasSeen(topic, version))
                {
                    change ??= new RouteChanged(topic, snapshot is null ? null : ContractMapping.ToContract(snapshot));
                    subscriber.Tell(change, Self);
                }
            }
        }
        foreach (var subscription in _subscribers.Values)
        {
            subscription.Windows.RemoveAll(w => w.Version < published.Version);
        }
    }

    /// <summary>The snapshots' version when a subscriber was sent the current routes of some topics (null: all).</summary>
    private readonly record struct ReadWindow(long Version, HashSet<string>? Topics);

    private sealed class Subscriber
    {
        public bool All { get; set; }

        public HashSet<string> Topics { get; } = new(StringComparer.Ordinal);

        // Reads whose publications may still be on their way; dropped once a later batch arrives.
        public List<ReadWindow> Windows { get; } = [];

        public bool Wants(string topic) => All || Topics.Contains(topic);

        public bool HasSeen(string topic, long version)
        {
            foreach (var window in Windows)
            {
                if (version <= window.Version && (window.Topics is null || window.Topics.Contains(topic)))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
