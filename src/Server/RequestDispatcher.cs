using System.Buffers;
using System.Text;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server;

/// <summary>An answer: the response header plus its body (often pre-encoded bytes shared with other answers).</summary>
public readonly record struct Reply(RemotingCommand Command, ReadOnlyMemory<byte> Body);

/// <summary>
/// Turns one decoded request into its answer: the handler of the code's row in <see cref="RequestTable"/>.
/// Route and cluster-info lookups complete synchronously from the published snapshots (no actor hop); everything
/// else decodes its body here, on the connection's side, and asks the owning actor.
/// </summary>
public sealed class RequestDispatcher
{
    /// <summary>The remark of the Java answer to an unknown topic (TOPIC_NOT_EXIST), without its FAQ link.</summary>
    public const string TopicNotExistRemark = "No topic route info in name server for the topic: ";

    // FAQUrl.suggestTodo(FAQUrl.APPLY_TOPIC_URL) as the client's own release writes it: 5.1.0 moved the FAQ page.
    // Clients only read the code (and the "\nSee " marker), so the link is for the person reading the exception.
    private const string FaqSuffix = "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.";
    private const string FaqSuffixBefore51 = "\nSee http://rocketmq.apache.org/docs/faq/ for further details.";

    private readonly RoutingCore _core;
    private readonly ServerSettings _options;
    private readonly ServerLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly long _startedAt;
    private readonly RequestClassLimiter _limiter;

    // Decoding a large broker's registration allocates its whole topic table; when every broker re-registers at the
    // same moment, decoding them a core's worth at a time keeps the peak memory to a few tables instead of all of them.
    private const int DecodeElsewhereFrom = 16 * 1024;

    private readonly SemaphoreSlim _decodeGate = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private ClusterInfo? _encodedClusterInfoSource;
    private byte[] _encodedClusterInfo = [];

    /// <param name="metrics">The instruments of this NameServer (the connection handler counts its answers on them); a private meter by default.</param>
    public RequestDispatcher(RoutingCore core, ServerSettings options, ServerLifecycle lifecycle, TimeProvider time, ILogger log, NameServerMetrics? metrics = null)
    {
        Metrics = metrics ?? new NameServerMetrics();
        _core = core;
        _options = options;
        _lifecycle = lifecycle;
        _time = time;
        _log = log;
        _startedAt = time.GetTimestamp();
        _limiter = new RequestClassLimiter(options);
    }

    public NameServerMetrics Metrics { get; }

    /// <summary>Requests waiting per class (metrics, tests).</summary>
    public RequestClassLimiter Limiter => _limiter;

    /// <summary>
    /// The route hot path: answers a plain <c>GET_ROUTEINFO_BY_TOPIC</c> for a known topic straight from the frame —
    /// header peeked, one lookup, the snapshot's pre-encoded body written — allocating nothing. Returns false for
    /// anything else (other codes, unknown topics, ordered-topic or zone answers, not ready), which then takes
    /// <see cref="HandleAsync"/>.
    /// </summary>
    /// <param name="wrote">False when the request was oneway (handled, not answered).</param>
    public bool TryAnswerRoute(in Frame frame, IBufferWriter<byte> output, out bool wrote)
    {
        wrote = false;
        if (!_lifecycle.IsReady)
        {
            return false;
        }
        // RocketMQ topic names are at most 127 characters; longer ones take the full path.
        Span<char> topic = stackalloc char[256];
        if (!RouteRequestPeek.TryPeek(frame, topic, out var info))
        {
            return false;
        }
        var settings = _core.Config.Settings;
        if (settings.OrderMessageEnable || (settings.NeedWaitForService && NotYetServing(settings)))
        {
            return false;
        }
        if (!_core.Routes.TryGet(topic[..info.TopicLength], out var snapshot))
        {
            return false;
        }
        if (!info.IsOneway)
        {
            var mode = info.Version >= MqVersion.V4_9_4 || info.AcceptStandardJsonOnly ? JsonMode.Standard : JsonMode.Legacy;
            SuccessResponseWriter.Write(output, info.Opaque, info.SerializeType, snapshot.GetBody(mode).Span);
            wrote = true;
        }
        return true;
    }

