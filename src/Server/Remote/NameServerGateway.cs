using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Contracts;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Security;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Server.Security;
using R = NameServer.Actors.Routing;
using RC = NameServer.Actors.Routing.Config;
using RK = NameServer.Actors.Routing.Kv;

namespace NameServer.Actors.Server.Remote;

/// <summary>
/// The entry point of the Akka message contract (<c>/user/nameserver/gateway</c>, <see cref="NameServerContracts"/>):
/// it authorizes each request as the same operation on the RocketMQ TCP protocol, translates it into the routing
/// actors' messages, and answers with the contract's. Queries read the published snapshots, as TCP route queries do;
/// writes ask the owning actor and answer once it has.
/// </summary>
/// <remarks>
/// <para>Authorization: every request is checked by the server's <see cref="AdminAuthorizer"/> with the
/// <see cref="RemotingCommand"/> the same operation would be on TCP (code, header fields, body, and the
/// <c>AccessKey</c>/<c>Signature</c> a signed request carries) and the sender's host as its address. The host is the
/// one the peer's actor system announces in its Akka address (akka.remote's handshake), not the socket's: see
/// <c>docs/SECURITY.md</c>. A sender in this process has no host and never matches the allow-list.</para>
/// <para>Brokers written on Akka: the registering actor is the broker. It gets a <see cref="R.BrokerSession"/> of its
/// own, opened with the actor as its peer, so the session watches it and RouteTable sees its termination (stopped,
/// association lost, quarantined) as a closed connection; an expired broker is told <see cref="BrokerExpired"/>.
/// Messages of a broker whose session is still being opened wait for it, in order.</para>
/// </remarks>
public sealed class NameServerGateway : ReceiveActor
{
    private const string SubscriptionsName = "route-subscriptions";

    private readonly R.RoutingCore _core;
    private readonly AdminAuthorizer _authorizer;
    private readonly ServerSettings _server;
    private readonly IActorRef _subscriptions;
    private readonly Dictionary<IActorRef, BrokerLink> _brokers = [];
    private readonly Dictionary<IActorRef, IActorRef> _brokerBySession = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _startedMillis;

