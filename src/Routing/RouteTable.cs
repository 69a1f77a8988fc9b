using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing;

/// <summary>
/// The one actor that owns the routing state. It turns messages into <see cref="RouteTableState"/> calls, one at a
/// time and without locks, then republishes a snapshot for each topic the call changed. It watches every broker
/// session that registers: a session's <see cref="Terminated"/> removes what that session's connection epoch still
/// owns, so a late close never removes a broker that has re-registered on a newer connection. A periodic
/// <see cref="Scan"/> (a timer of its own) expires silent brokers and tells their sessions to close.
/// </summary>
/// <remarks>
/// <para>The state object, and the sessions it watches, are created outside and handed in through Props, so a
/// restart of this actor (after a bug) keeps the routes instead of forgetting every broker, and keeps knowing which
/// session owns which connection epoch.</para>
/// <para>Publication is batched: a change marks its topics and, unless one is already queued, sends the actor a
/// <c>FlushRoutes</c> message, which queues behind every message already waiting. Changes that arrive meanwhile (a
/// registration storm after a restart of the cluster) accumulate, and the flush publishes each changed topic once;
/// the answers of that batch are held until then. A broker or admin that got an answer therefore always finds its
/// change in the snapshots, and 32 brokers registering 10,000 topics at once build each route once, not 32 times.</para>
/// <para>Each published batch is also told, as <see cref="RoutesPublished"/>, to the actors that asked for it
/// (<see cref="SubscribeRoutePublications"/>), and only while there are any: that is how route changes are pushed to
/// subscribers without anyone polling the snapshots.</para>
/// <para>Time is Akka's: the scheduler's clock (<c>Context.System.Scheduler.Now</c>) stamps registrations and drives
/// the scan, so a test on Akka's <c>TestScheduler</c> moves both together.</para>
/// </remarks>
public sealed class RouteTable : ReceiveActor, IWithTimers
{
    private const string ScanTimerKey = "scan";

    private readonly RouteTableState _state;
    private readonly RouteSnapshots _snapshots;
    private readonly TimeSpan _scanInterval;
    private readonly RoutingMetrics _metrics;
    private readonly WatchedSessions _sessions;
    private readonly RoutePublicationListeners _listeners;
    private readonly HashSet<string> _unpublishedTopics = new(StringComparer.Ordinal);
    private readonly List<(IActorRef To, object Answer)> _heldReplies = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _unpublishedClusterInfo;
    private bool _flushQueued;
    private long _lastScanMillis;
    private long _revalidatedAt;

    public RouteTable(
        RouteTableState state, RouteSnapshots snapshots, TimeSpan scanInterval, RoutingMetrics? metrics, WatchedSessions sessions,
        RoutePublicationListeners listeners)
    {
        if (scanInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(scanInterval), scanInterval, "The scan interval must be positive.");
        }
        _state = state;
        _snapshots = snapshots;
        _scanInterval = scanInterval;
        _metrics = metrics ?? RoutingMetrics.None;
        _sessions = sessions;
        _listeners = listeners;

