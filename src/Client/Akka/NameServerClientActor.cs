using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Contracts;

namespace NameServer.Actors.Client.Akka;

/// <summary>
/// An application's link to its NameServers over Akka (Akka.Remote, or the same actor system): it uses one
/// NameServer's gateway at a time, in the order of <see cref="NameServerAkkaClientSettings.Gateways"/>, and moves to
/// the next when the one in use stops, its association is lost (the gateway is watched), a query times out or it
/// answers nonsense. Route subscriptions (<see cref="SubscribeTopicRoutes"/>) are kept in a route cache fed by the
/// NameServer's <see cref="RouteChanged"/> pushes, re-subscribed on the next NameServer after a fail-over, and handed
/// to the subscribed actors as <see cref="TopicRouteChanged"/>.
/// </summary>
/// <remarks>
/// <para>Queries: send <see cref="GetRoute"/>, <see cref="GetClusterInfo"/>, <see cref="GetTopicList"/>,
/// <see cref="GetKvConfig"/> or <see cref="GetKvList"/>. The answer is the contract's reply (a
/// <see cref="GetRoute"/> of a subscribed topic from the cache), the NameServer's <see cref="NameServerError"/>, or
/// <see cref="Status.Failure"/> with a <see cref="RemotingTimeoutException"/> once as many NameServers as there are
/// have failed while the query waited. Queries wait while no NameServer is in use. Admin and broker messages are not
/// relayed (answered with <see cref="NameServerError"/>): they belong to one NameServer, so send them to its gateway.</para>
/// <para>The system needs the contract's serializer (<see cref="NameServerContracts.Config"/>) and, for other
/// processes, Akka.Remote (<c>akka.actor.provider = remote</c>).</para>
/// </remarks>
public sealed class NameServerClientActor : ReceiveActor, IWithTimers
{
    private const string ConnectTimer = "connect";

    private readonly NameServerAkkaClientSettings _settings;
    private readonly ClientRoutes _routes = new();
    private readonly Dictionary<long, PendingQuery> _queries = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _index;
    private int _failedInRound;
    private long _epoch;
    private long _nextQueryId;
    private IActorRef? _gateway;

    public NameServerClientActor(NameServerAkkaClientSettings settings)
    {
        _settings = settings;

        Receive<GetRoute>(m =>
        {
            if (!string.IsNullOrEmpty(m.Topic) && _routes.TryGetCached(m.Topic, out var cached))
            {
                Sender.Tell(new RouteReply(m.Topic, cached), Self);
                return;
            }
            Query(m);
        });
        Receive<GetClusterInfo>(Query);
        Receive<GetTopicList>(Query);
        Receive<GetKvConfig>(Query);
        Receive<GetKvList>(Query);
        Receive<INameServerRequest>(m => Sender.Tell(
            new NameServerError(NameServerErrorCodes.SystemError, $"{m.GetType().Name} is not relayed by the client: send it to a NameServer's gateway"), Self));

        Receive<SubscribeTopicRoutes>(OnSubscribe);
        Receive<UnsubscribeTopicRoutes>(OnUnsubscribe);

        Receive<ActorIdentity>(OnIdentity);
        Receive<ConnectTimedOut>(m =>
        {
            if (m.Epoch == _epoch && _gateway is null)
            {
                Failed($"no answer to Identify within {_settings.RequestTimeout.TotalMilliseconds:F0} ms");
            }
        });
        Receive<RetryConnect>(_ => Connect());
        Receive<Answered>(OnAnswered);
        Receive<QueryFailed>(m =>
        {
            if (_queries.TryGetValue(m.Id, out var query) && query.Epoch == m.Epoch && m.Epoch == _epoch && _gateway is not null)
            {
                Failed(m.Cause is AskTimeoutException
                    ? $"no answer to {query.Request.GetType().Name} within {_settings.RequestTimeout.TotalMilliseconds:F0} ms"
                    : $"{query.Request.GetType().Name} failed: {m.Cause.Message}");
            }
        });

        // Pushed by the NameServer in use (its gateway or the gateway's children); anything else is stale.
        Receive<RoutesSubscribed>(m => FromGateway(() => Send(o => _routes.OnSubscribed(m.CurrentRoutes, o))));
        Receive<RouteChanged>(m => FromGateway(() =>
        {
            if (string.IsNullOrEmpty(m.Topic))
            {
                _log.Warning("Ignored a RouteChanged without a topic from {0}", Sender.Path);
                return;
            }
            Send(o => _routes.OnRouteChanged(m.Topic, m.Route, o));
        }));
        Receive<RoutesUnsubscribed>(_ => { });
        Receive<NameServerError>(m => FromGateway(() =>
        {
            // Only subscription requests are sent from this actor; queries are asked.
            _log.Warning("NameServer {0} refused a route subscription: code {1}, {2}", _settings.Gateways[_index], m.Code, m.Remark);
            _routes.OnRefused();
        }));

        Receive<Terminated>(m =>
        {
            if (m.ActorRef.Equals(_gateway))
            {
                Failed(m.AddressTerminated ? "its actor system is unreachable (association lost)" : "the gateway stopped");
            }
            else if (_routes.IsSubscriber(m.ActorRef))
            {
                Send(o => _routes.Unsubscribe(m.ActorRef, null, o));
            }
        });
    }