    public NameServerGateway(R.RoutingCore core, AdminAuthorizer authorizer, ServerSettings server)
    {
        _core = core;
        _authorizer = authorizer;
        _server = server;
        _startedMillis = Context.System.Scheduler.Now.ToUnixTimeMilliseconds();
        // After a restart the child is still there, with its subscribers.
        var subscriptions = Context.Child(SubscriptionsName);
        _subscriptions = subscriptions.IsNobody()
            ? Context.ActorOf(RouteSubscriptions.Props(core.RouteTable, core.Routes), SubscriptionsName)
            : subscriptions;

        Receive<GetRoute>(OnGetRoute);
        Receive<GetClusterInfo>(_ => Authorized(RequestCode.GetBrokerClusterInfo, () =>
            Sender.Tell(new ClusterInfoReply(ContractMapping.ToContract(_core.Routes.ClusterInfo)), Self)));
        Receive<GetTopicList>(OnGetTopicList);
        Receive<GetKvConfig>(m => Authorized(RequestCode.GetKvConfig, () =>
            Sender.Tell(new KvConfigReply(m.Namespace, m.Key, _core.Kv.Get(m.Namespace, m.Key)), Self)));
        Receive<GetKvList>(m => Authorized(RequestCode.GetKvListByNamespace, () =>
            Sender.Tell(new KvListReply(m.Namespace, Copy(_core.Kv.GetNamespace(m.Namespace))), Self)));
        Receive<SubscribeRoutes>(m => Authorized(RequestCode.GetRouteInfoByTopic, () => _subscriptions.Forward(m)));
        Receive<UnsubscribeRoutes>(m => _subscriptions.Forward(m));

        Receive<RegisterBroker>(OnRegisterBroker);
        // No answer, as on TCP (oneway): nobody is the sender, so RouteTable does not answer either.
        Receive<BrokerHeartbeat>(m => Authorized(RequestCode.BrokerHeartbeat, () =>
            _core.RouteTable.Tell(new R.BrokerHeartbeat(m.ClusterName, m.BrokerAddr), ActorRefs.NoSender)));
        Receive<UnregisterBroker>(m => Authorized(
            m, () => AdminCommands.UnregisterBroker(m.ClusterName, m.BrokerAddr, m.BrokerName, m.BrokerId), () =>
            {
                var target = _brokers.TryGetValue(Sender, out var link) && link.Session is { } session ? session : _core.RouteTable;
                AskAndAnswer<UnregisterResult>(
                    target, new R.UnregisterBroker(new UnregisterBrokerCommand(m.ClusterName, m.BrokerAddr, m.BrokerName, m.BrokerId)),
                    _ => new BrokerUnregistered());
            }));

        Receive<PutKvConfig>(m => Authorized(m, () => AdminCommands.PutKvConfig(m.Namespace, m.Key, m.Value), () =>
        {
            var size = Encoding.UTF8.GetByteCount(m.Value);
            if (size > _server.MaxKvValueSize)
            {
                Refuse(NameServerErrorCodes.SystemError, $"KV value of {size} bytes exceeds maxKvValueSize ({_server.MaxKvValueSize} bytes)");
                return;
            }
            AskAndAnswer<RK.KvDone>(_core.KvConfig, new RK.PutKvConfig(m.Namespace, m.Key, m.Value), _ => new AdminDone());
        }));
        Receive<DeleteKvConfig>(m => Authorized(m, () => AdminCommands.DeleteKvConfig(m.Namespace, m.Key), () =>
            AskAndAnswer<RK.KvDone>(_core.KvConfig, new RK.DeleteKvConfig(m.Namespace, m.Key), _ => new AdminDone())));
        Receive<UpdateNamesrvConfig>(m => Authorized(m, () => AdminCommands.UpdateNamesrvConfig(m.Properties), () =>
            AskAndAnswer<RC.ConfigUpdateResult>(_core.NamesrvConfig, new RC.UpdateNamesrvConfig(m.Properties.ToList()), result => result switch
            {
                RC.ConfigUpdateResult.Forbidden => new NameServerError(NameServerErrorCodes.NoPermission, RC.ConfigUpdateResult.Forbidden.Remark),
                RC.ConfigUpdateResult.Invalid invalid => new NameServerError(
                    NameServerErrorCodes.SystemError, $"invalid value '{invalid.Value}' for {invalid.Key}: {invalid.Reason}"),
                _ => new AdminDone(),
            })));
        Receive<WipeWritePerm>(m => Authorized(m, () => AdminCommands.WipeWritePerm(m.BrokerName), () =>
            AskAndAnswer<PermChangeResult>(_core.RouteTable, new R.WipeWritePerm(m.BrokerName), r => new WritePermChanged(r.TopicCount))));
        Receive<AddWritePerm>(m => Authorized(m, () => AdminCommands.AddWritePerm(m.BrokerName), () =>
            AskAndAnswer<PermChangeResult>(_core.RouteTable, new R.AddWritePerm(m.BrokerName), r => new WritePermChanged(r.TopicCount))));

        Receive<SessionReady>(OnSessionReady);
        Receive<SessionFailed>(m =>
        {
            if (_brokers.Remove(m.Broker, out var link))
            {
                foreach (var (_, replyTo) in link.Pending)
                {
                    replyTo.Tell(new NameServerError(NameServerErrorCodes.SystemError, "could not open a broker session: " + m.Reason), Self);
                }
            }
        });
        Receive<Terminated>(m =>
        {
            if (_brokerBySession.Remove(m.ActorRef, out var broker))
            {
                _brokers.Remove(broker);
            }
        });
    }

    /// <param name="core">The NameServer's routing actors and snapshots.</param>
    /// <param name="authorizer">The TCP listener's authorizer, so both transports decide alike.</param>
    /// <param name="server">Request timeout and the limits the TCP path applies (<c>maxKvValueSize</c>, <c>maxTopicsPerRegistration</c>).</param>
    public static Props Props(R.RoutingCore core, AdminAuthorizer authorizer, ServerSettings server) =>
        Akka.Actor.Props.Create(() => new NameServerGateway(core, authorizer, server));

    // A restart (after a bug) keeps the subscriptions child and its subscribers; the broker sessions live under
    // `sessions` anyway and keep watching their brokers.
    protected override void PreRestart(Exception reason, object message) => PostStop();