    /// <summary>
    /// Answers <paramref name="request"/>; <paramref name="session"/> is the connection's BrokerSession. A request
    /// whose class is at capacity is answered <c>SYSTEM_BUSY</c> at once.
    /// </summary>
    public ValueTask<Reply> HandleAsync(RemotingCommand request, IActorRef session)
    {
        if (!_lifecycle.IsReady)
        {
            return Done(Error(request, ResponseCode.SystemError, "not ready"));
        }
        var kind = RequestTable.Of(request.Code);
        var overloadClass = kind.Overload;
        if (!_limiter.TryEnter(overloadClass))
        {
            Metrics.RecordRejection(request.Code, "queue_full");
            return Done(Error(request, ResponseCode.SystemBusy, RequestClassLimiter.OverloadRemark));
        }
        var answer = Dispatch(kind, request, session);
        if (answer.IsCompletedSuccessfully)
        {
            _limiter.Exit(overloadClass);
            return answer;
        }
        // Still running, or already faulted: a handler that is an async method reports a ProtocolException through
        // its task instead of throwing it, so the catch in Dispatch never sees it.
        return ExitWhenDone(answer, request, overloadClass);
    }

    private async ValueTask<Reply> ExitWhenDone(ValueTask<Reply> answer, RemotingCommand request, OverloadClass overloadClass)
    {
        try
        {
            return await answer.ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            return Undecodable(request, e);
        }
        finally
        {
            _limiter.Exit(overloadClass);
        }
    }

    // A body (or anything else in a well-framed request) that cannot be decoded: SYSTEM_ERROR with the reason, as
    // Java answers an exception thrown by its processor; the connection stays open.
    private Reply Undecodable(RemotingCommand request, ProtocolException e)
    {
        _log.LogDebug("Request {Code} (opaque {Opaque}) cannot be decoded: {Error}", request.Code, request.Opaque, e.Message);
        return Error(request, ResponseCode.SystemError, e.Message);
    }

    private ValueTask<Reply> Dispatch(RequestKind kind, RemotingCommand request, IActorRef session)
    {
        try
        {
            return kind.Handler(this, request, session);
        }
        catch (ProtocolException e)
        {
            return Done(Undecodable(request, e));
        }
    }

    // The handlers below are the rows' (RequestTable); one per request code.

    internal static Reply NotSupported(RemotingCommand request) =>
        Error(request, ResponseCode.RequestCodeNotSupported, $" request type {request.Code} not supported");

    internal ValueTask<Reply> GetBrokerMemberGroupAsync(RemotingCommand request) =>
        AskAsync<GetBrokerMemberGroupRequestHeader, BrokerMemberGroup>(
            request, GetBrokerMemberGroupRequestHeader.TryParse, h => new Routing.GetBrokerMemberGroup(h.ClusterName, h.BrokerName),
            (r, group) => Ok(r, BodyEncoder.EncodeBrokerMemberGroup(group)));

    internal ValueTask<Reply> DeleteKvConfigAsync(RemotingCommand request) =>
        AskAsync<KvConfigKeyRequestHeader, KvDone>(
            request, KvConfigKeyRequestHeader.TryParse, h => new DeleteKvConfig(h.Namespace, h.Key), (r, _) => Ok(r), _core.KvConfig);

    internal ValueTask<Reply> WipeWritePermAsync(RemotingCommand request) =>
        AskAsync<BrokerPermRequestHeader, PermChangeResult>(
            request, BrokerPermRequestHeader.TryParse, h => new WipeWritePerm(h.BrokerName),
            (r, result) => Ok(r, extFields: new WipeWritePermResponseHeader(result.TopicCount).ToExtFields()));

    internal ValueTask<Reply> AddWritePermAsync(RemotingCommand request) =>
        AskAsync<BrokerPermRequestHeader, PermChangeResult>(
            request, BrokerPermRequestHeader.TryParse, h => new AddWritePerm(h.BrokerName),
            (r, result) => Ok(r, extFields: new AddWritePermResponseHeader(result.TopicCount).ToExtFields()));