    /// <summary>Creates the client; it starts finding the first gateway at once.</summary>
    public static Props Props(NameServerAkkaClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Gateways.Count == 0)
        {
            throw new ArgumentException("Name at least one NameServer gateway.", nameof(settings));
        }
        return global::Akka.Actor.Props.Create(() => new NameServerClientActor(settings));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Connect();

    protected override void PostStop()
    {
        // Tell the NameServer at once rather than through death watch (which it also has).
        _gateway?.Tell(new UnsubscribeRoutes(), Self);
        foreach (var query in _queries.Values)
        {
            query.ReplyTo.Tell(new Status.Failure(new RemotingConnectException(string.Join(';', _settings.Gateways), "the NameServer client stopped")), Self);
        }
    }

    private string Current => _settings.Gateways[_index];

    private void Connect()
    {
        _epoch++;
        Context.ActorSelection(Current).Tell(new Identify(_epoch), Self);
        Timers.StartSingleTimer(ConnectTimer, new ConnectTimedOut(_epoch), _settings.RequestTimeout);
    }

    private void OnIdentity(ActorIdentity identity)
    {
        if (identity.MessageId is not long epoch || epoch != _epoch || _gateway is not null)
        {
            return;
        }
        Timers.Cancel(ConnectTimer);
        if (identity.Subject is null)
        {
            // Also what an unreachable (gated) address answers: Identify then goes to dead letters, which answer it.
            Failed("no gateway at that path, or its actor system is unreachable");
            return;
        }
        _gateway = identity.Subject;
        _failedInRound = 0;
        Context.Watch(_gateway);
        _log.Info("Using NameServer gateway {0}", Current);
        foreach (var subscriber in _routes.Subscribers)
        {
            subscriber.Tell(new NameServerConnected(Current), Self);
        }
        Send(_routes.Connected);
        foreach (var (id, query) in _queries)
        {
            Ask(id, query);
        }
    }

    // The NameServer in use (or being found) failed: queries count it, the next one is tried.
    private void Failed(string reason)
    {
        var lost = Current;
        if (_gateway is { } gateway)
        {
            Context.Unwatch(gateway);
            // Best effort, in case it is alive but slow: it would go on pushing changes no one reads.
            gateway.Tell(new UnsubscribeRoutes(), Self);
            _gateway = null;
            _routes.Disconnected();
            foreach (var subscriber in _routes.Subscribers)
            {
                subscriber.Tell(new NameServerLost(lost, reason), Self);
            }
        }
        _log.Warning("NameServer gateway {0} failed: {1}", lost, reason);
        foreach (var (id, query) in _queries.ToList())
        {
            if (++query.Failures >= _settings.Gateways.Count)
            {
                _queries.Remove(id);
                query.ReplyTo.Tell(new Status.Failure(new RemotingTimeoutException(
                    string.Join(';', _settings.Gateways),
                    $"{query.Request.GetType().Name}: {query.Failures} NameServer(s) failed in turn, the last {lost}: {reason}")), Self);
            }
        }
        _index = (_index + 1) % _settings.Gateways.Count;
        _epoch++;
        if (++_failedInRound < _settings.Gateways.Count)
        {
            Connect();
            return;
        }
        _failedInRound = 0;
        _log.Warning("Every NameServer failed in turn; trying again in {0} ms", _settings.RetryInterval.TotalMilliseconds);
        Timers.StartSingleTimer(ConnectTimer, RetryConnect.Instance, _settings.RetryInterval);
    }

    private void Query(INameServerRequest request)
    {
        var id = ++_nextQueryId;
        var query = new PendingQuery(request, Sender);
        _queries.Add(id, query);
        if (_gateway is not null)
        {
            Ask(id, query);
        }
    }

    private void Ask(long id, PendingQuery query)
    {
        query.Epoch = _epoch;
        var epoch = _epoch;
        _gateway!.Ask<object>(query.Request, _settings.RequestTimeout)
            .PipeTo(Self, Self, answer => new Answered(id, epoch, answer), cause => new QueryFailed(id, epoch, cause));
    }