    private void OnGetRoute(GetRoute m) => Authorized(RequestCode.GetRouteInfoByTopic, () =>
    {
        if (string.IsNullOrEmpty(m.Topic))
        {
            Refuse(NameServerErrorCodes.SystemError, "the topic is empty");
            return;
        }
        var settings = _core.Config.Settings;
        if (settings.NeedWaitForService
            && Context.System.Scheduler.Now.ToUnixTimeMilliseconds() - _startedMillis < settings.WaitSecondsForService * 1000L)
        {
            Refuse(NameServerErrorCodes.SystemError, "name server not ready");
            return;
        }
        if (!_core.Routes.TryGet(m.Topic, out var snapshot))
        {
            Sender.Tell(new RouteReply(m.Topic, null), Self);
            return;
        }
        // As on TCP: with orderMessageEnable the route carries the topic's ORDER_TOPIC_CONFIG entry.
        var orderConf = settings.OrderMessageEnable ? _core.Kv.Get(RK.KvConfigState.OrderTopicConfigNamespace, m.Topic) : null;
        var route = orderConf is null
            ? ContractMapping.ToContract(snapshot)
            : ContractMapping.ToContract(snapshot.Route with { OrderTopicConf = orderConf });
        Sender.Tell(new RouteReply(m.Topic, route), Self);
    });

    private void OnGetTopicList(GetTopicList m)
    {
        var (code, enabled) = m.Kind switch
        {
            TopicListKind.All => (RequestCode.GetAllTopicListFromNameServer, _core.Config.Settings.EnableAllTopicList),
            TopicListKind.System => (RequestCode.GetSystemTopicListFromNs, true),
            TopicListKind.Unit => (RequestCode.GetUnitTopicList, _core.Config.Settings.EnableTopicList),
            TopicListKind.HasUnitSub => (RequestCode.GetHasUnitSubTopicList, _core.Config.Settings.EnableTopicList),
            TopicListKind.HasUnitSubUnUnit => (RequestCode.GetHasUnitSubUnunitTopicList, _core.Config.Settings.EnableTopicList),
            _ => (RequestCode.GetTopicsByCluster, _core.Config.Settings.EnableTopicList),
        };
        Authorized(code, () =>
        {
            if (!enabled)
            {
                // TCP's remark for a disabled list.
                Refuse(NameServerErrorCodes.SystemError, "disable");
                return;
            }
            if (m.Kind == TopicListKind.Cluster && string.IsNullOrEmpty(m.Cluster))
            {
                Refuse(NameServerErrorCodes.SystemError, "the cluster is empty");
                return;
            }
            object query = m.Kind switch
            {
                TopicListKind.All => new R.GetTopicList(R.TopicListKind.All),
                TopicListKind.System => new R.GetTopicList(R.TopicListKind.System),
                TopicListKind.Unit => new R.GetTopicList(R.TopicListKind.Unit),
                TopicListKind.HasUnitSub => new R.GetTopicList(R.TopicListKind.HasUnitSub),
                TopicListKind.HasUnitSubUnUnit => new R.GetTopicList(R.TopicListKind.HasUnitSubUnUnit),
                _ => new R.GetTopicsByCluster(m.Cluster!),
            };
            AskAndAnswer<Protocol.Model.TopicList>(_core.RouteTable, query, list =>
                new TopicListReply(m.Kind, list.Topics.Order(StringComparer.Ordinal).ToArray(), list.BrokerAddr));
        });
    }

    private void OnRegisterBroker(RegisterBroker m) => Authorized(RequestCode.RegisterBroker, () =>
    {
        var registration = m.Registration;
        if (registration.Topics.Count > _server.MaxTopicsPerRegistration)
        {
            Refuse(NameServerErrorCodes.SystemError,
                $"registration carries {registration.Topics.Count} topics, more than maxTopicsPerRegistration ({_server.MaxTopicsPerRegistration})");
            return;
        }
        var command = ContractMapping.ToCommand(registration);
        var register = new R.SessionRegister(command);
        // Read on the answering thread: the KV snapshot is lock-free and the answer must reflect the registration.
        var kv = _core.Kv;
        var returnOrder = _core.Config.Settings.ReturnOrderTopicConfigToBroker;
        ToSession(Sender, session => AskAndAnswer<RegisterResult>(session, register, result => result.Outcome == RegisterOutcome.Refused
            ? new NameServerError(NameServerErrorCodes.SystemError, "register broker failed")
            : new BrokerRegistered(
                result.MasterAddr, result.HaServerAddr,
                returnOrder ? Copy(kv.GetNamespace(RK.KvConfigState.OrderTopicConfigNamespace)) : null)));
    });