        Receive<RegisterBroker>(m => Guarded(() => OnRegister(m)));
        Receive<RefreshRegistration>(m => Guarded(() => OnRefresh(m)));
        Receive<UnregisterBroker>(m => Guarded(() =>
        {
            var result = _state.Unregister(m.Command);
            Apply(result, "unregister");
            Reply(result);
        }));
        Receive<Terminated>(m =>
        {
            _listeners.Remove(m.ActorRef);
            OnSessionTerminated(m);
            Settle();
        });
        Receive<Scan>(_ =>
        {
            OnScan();
            Settle();
        });
        Receive<FlushRoutes>(_ =>
        {
            _flushQueued = false;
            Flush();
        });
        Receive<BrokerHeartbeat>(m => Guarded(() => Reply(_state.Heartbeat(m.ClusterName, m.BrokerAddr, Now()))));
        Receive<QueryDataVersion>(m => Guarded(() => Reply(_state.QueryDataVersion(m.ClusterName, m.BrokerAddr, m.DataVersion, Now()))));
        Receive<WipeWritePerm>(m => Guarded(() => Reply(Published(_state.WipeWritePerm(m.BrokerName)))));
        Receive<AddWritePerm>(m => Guarded(() => Reply(Published(_state.AddWritePerm(m.BrokerName)))));
        Receive<DeleteTopic>(m => Guarded(() =>
        {
            var changes = _state.DeleteTopic(m.Topic, m.ClusterName);
            Publish(changes);
            Reply(changes);
        }));
        Receive<RegisterTopic>(m => Guarded(() =>
        {
            var result = _state.RegisterTopic(m.Topic, m.QueueDatas);
            Publish(result.Changes);
            Reply(result);
        }));
        Receive<UpdateRouteTableOptions>(m => Guarded(() => Publish(_state.SetOptions(m.Options))));
        Receive<SubscribeRoutePublications>(m =>
        {
            if (_listeners.Add(m.Listener))
            {
                Context.Watch(m.Listener);
            }
            Sender.Tell(RoutePublicationsSubscribed.Instance, Self);
        });
        Receive<UnsubscribeRoutePublications>(m =>
        {
            if (_listeners.Remove(m.Listener))
            {
                Context.Unwatch(m.Listener);
            }
        });