    internal ValueTask<Reply> GetTopicsByClusterAsync(RemotingCommand request) =>
        _core.Config.Settings.EnableTopicList
            ? AskAsync<GetTopicsByClusterRequestHeader, TopicList>(
                request, GetTopicsByClusterRequestHeader.TryParse, h => new GetTopicsByCluster(h.Cluster),
                (r, list) => Ok(r, BodyEncoder.EncodeTopicList(list)))
            : Done(Error(request, ResponseCode.SystemError, "disable"));

    internal ValueTask<Reply> DeleteTopicAsync(RemotingCommand request) =>
        AskAsync<DeleteTopicRequestHeader, RouteChanges>(
            request, DeleteTopicRequestHeader.TryParse,
            h => new DeleteTopic(h.Topic, string.IsNullOrEmpty(h.ClusterName) ? null : h.ClusterName), (r, _) => Ok(r));

    internal Reply GetRoute(RemotingCommand request)
    {
        if (!GetRouteInfoRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error);
        }
        var settings = _core.Config.Settings;
        if (settings.NeedWaitForService && NotYetServing(settings))
        {
            return Error(request, ResponseCode.SystemError, "name server not ready");
        }
        if (!_core.Routes.TryGet(header.Topic, out var snapshot))
        {
            return Error(request, ResponseCode.TopicNotExist,
                TopicNotExistRemark + header.Topic + (request.Version >= MqVersion.V5_1_0 ? FaqSuffix : FaqSuffixBefore51));
        }
        var mode = request.Version >= MqVersion.V4_9_4 || header.AcceptStandardJsonOnly == true ? JsonMode.Standard : JsonMode.Legacy;
        var orderConf = settings.OrderMessageEnable
            ? _core.Kv.Get(KvConfigState.OrderTopicConfigNamespace, header.Topic)
            : null;
        var zoned = header.ZoneMode == true && !string.IsNullOrWhiteSpace(header.ZoneName);
        if (orderConf is null && !zoned)
        {
            return new Reply(RemotingCommand.CreateResponse(request, ResponseCode.Success), snapshot.GetBody(mode));
        }
        // Rare paths (ordered topics, 5.x zone mode) re-encode; zone filtering always answers legacy JSON, as Java does.
        var route = orderConf is null ? snapshot.Route : snapshot.Route with { OrderTopicConf = orderConf };
        if (zoned)
        {
            route = RouteTableState.FilterByZone(route, header.ZoneName);
            mode = JsonMode.Legacy;
        }
        return Ok(request, BodyEncoder.EncodeTopicRouteData(route, mode));
    }

    private bool NotYetServing(NamesrvSettings settings) =>
        _time.GetElapsedTime(_startedAt) < TimeSpan.FromSeconds(settings.WaitSecondsForService);

    internal Reply GetClusterInfo(RemotingCommand request)
    {
        var info = _core.Routes.ClusterInfo;
        var cachedFor = Volatile.Read(ref _encodedClusterInfoSource);
        var body = Volatile.Read(ref _encodedClusterInfo);
        if (!ReferenceEquals(cachedFor, info))
        {
            body = BodyEncoder.EncodeClusterInfo(info);
            Volatile.Write(ref _encodedClusterInfo, body);
            Volatile.Write(ref _encodedClusterInfoSource, info);
        }
        return Ok(request, body);
    }

    internal async ValueTask<Reply> RegisterBrokerAsync(RemotingCommand request, IActorRef session)
    {
        if (!RegisterBrokerRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error);
        }
        var hasBody = !request.Body.IsEmpty;
        if (header.BodyCrc32 != 0 && Crc32.ComputeBodyCrc32(request.Body.Span) != header.BodyCrc32)
        {
            return Error(request, ResponseCode.SystemError, "crc32 not match", new RegisterBrokerResponseHeader().ToExtFields());
        }
        RegisterBrokerBody decoded;
        if (request.Body.Length >= DecodeElsewhereFrom)
        {
            // Milliseconds of work: not on the socket thread, which may be answering every other connection.
            await Task.Yield();
        }
        await _decodeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var bytes = request.Body.Span;
            decoded = request.Version >= MqVersion.V3_0_11 || bytes.IsEmpty
                ? RegisterBrokerBodyCodec.Decode(bytes, header.Compressed, request.Version, _options.FrameLimit, _core.Routes)
                : new RegisterBrokerBody(RegisterBrokerBodyCodec.DecodeTopicConfigSerializeWrapper(bytes), []);
        }
        catch (ProtocolException e)
        {
            return Error(request, ResponseCode.SystemError, "register broker body: " + e.Message, new RegisterBrokerResponseHeader().ToExtFields());
        }
        finally
        {
            _decodeGate.Release();
        }
        var topicCount = decoded.TopicConfigSerializeWrapper.TopicConfigTable.Count;
        if (topicCount > _options.MaxTopicsPerRegistration)
        {
            return Error(request, ResponseCode.SystemError,
                $"registration carries {topicCount} topics, more than maxTopicsPerRegistration ({_options.MaxTopicsPerRegistration})",
                new RegisterBrokerResponseHeader().ToExtFields());
        }
        var command = new RegisterBrokerCommand(
            header.ClusterName, header.BrokerAddr, header.BrokerName, header.BrokerId, header.HaServerAddr,
            hasBody ? decoded.TopicConfigSerializeWrapper : null, decoded.FilterServerList, ConnectionEpoch: 0,
            header.ZoneName, header.HeartbeatTimeoutMillis, header.EnableActingMaster, request.Version);
        var result = await AskAsync<RegisterResult>(session, new SessionRegister(command)).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            return Error(request, ResponseCode.SystemError, failure, new RegisterBrokerResponseHeader().ToExtFields());
        }
        if (result.Value!.Outcome == RegisterOutcome.Refused)
        {
            return Error(request, ResponseCode.SystemError, "register broker failed", new RegisterBrokerResponseHeader().ToExtFields());
        }
        var ext = new RegisterBrokerResponseHeader(result.Value.HaServerAddr, result.Value.MasterAddr).ToExtFields();
        // No body at all when the namespace does not exist: 4.9 brokers read an empty table as "no topic is ordered".
        var orderTable = _core.Config.Settings.ReturnOrderTopicConfigToBroker
            ? _core.Kv.GetNamespace(KvConfigState.OrderTopicConfigNamespace)
            : null;
        return Ok(request, orderTable is null ? default : BodyEncoder.EncodeKvTable(new KvTable(orderTable)), ext);
    }

    internal ValueTask<Reply> UnregisterBrokerAsync(RemotingCommand request, IActorRef session) =>
        AskAsync<UnregisterBrokerRequestHeader, UnregisterResult>(
            request, UnregisterBrokerRequestHeader.TryParse,
            h => new UnregisterBroker(new UnregisterBrokerCommand(h.ClusterName, h.BrokerAddr, h.BrokerName, h.BrokerId)),
            (r, _) => Ok(r), session);

    internal async ValueTask<Reply> QueryDataVersionAsync(RemotingCommand request, IActorRef session)
    {
        if (!QueryDataVersionRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error);
        }
        var version = request.Body.IsEmpty ? DataVersion.Zero : BodyDecoder.DecodeDataVersion(request.Body.Span);
        var result = await AskAsync<DataVersionQueryResult>(session, new QueryDataVersion(header.ClusterName, header.BrokerAddr, version))
            .ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            return Error(request, ResponseCode.SystemError, failure);
        }
        var ext = new QueryDataVersionResponseHeader(result.Value!.Changed).ToExtFields();
        var body = result.Value.Stored is { } stored ? BodyEncoder.EncodeDataVersion(stored) : default(ReadOnlyMemory<byte>);
        return Ok(request, body, ext);
    }

    internal ValueTask<Reply> BrokerHeartbeat(RemotingCommand request, IActorRef session)
    {
        if (!BrokerHeartbeatRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Done(Error(request, ResponseCode.SystemError, error));
        }
        // Normally oneway: tell, and answer at once for the rare two-way sender.
        session.Tell(new Routing.BrokerHeartbeat(header.ClusterName, header.BrokerAddr));
        return Done(Ok(request));
    }

    internal ValueTask<Reply> PutKvConfigAsync(RemotingCommand request)
    {
        if (!PutKvConfigRequestHeader.TryParse(request.ExtFields, out var header, out _))
        {
            return Done(Error(request, ResponseCode.SystemError, "namespace or key is null"));
        }
        var size = header.Value is null ? 0 : Encoding.UTF8.GetByteCount(header.Value);
        if (size > _options.MaxKvValueSize)
        {
            return Done(Error(request, ResponseCode.SystemError, $"KV value of {size} bytes exceeds maxKvValueSize ({_options.MaxKvValueSize} bytes)"));
        }
        return AskAsync<PutKvConfigRequestHeader, KvDone>(
            request, (IReadOnlyDictionary<string, string>? _, out PutKvConfigRequestHeader? h, out string? e) => { h = header; e = null; return true; },
            h => new PutKvConfig(h.Namespace, h.Key, h.Value), (r, _) => Ok(r), _core.KvConfig);
    }

    internal async ValueTask<Reply> GetKvConfigAsync(RemotingCommand request)
    {
        if (!KvConfigKeyRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error);
        }
        var result = await AskAsync<KvValue>(_core.KvConfig, new GetKvConfig(header.Namespace, header.Key)).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            return Error(request, ResponseCode.SystemError, failure);
        }
        if (result.Value!.Value is not { } value)
        {
            return Error(request, ResponseCode.QueryNotFound, $"No config item, Namespace: {header.Namespace} Key: {header.Key}",
                new GetKvConfigResponseHeader(null).ToExtFields());
        }
        return Ok(request, extFields: new GetKvConfigResponseHeader(value).ToExtFields());
    }

    internal async ValueTask<Reply> GetKvListAsync(RemotingCommand request)
    {
        if (!GetKvListByNamespaceRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error);
        }
        var result = await AskAsync<KvNamespace>(_core.KvConfig, new GetKvList(header.Namespace)).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            return Error(request, ResponseCode.SystemError, failure);
        }
        return result.Value!.Table is { } table
            ? Ok(request, BodyEncoder.EncodeKvTable(new KvTable(table)))
            : Error(request, ResponseCode.QueryNotFound, $"No config item, Namespace: {header.Namespace}");
    }

    internal ValueTask<Reply> TopicListAsync(RemotingCommand request, TopicListKind kind, Func<NamesrvSettings, bool>? enabled)
    {
        if (enabled is not null && !enabled(_core.Config.Settings))
        {
            return Done(Error(request, ResponseCode.SystemError, "disable"));
        }
        return AskAsync<object?, TopicList>(
            request, (IReadOnlyDictionary<string, string>? _, out object? h, out string? e) => { h = null; e = null; return true; },
            _ => new GetTopicList(kind), (r, list) => Ok(r, BodyEncoder.EncodeTopicList(list)));
    }

    internal ValueTask<Reply> RegisterTopicAsync(RemotingCommand request)
    {
        if (!RegisterTopicRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Done(Error(request, ResponseCode.SystemError, error));
        }
        var queueDatas = request.Body.IsEmpty ? [] : BodyDecoder.DecodeTopicRouteData(request.Body.Span).QueueDatas;
        if (queueDatas.Count == 0)
        {
            return Done(Ok(request));
        }
        return AskAsync<RegisterTopicRequestHeader, RegisterTopicResult>(
            request, (IReadOnlyDictionary<string, string>? _, out RegisterTopicRequestHeader? h, out string? e) => { h = header; e = null; return true; },
            h => new RegisterTopic(h.Topic, queueDatas), (r, _) => Ok(r));
    }

    internal async ValueTask<Reply> UpdateNamesrvConfigAsync(RemotingCommand request)
    {
        if (request.Body.IsEmpty)
        {
            return Ok(request);
        }
        Dictionary<string, string> properties;
        try
        {
            properties = JavaProperties.Load(request.Body.Span);
        }
        catch (ProtocolException)
        {
            return Error(request, ResponseCode.SystemError, "string2Properties error");
        }
        var result = await AskAsync<ConfigUpdateResult>(_core.NamesrvConfig, new UpdateNamesrvConfig(properties.ToList())).ConfigureAwait(false);
        return result switch
        {
            { Failure: { } failure } => Error(request, ResponseCode.SystemError, failure),
            { Value: ConfigUpdateResult.Forbidden } => Error(request, ResponseCode.NoPermission, ConfigUpdateResult.Forbidden.Remark),
            { Value: ConfigUpdateResult.Invalid invalid } => Error(
                request, ResponseCode.SystemError, $"invalid value '{invalid.Value}' for {invalid.Key}: {invalid.Reason}"),
            _ => Ok(request),
        };
    }

    internal async ValueTask<Reply> GetNamesrvConfigAsync(RemotingCommand request)
    {
        var result = await AskAsync<NamesrvConfigText>(_core.NamesrvConfig, GetNamesrvConfig.Instance).ConfigureAwait(false);
        return result.Failure is { } failure
            ? Error(request, ResponseCode.SystemError, failure)
            : Ok(request, Encoding.UTF8.GetBytes(result.Value!.Text));
    }

    // 5.0.0–5.1.3 GET_CLIENT_CONFIG: body {"keys":[...]}, answer the requested keys as properties text. Java fails
    // (SYSTEM_ERROR) without a body, and so does the decoder here.
    internal Reply GetClientConfig(RemotingCommand request)
    {
        var values = _core.Config.Values;
        var selected = new List<KeyValuePair<string, string>>();
        foreach (var name in BodyDecoder.DecodeClientConfigKeys(request.Body.Span))
        {
            if (values.TryGetValue(name, out var value))
            {
                selected.Add(new(name, value));
            }
        }
        return Ok(request, JavaProperties.WriteUtf8(selected, sorted: true));
    }

    private delegate bool HeaderParser<THeader>(IReadOnlyDictionary<string, string>? ext, out THeader? header, out string? error);

    private async ValueTask<Reply> AskAsync<THeader, TAnswer>(
        RemotingCommand request,
        HeaderParser<THeader> parse,
        Func<THeader, object> message,
        Func<RemotingCommand, TAnswer, Reply> answer,
        IActorRef? target = null)
    {
        if (!parse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error ?? "bad request header");
        }
        var result = await AskAsync<TAnswer>(target ?? _core.RouteTable, message(header!)).ConfigureAwait(false);
        return result.Failure is { } failure ? Error(request, ResponseCode.SystemError, failure) : answer(request, result.Value!);
    }

    private readonly record struct AskResult<T>(T? Value, string? Failure);

    private async Task<AskResult<T>> AskAsync<T>(IActorRef target, object message)
    {
        try
        {
            return new AskResult<T>(await target.Ask<T>(message, _options.RequestTimeout).ConfigureAwait(false), null);
        }
        catch (AskTimeoutException)
        {
            _log.LogWarning("{Message} to {Target} timed out after {Timeout}", message.GetType().Name, target.Path, _options.RequestTimeout);
            return new AskResult<T>(default, "request timed out inside the name server");
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return new AskResult<T>(default, e.Message);
        }
    }

    private static ValueTask<Reply> Done(Reply reply) => new(reply);

    private static Reply Ok(RemotingCommand request, ReadOnlyMemory<byte> body = default, ExtFields? extFields = null)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.ExtFields = extFields;
        return new Reply(response, body);
    }

    private static Reply Error(RemotingCommand request, int code, string remark, ExtFields? extFields = null)
    {
        var response = RemotingCommand.CreateResponse(request, code, remark);
        response.ExtFields = extFields;
        return new Reply(response, default);
    }
}