    private void OnAnswered(Answered m)
    {
        if (!_queries.TryGetValue(m.Id, out var query) || query.Epoch != m.Epoch)
        {
            // An answer from a NameServer given up on: the query was asked again elsewhere.
            return;
        }
        if (IsAnswerTo(query.Request, m.Answer))
        {
            _queries.Remove(m.Id);
            query.ReplyTo.Tell(m.Answer, Self);
            return;
        }
        if (m.Epoch == _epoch && _gateway is not null)
        {
            Failed($"answered {query.Request.GetType().Name} with {Describe(m.Answer)}");
        }
    }

    private static bool IsAnswerTo(INameServerRequest request, object answer) => (request, answer) switch
    {
        (_, NameServerError) => true,
        (GetRoute q, RouteReply r) => r.Topic == q.Topic,
        (GetClusterInfo, ClusterInfoReply r) => r.ClusterInfo is not null,
        (GetTopicList q, TopicListReply r) => r.Kind == q.Kind && r.Topics is not null,
        (GetKvConfig q, KvConfigReply r) => r.Namespace == q.Namespace && r.Key == q.Key,
        (GetKvList q, KvListReply r) => r.Namespace == q.Namespace,
        _ => false,
    };

    private static string Describe(object answer) => answer switch
    {
        RouteReply r => $"the route of another topic ({r.Topic})",
        _ => answer.GetType().Name,
    };

    private void OnSubscribe(SubscribeTopicRoutes m)
    {
        if (m.Subscriber is null || m.Subscriber.IsNobody() || (m.Topics is not null && m.Topics.Any(string.IsNullOrEmpty)))
        {
            Sender.Tell(new Status.Failure(new ArgumentException("SubscribeTopicRoutes needs a subscriber and non-empty topics.")), Self);
            return;
        }
        var outbox = new ClientRoutes.Outbox();
        if (_routes.Subscribe(m.Subscriber, m.Topics, outbox))
        {
            Context.Watch(m.Subscriber);
            if (_gateway is not null)
            {
                m.Subscriber.Tell(new NameServerConnected(Current), Self);
            }
        }
        Deliver(outbox);
        Reply(new TopicRoutesSubscribed(m.Topics));
    }

    private void OnUnsubscribe(UnsubscribeTopicRoutes m)
    {
        var outbox = new ClientRoutes.Outbox();
        if (m.Subscriber is not null && _routes.Unsubscribe(m.Subscriber, m.Topics, outbox))
        {
            Context.Unwatch(m.Subscriber);
        }
        Deliver(outbox);
        Reply(new TopicRoutesUnsubscribed());
    }

    // Acknowledgements only to a sender that can read them (the facade tells without one: no dead-letter noise).
    private void Reply(object message)
    {
        if (!Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters))
        {
            Sender.Tell(message, Self);
        }
    }

    private void FromGateway(Action handle)
    {
        if (_gateway is { } gateway && IsPartOf(Sender, gateway))
        {
            handle();
        }
    }

    // The gateway answers subscriptions through a child of its own; both are the NameServer in use.
    private static bool IsPartOf(IActorRef sender, IActorRef gateway)
    {
        if (!sender.Path.Address.Equals(gateway.Path.Address))
        {
            return false;
        }
        var mine = sender.Path.Elements;
        var its = gateway.Path.Elements;
        return mine.Count >= its.Count && its.Select((e, i) => e == mine[i]).All(same => same);
    }

    private void Send(Action<ClientRoutes.Outbox> operation)
    {
        var outbox = new ClientRoutes.Outbox();
        operation(outbox);
        Deliver(outbox);
    }

    private void Deliver(ClientRoutes.Outbox outbox)
    {
        foreach (var request in outbox.Requests)
        {
            _gateway?.Tell(request, Self);
        }
        foreach (var (subscriber, change) in outbox.Notifications)
        {
            subscriber.Tell(change, Self);
        }
    }

    private sealed class PendingQuery(INameServerRequest request, IActorRef replyTo)
    {
        public INameServerRequest Request { get; } = request;

        public IActorRef ReplyTo { get; } = replyTo;

        // The connection epoch it was last asked in (0: waiting for a NameServer).
        public long Epoch { get; set; }

        public int Failures { get; set; }
    }

    private sealed record ConnectTimedOut(long Epoch) : INoSerializationVerificationNeeded;

    private sealed record RetryConnect : INoSerializationVerificationNeeded
    {
        public static readonly RetryConnect Instance = new();
    }

    private sealed record Answered(long Id, long Epoch, object Answer) : INoSerializationVerificationNeeded;

    private sealed record QueryFailed(long Id, long Epoch, Exception Cause) : INoSerializationVerificationNeeded;
}