    // Runs `send` with the broker's session as soon as it exists (opening one on its first message), in arrival order.
    private void ToSession(IActorRef broker, Action<IActorRef> send)
    {
        if (_brokers.TryGetValue(broker, out var link))
        {
            if (link.Session is { } session)
            {
                send(session);
            }
            else
            {
                link.Pending.Add((() => send(link.Session!), Sender));
            }
            return;
        }
        if (broker.IsNobody() || broker.Equals(Context.System.DeadLetters))
        {
            _log.Warning("Ignored a broker registration without a sender: register with Tell(message, brokerActor)");
            return;
        }
        link = new BrokerLink();
        link.Pending.Add((() => send(link.Session!), Sender));
        _brokers.Add(broker, link);
        var self = Self;
        _core.Sessions.Ask<R.SessionOpened>(new R.OpenSession(reason => broker.Tell(new BrokerExpired(reason), self), broker), _server.RequestTimeout)
            .PipeTo(self, self, opened => new SessionReady(broker, opened.Session), e => new SessionFailed(broker, e.Message));
    }

    private void OnSessionReady(SessionReady m)
    {
        if (!_brokers.TryGetValue(m.Broker, out var link))
        {
            return;
        }
        link.Session = m.Session;
        _brokerBySession[m.Session] = m.Broker;
        Context.Watch(m.Session);
        _log.Info("Broker actor {Broker} connected over Akka (session {Session})", m.Broker.Path, m.Session.Path.Name);
        foreach (var (send, replyTo) in link.Pending)
        {
            // The reply goes to the original sender, which AskAndAnswer reads from Sender.
            WithSender(replyTo, send);
        }
        link.Pending.Clear();
    }

    private IActorRef? _replyTo;

    private IActorRef ReplyTo => _replyTo ?? Sender;

    private void WithSender(IActorRef replyTo, Action action)
    {
        _replyTo = replyTo;
        try
        {
            action();
        }
        finally
        {
            _replyTo = null;
        }
    }

    // Asks `target`; the answer (or the failure, as SYSTEM_ERROR) goes back to the sender, mapped off this actor's thread.
    private void AskAndAnswer<T>(IActorRef target, object message, Func<T, INameServerMessage> answer)
    {
        var replyTo = ReplyTo;
        var timeout = _server.RequestTimeout;
        target.Ask<T>(message, timeout).PipeTo(replyTo, Self, r => answer(r), e => e switch
        {
            AskTimeoutException => new NameServerError(NameServerErrorCodes.SystemError, "request timed out inside the name server"),
            _ => new NameServerError(NameServerErrorCodes.SystemError, e.Message),
        });
    }

    private void Refuse(int code, string remark) => ReplyTo.Tell(new NameServerError(code, remark), Self);

    // A request without credentials: checked under its request class, by address only.
    private void Authorized(int code, Action handle)
    {
        if (_authorizer.IsProtected(code) && IsRefused(RemotingCommand.CreateRequest(code, 0), code))
        {
            return;
        }
        handle();
    }

    // An admin request: checked as the TCP request `command` builds, with the credentials it carries.
    private void Authorized(ISignedRequest request, Func<RemotingCommand> command, Action handle)
    {
        var tcp = command();
        if (_authorizer.IsProtected(tcp.Code) && IsRefused(AdminCommands.WithCredentials(tcp, request.AccessKey, request.Signature), tcp.Code))
        {
            return;
        }
        handle();
    }

    private bool IsRefused(RemotingCommand command, int code)
    {
        var result = _authorizer.Authorize(command, SenderAddress());
        if (result.IsAllowed)
        {
            return false;
        }
        _log.Warning("Refused request code {Code} from {Sender}: {Reason}", code, Sender.Path, result.Reason);
        Refuse(NameServerErrorCodes.NoPermission, result.Reason!);
        return true;
    }

    // The host the sender's system announces; null for a sender in this process or a host name.
    private IPAddress? SenderAddress() => Sender.Path.Address.Host is { } host && IPAddress.TryParse(host, out var address) ? address : null;

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? table) =>
        table is null ? null : new Dictionary<string, string>(table, StringComparer.Ordinal);

    private sealed class BrokerLink
    {
        public IActorRef? Session { get; set; }

        public List<(Action Send, IActorRef ReplyTo)> Pending { get; } = [];
    }

    private sealed record SessionReady(IActorRef Broker, IActorRef Session) : INoSerializationVerificationNeeded;

    private sealed record SessionFailed(IActorRef Broker, string Reason) : INoSerializationVerificationNeeded;
}
