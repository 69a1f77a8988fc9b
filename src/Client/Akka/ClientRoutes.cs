using Akka.Actor;
using NameServer.Actors.Contracts;

namespace NameServer.Actors.Client.Akka;

/// <summary>
/// The state behind <see cref="NameServerClientActor"/>'s subscriptions, without the actor: which application actors
/// want which topics, what the NameServer in use was asked, and the route cache its <see cref="RouteChanged"/>
/// messages keep. Each operation returns what the actor must send: requests for the NameServer and
/// <see cref="TopicRouteChanged"/> notifications for subscribers.
/// </summary>
/// <remarks>
/// The cache holds the routes of wanted topics, and a null entry for a named topic known to have no route; a route
/// removed from a topic only wanted through "every topic" is dropped. After a fail-over the cache is kept, so the new
/// NameServer's current routes only notify what differs; a subscription to every topic then also learns which cached
/// routes the new NameServer no longer has (those it did not send), and drops them.
/// </remarks>
internal sealed class ClientRoutes
{
    private readonly Dictionary<IActorRef, Wanted> _subscribers = [];
    private readonly Dictionary<string, TopicRoute?> _cache = new(StringComparer.Ordinal);
    private readonly Queue<HashSet<string>?> _awaitingAnswer = new();
    private Sync? _receiving;

    // What the NameServer in use was asked (nothing while offline).
    private bool _online;
    private bool _askedAll;
    private readonly HashSet<string> _askedTopics = new(StringComparer.Ordinal);

    // Whether the current routes of every topic arrived from the NameServer in use: every absent topic has no route.
    private bool _allSynced;

    public IReadOnlyCollection<IActorRef> Subscribers => _subscribers.Keys;

    public IReadOnlyDictionary<string, TopicRoute?> Cache => _cache;

    public bool IsSubscriber(IActorRef actor) => _subscribers.ContainsKey(actor);

    /// <summary>The cached route of a topic the NameServer in use keeps the cache current for; false when unknown.</summary>
    public bool TryGetCached(string topic, out TopicRoute? route)
    {
        route = null;
        if (!_online || !(_askedAll || _askedTopics.Contains(topic)))
        {
            return false;
        }
        return _cache.TryGetValue(topic, out route) || _allSynced;
    }

    /// <summary>Adds topics (null: every topic) to a subscriber; true when it is new (to be watched).</summary>
    public bool Subscribe(IActorRef subscriber, IReadOnlyList<string>? topics, Outbox outbox)
    {
        var isNew = !_subscribers.TryGetValue(subscriber, out var wanted);
        if (wanted is null)
        {
            wanted = new Wanted();
            _subscribers.Add(subscriber, wanted);
        }
        var added = new List<string>();
        if (topics is null)
        {
            wanted.All = true;
        }
        else
        {
            added.AddRange(topics.Where(wanted.Topics.Add));
        }
        // What is known already is told at once; the rest when the NameServer sends it.
        if (topics is null)
        {
            foreach (var (topic, route) in _cache)
            {
                if (route is not null)
                {
                    outbox.Notify(subscriber, new TopicRouteChanged(topic, route));
                }
            }
        }
        else
        {
            foreach (var topic in added)
            {
                if (TryKnown(topic, out var route))
                {
                    outbox.Notify(subscriber, new TopicRouteChanged(topic, route));
                }
            }
        }
        AskForWanted(outbox);
        return isNew;
    }

    /// <summary>Removes topics (null: all) from a subscriber; true when it has none left (to be unwatched).</summary>
    public bool Unsubscribe(IActorRef subscriber, IReadOnlyList<string>? topics, Outbox outbox)
    {
        if (!_subscribers.TryGetValue(subscriber, out var wanted))
        {
            return false;
        }
        if (topics is null)
        {
            _subscribers.Remove(subscriber);
        }
        else
        {
            wanted.Topics.ExceptWith(topics);
            if (!wanted.All && wanted.Topics.Count == 0)
            {
                _subscribers.Remove(subscriber);
            }
        }
        var (wantAll, wantTopics) = WantedByAll();
        if (_online && _askedAll && !wantAll)
        {
            // "Every topic" cannot shrink to some: end it and ask for the named ones again.
            outbox.Request(new UnsubscribeRoutes());
            _askedAll = false;
            _allSynced = false;
            _askedTopics.Clear();
        }
        else if (_online && !_askedAll)
        {
            var dropped = _askedTopics.Where(t => !wantTopics.Contains(t)).ToList();
            if (dropped.Count > 0)
            {
                _askedTopics.ExceptWith(dropped);
                outbox.Request(new UnsubscribeRoutes(_askedTopics.Count == 0 ? null : dropped));
            }
        }
        foreach (var topic in _cache.Keys.Where(t => !wantAll && !wantTopics.Contains(t)).ToList())
        {
            _cache.Remove(topic);
        }
        AskForWanted(outbox);
        return !_subscribers.ContainsKey(subscriber);
    }

    /// <summary>A NameServer is in use: asks it for every wanted topic. The cache is kept to compare.</summary>
    public void Connected(Outbox outbox)
    {
        Disconnected();
        _online = true;
        AskForWanted(outbox);
    }