        Receive<GetClusterInfo>(_ => Reply(_state.GetClusterInfo()));
        Receive<GetRoute>(m => Reply(new RouteAnswer(_state.GetRoute(m.Topic))));
        Receive<GetTopicList>(m => Reply(m.Kind switch
        {
            TopicListKind.System => _state.GetSystemTopicList(),
            TopicListKind.Unit => _state.GetUnitTopics(),
            TopicListKind.HasUnitSub => _state.GetHasUnitSubTopics(),
            TopicListKind.HasUnitSubUnUnit => _state.GetHasUnitSubUnUnitTopics(),
            _ => _state.GetAllTopics(),
        }));
        Receive<GetTopicsByCluster>(m => Reply(_state.GetTopicsByCluster(m.ClusterName)));
        Receive<GetBrokerMemberGroup>(m => Reply(_state.GetBrokerMemberGroup(m.ClusterName, m.BrokerName)));
        Receive<GetLiveBrokers>(_ => Reply(new LiveBrokers(_state.GetLiveBrokers())));
        Receive<GetBrokerStatuses>(_ => Reply(new BrokerStatuses(_state.GetBrokerStatuses(), Now())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="sessions">
    /// The sessions it watches, by connection epoch; handed in like the state, so that after a restart (which keeps
    /// Akka's death watch) a session closing before it registers again still removes its brokers at once. A new
    /// set by default.
    /// </param>
    /// <param name="listeners">Who is told each publication (<see cref="SubscribeRoutePublications"/>); handed in so a restart keeps them. A new set by default.</param>
    public static Props Props(
        RouteTableState state, RouteSnapshots snapshots, TimeSpan scanInterval, RoutingMetrics? metrics = null, WatchedSessions? sessions = null,
        RoutePublicationListeners? listeners = null)
    {
        // Created here, not in the constructor: one set for every incarnation these Props create.
        var watched = sessions ?? new WatchedSessions();
        var told = listeners ?? new RoutePublicationListeners();
        return Akka.Actor.Props.Create(() => new RouteTable(state, snapshots, scanInterval, metrics, watched, told));
    }

    protected override void PreStart()
    {
        // Republish everything: after a restart the snapshots must match the state the actor inherited.
        foreach (var topic in _state.GetAllTopics().Topics)
        {
            _snapshots.Publish(topic, _state.GetRoute(topic));
        }
        _snapshots.PublishClusterInfo(_state.GetClusterInfo());
        _snapshots.LiveBrokerCount = _state.LiveBrokerCount;
        // A restart may follow an edit cut short by the exception.
        _snapshots.UnchangedRegistrations.Revalidate(_state);
        _revalidatedAt = _state.Mutations;
        _lastScanMillis = Now();
        Timers.StartPeriodicTimer(ScanTimerKey, Scan.Instance, _scanInterval);
    }

    // Stopping (shutdown) or restarting with a batch still open: its answers are owed, and its changes are applied.
    protected override void PostStop() => Flush();

    private void OnRegister(RegisterBroker message)
    {
        var command = message.Command;
        if (_sessions.Add(message.Session, command.ConnectionEpoch))
        {
            Context.Watch(message.Session);
        }
        var result = _state.Register(command, Now());
        _metrics.Registrations.Add(1, new KeyValuePair<string, object?>("result", result.Outcome switch
        {
            RegisterOutcome.Fenced => "fenced",
            RegisterOutcome.Refused => "refused",
            _ => result.Changes.Topics.Count > 0 || result.Changes.ClusterInfo ? "changed" : "unchanged",
        }));
        Publish(result.Changes);
        PublishNotifications(result.Notifications);
        var key = new BrokerLiveKey(command.ClusterName, command.BrokerAddr);
        if (result.Outcome == RegisterOutcome.Registered && command.Fingerprint is { } fingerprint)
        {
            _snapshots.UnchangedRegistrations.Set(key, fingerprint, command.ConnectionEpoch, message.Session);
        }
        else
        {
            _snapshots.UnchangedRegistrations.Remove(key);
        }
        if (result.Outcome == RegisterOutcome.Registered && result.Changes.ClusterInfo)
        {
            _log.Info(
                "Broker {Cluster}/{BrokerName}[{BrokerId}] registered at {Address} (connection {Epoch})",
                command.ClusterName, command.BrokerName, command.BrokerId, command.BrokerAddr, command.ConnectionEpoch);
        }
        Reply(result);
    }

    // A registration its connection found unchanged: a timestamp refresh, answered like the full registration.
    private void OnRefresh(RefreshRegistration message)
    {
        var result = _state.RefreshUnchanged(message.Key, message.Fingerprint, message.ConnectionEpoch, Now(), out var refreshed);
        _metrics.Registrations.Add(1, new KeyValuePair<string, object?>("result", refreshed ? "refreshed" : "raced"));
        Reply(result);
    }

    private void OnSessionTerminated(Terminated terminated)
    {
        if (!_sessions.Remove(terminated.ActorRef, out var epoch))
        {
            return;
        }
        Apply(_state.OnConnectionClosed(epoch), "connection closed");
    }

    private void OnScan()
    {
        var now = Now();
        var intervalMillis = (long)_scanInterval.TotalMilliseconds;
        if (now - _lastScanMillis > 2 * intervalMillis)
        {
            // More than one interval late: the process was frozen or this actor held up (counted and logged).
            _metrics.LateTick();
            _log.Warning("Expiry scan ran {Late} ms late (interval {Interval} ms)", now - _lastScanMillis - intervalMillis, intervalMillis);
        }
        _lastScanMillis = now;
        var started = Stopwatch.GetTimestamp();
        var result = _state.Expire(now);
        _metrics.ScanDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        foreach (var expired in result.Expired)
        {
            _log.Warning(
                "Broker {Cluster}/{Address} expired: silent for {Silent} ms, timeout {Timeout} ms; closing connection {Epoch}",
                expired.ClusterName, expired.BrokerAddr, now - expired.LastUpdateMillis, expired.HeartbeatTimeoutMillis,
                expired.ConnectionEpoch);
            if (_sessions.TryGet(expired.ConnectionEpoch, out var session))
            {
                session.Tell(new CloseConnection($"broker {expired.BrokerAddr} expired"), Self);
            }
        }
        Apply(result.Unregistered, "expired");
    }

    private void Apply(UnregisterResult result, string cause)
    {
        Publish(result.Changes);
        PublishNotifications(result.Notifications);
        foreach (var removed in result.Removed)
        {
            if (removed.ConnectionEpoch is not null || removed.BrokerName is not null)
            {
                _metrics.Removals.Add(1, new KeyValuePair<string, object?>("cause", cause.Replace(' ', '_')));
                _log.Info("Broker {Cluster}/{Address} removed: {Cause}", removed.ClusterName, removed.BrokerAddr, cause);
                Context.System.EventStream.Publish(new BrokerRemoved(removed, cause));
            }
        }
    }

    private PermChangeResult Published(PermChangeResult result)
    {
        Publish(result.Changes);
        return result;
    }

    // Marks the changes for publication; Settle (after the message) queues the flush that publishes them.
    private void Publish(RouteChanges changes)
    {
        _unpublishedTopics.UnionWith(changes.Topics);
        _unpublishedClusterInfo |= changes.ClusterInfo;
    }

    private bool HasUnpublished => _unpublishedTopics.Count > 0 || _unpublishedClusterInfo;

    private void Settle()
    {
        if (_state.Mutations != _revalidatedAt)
        {
            // In the same turn as the edit: no connection may skip a decode that the edit made necessary.
            _snapshots.UnchangedRegistrations.Revalidate(_state);
            _revalidatedAt = _state.Mutations;
        }
        if ((HasUnpublished || _heldReplies.Count > 0) && !_flushQueued)
        {
            // Behind everything already queued, so the batch takes in what waits and a steady stream of messages
            // cannot postpone it further.
            _flushQueued = true;
            Self.Tell(FlushRoutes.Instance, Self);
        }
    }

    private void Flush()
    {
        foreach (var topic in _unpublishedTopics)
        {
            _snapshots.Publish(topic, _state.GetRoute(topic));
        }
        _listeners.Tell(_unpublishedTopics, _snapshots, Self);
        var published = _unpublishedTopics.Count;
        _unpublishedTopics.Clear();
        if (published > 4096)
        {
            // A first registration of a large table fills this with every topic; its capacity would stay for good.
            _unpublishedTopics.TrimExcess();
        }
        if (_unpublishedClusterInfo)
        {
            _snapshots.PublishClusterInfo(_state.GetClusterInfo());
            _unpublishedClusterInfo = false;
        }
        _snapshots.LiveBrokerCount = _state.LiveBrokerCount;
        foreach (var (to, answer) in _heldReplies)
        {
            to.Tell(answer, Self);
        }
        _heldReplies.Clear();
    }

    private void PublishNotifications(IReadOnlyList<MinBrokerIdChangeNotification> notifications)
    {
        foreach (var notification in notifications)
        {
            Context.System.EventStream.Publish(notification);
        }
    }

    // Bad input (a missing broker name, a non-positive timeout) is answered as a failure and changes nothing.
    private void Guarded(Action handler)
    {
        try
        {
            handler();
        }
        catch (ArgumentException e)
        {
            Reply(new Status.Failure(e));
        }
        Settle();
    }

    // Held while changes wait for publication: an answer must never arrive before the routes it implies.
    private void Reply(object answer)
    {
        if (Sender.IsNobody())
        {
            return;
        }
        if (HasUnpublished || _heldReplies.Count > 0)
        {
            _heldReplies.Add((Sender, answer));
        }
        else
        {
            Sender.Tell(answer, Self);
        }
    }

    private sealed record FlushRoutes
    {
        public static readonly FlushRoutes Instance = new();
    }

    private long Now() => Context.System.Scheduler.Now.ToUnixTimeMilliseconds();
}

/// <summary>
/// The broker sessions a <see cref="RouteTable"/> watches, by connection epoch, in both directions. Only its
/// RouteTable reads and writes it, one message at a time; it lives outside the actor so a restart keeps it.
/// </summary>
public sealed class WatchedSessions
{
    private readonly Dictionary<IActorRef, long> _epochBySession = [];
    private readonly Dictionary<long, IActorRef> _sessionByEpoch = [];

    public int Count => _epochBySession.Count;

    /// <summary>Records <paramref name="session"/> with its epoch; false when it is already watched.</summary>
    public bool Add(IActorRef session, long epoch)
    {
        if (!_epochBySession.TryAdd(session, epoch))
        {
            return false;
        }
        _sessionByEpoch[epoch] = session;
        return true;
    }

    public bool Remove(IActorRef session, out long epoch)
    {
        if (!_epochBySession.Remove(session, out epoch))
        {
            return false;
        }
        _sessionByEpoch.Remove(epoch);
        return true;
    }

    public bool TryGet(long epoch, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out IActorRef session) =>
        _sessionByEpoch.TryGetValue(epoch, out session);
}