    /// <summary>No NameServer in use: nothing asked, no answer awaited.</summary>
    public void Disconnected()
    {
        _online = false;
        _askedAll = false;
        _allSynced = false;
        _askedTopics.Clear();
        _awaitingAnswer.Clear();
        _receiving = null;
    }

    /// <summary>The NameServer accepted the oldest subscription request; <paramref name="currentRoutes"/> routes follow.</summary>
    public void OnSubscribed(int currentRoutes, Outbox outbox)
    {
        if (!_awaitingAnswer.TryDequeue(out var scope))
        {
            return;
        }
        _receiving = new Sync(scope, Math.Max(0, currentRoutes));
        if (_receiving.Remaining == 0)
        {
            EndSync(outbox);
        }
    }

    /// <summary>The NameServer refused the oldest subscription request.</summary>
    public void OnRefused() => _awaitingAnswer.TryDequeue(out _);

    /// <summary>A route from the NameServer in use: current (just after a subscription) or changed.</summary>
    public void OnRouteChanged(string topic, TopicRoute? route, Outbox outbox)
    {
        Apply(topic, route, outbox);
        if (_receiving is { } sync)
        {
            sync.Seen.Add(topic);
            if (--sync.Remaining <= 0)
            {
                EndSync(outbox);
            }
        }
    }

    private void EndSync(Outbox outbox)
    {
        var sync = _receiving!;
        _receiving = null;
        if (sync.Scope is not null || !_askedAll)
        {
            // Named topics each came with their route or null; or "every topic" was ended before its answer came.
            return;
        }
        _allSynced = true;
        // Every current route has arrived: a cached route the NameServer did not send is gone, an unseen named topic has none.
        foreach (var (topic, route) in _cache.ToList())
        {
            if (route is not null && !sync.Seen.Contains(topic))
            {
                Apply(topic, null, outbox);
            }
        }
        var (_, wantTopics) = WantedByAll();
        foreach (var topic in wantTopics)
        {
            if (!_cache.ContainsKey(topic))
            {
                Apply(topic, null, outbox);
            }
        }
    }

    private void Apply(string topic, TopicRoute? route, Outbox outbox)
    {
        var (wantAll, wantTopics) = WantedByAll();
        var named = wantTopics.Contains(topic);
        if (!wantAll && !named)
        {
            // Late news of a topic no one wants any more.
            return;
        }
        var known = _cache.TryGetValue(topic, out var old);
        if (known && ContractRouteComparer.RoutesEqual(old, route))
        {
            return;
        }
        if (route is null)
        {
            if (named)
            {
                _cache[topic] = null;
            }
            else
            {
                _cache.Remove(topic);
            }
            if (!known || old is null)
            {
                // From unknown to none: news for named subscribers only, who are told each topic's first state.
                NotifyNamed(topic, outbox);
                return;
            }
        }
        else
        {
            _cache[topic] = route;
        }
        var change = new TopicRouteChanged(topic, route);
        foreach (var (subscriber, wanted) in _subscribers)
        {
            if (wanted.All || wanted.Topics.Contains(topic))
            {
                outbox.Notify(subscriber, change);
            }
        }
    }

    private void NotifyNamed(string topic, Outbox outbox)
    {
        var change = new TopicRouteChanged(topic, null);
        foreach (var (subscriber, wanted) in _subscribers)
        {
            if (wanted.Topics.Contains(topic))
            {
                outbox.Notify(subscriber, change);
            }
        }
    }

    private bool TryKnown(string topic, out TopicRoute? route) =>
        _cache.TryGetValue(topic, out route) || (_online && _askedAll && _allSynced);

    // Asks the NameServer in use for what is wanted and not asked yet.
    private void AskForWanted(Outbox outbox)
    {
        if (!_online)
        {
            return;
        }
        var (wantAll, wantTopics) = WantedByAll();
        if (wantAll && !_askedAll)
        {
            _askedAll = true;
            _awaitingAnswer.Enqueue(null);
            outbox.Request(new SubscribeRoutes());
            return;
        }
        if (_askedAll)
        {
            return;
        }
        var missing = wantTopics.Where(t => !_askedTopics.Contains(t)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            _askedTopics.UnionWith(missing);
            _awaitingAnswer.Enqueue(missing.ToHashSet(StringComparer.Ordinal));
            outbox.Request(new SubscribeRoutes(missing));
        }
    }

    private (bool All, HashSet<string> Topics) WantedByAll()
    {
        var all = false;
        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var wanted in _subscribers.Values)
        {
            all |= wanted.All;
            topics.UnionWith(wanted.Topics);
        }
        return (all, topics);
    }

    /// <summary>What the actor must send after an operation, in order.</summary>
    internal sealed class Outbox
    {
        public List<INameServerRequest> Requests { get; } = [];

        public List<(IActorRef Subscriber, TopicRouteChanged Change)> Notifications { get; } = [];

        public void Request(INameServerRequest request) => Requests.Add(request);

        public void Notify(IActorRef subscriber, TopicRouteChanged change) => Notifications.Add((subscriber, change));
    }

    private sealed class Wanted
    {
        public bool All { get; set; }

        public HashSet<string> Topics { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Sync(HashSet<string>? scope, int remaining)
    {
        public HashSet<string>? Scope { get; } = scope;

        public int Remaining { get; set; } = remaining;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }
}
