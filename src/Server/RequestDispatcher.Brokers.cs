using Akka.Actor;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Server;

// A broker's own traffic (the BrokerControl rows): registration and unregistration through the connection's session,
// keep-alives, single-topic registration and the member-group query.
public sealed partial class RequestDispatcher
{
    internal async ValueTask<Reply> RegisterBrokerAsync(RemotingCommand request, IActorRef session)
    {
        if (!RegisterBrokerRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Error(request, ResponseCode.SystemError, error);
        }
        var hasBody = !request.Body.IsEmpty;
        // A broker re-sends its whole table every 30 s, nearly always unchanged: the same fingerprint as its last
        // registration on this connection, which RouteTable still vouches for, skips the CRC and the decode.
        var fingerprint = header.Fingerprint(request.Version, request.Body.Span);
        var key = new BrokerLiveKey(header.ClusterName, header.BrokerAddr);
        if (_core.Routes.UnchangedRegistrations.Matches(key, fingerprint, session))
        {
            return RegisterAnswer(request, await AskAsync<RegisterResult>(session, new SessionRefresh(key, fingerprint)).ConfigureAwait(false));
        }
        if (header.BodyCrc32 != 0 && Crc32.ComputeBodyCrc32(request.Body.Span) != header.BodyCrc32)
        {
            return RegistrationRefused(request, "crc32 not match");
        }
        // Decoded before the first await: the body may be a slice of the connection's receive buffer, released as
        // soon as this returns (RequestDispatcher.HandleAsync). How many registrations decode at once, and how long a
        // large one keeps its decode slot, is the connection layer's (RemotingFrames.HandleDeferredAsync).
        RegisterBrokerBody decoded;
        try
        {
            var bytes = request.Body.Span;
            decoded = request.Version >= MqVersion.V3_0_11 || bytes.IsEmpty
                ? RegisterBrokerBodyCodec.Decode(bytes, header.Compressed, request.Version, _options.FrameLimit, _core.Routes)
                : new RegisterBrokerBody(RegisterBrokerBodyCodec.DecodeTopicConfigSerializeWrapper(bytes), []);
        }
        catch (ProtocolException e)
        {
            return RegistrationRefused(request, "register broker body: " + e.Message);
        }
        var topicCount = decoded.TopicConfigSerializeWrapper.TopicConfigTable.Count;
        if (topicCount > _options.MaxTopicsPerRegistration)
        {
            return RegistrationRefused(
                request, $"registration carries {topicCount} topics, more than maxTopicsPerRegistration ({_options.MaxTopicsPerRegistration})");
        }
        var command = new RegisterBrokerCommand(
            header.ClusterName, header.BrokerAddr, header.BrokerName, header.BrokerId, header.HaServerAddr,
            hasBody ? decoded.TopicConfigSerializeWrapper : null, decoded.FilterServerList, ConnectionEpoch: 0,
            header.ZoneName, header.HeartbeatTimeoutMillis, header.EnableActingMaster, request.Version, fingerprint);
        return RegisterAnswer(request, await AskAsync<RegisterResult>(session, new SessionRegister(command)).ConfigureAwait(false));
    }

    private Reply RegisterAnswer(RemotingCommand request, AskResult<RegisterResult> result)
    {
        if (result.Failure is { } failure)
        {
            return RegistrationRefused(request, failure);
        }
        if (result.Value!.Outcome == RegisterOutcome.Refused)
        {
            return RegistrationRefused(request, "register broker failed");
        }
        var ext = new RegisterBrokerResponseHeader(result.Value.HaServerAddr, result.Value.MasterAddr).ToExtFields();
        // No body at all when the namespace does not exist: 4.9 brokers read an empty table as "no topic is ordered".
        var orderTable = _core.Config.Settings.ReturnOrderTopicConfigToBroker
            ? _core.Kv.GetNamespace(KvConfigState.OrderTopicConfigNamespace)
            : null;
        return Ok(request, orderTable is null ? default : BodyEncoder.EncodeKvTable(new KvTable(orderTable)), ext);
    }

    // A refused registration still carries the (empty) response header a broker reads.
    private static Reply RegistrationRefused(RemotingCommand request, string remark) =>
        Error(request, ResponseCode.SystemError, remark, new RegisterBrokerResponseHeader().ToExtFields());

    internal ValueTask<Reply> UnregisterBrokerAsync(RemotingCommand request, IActorRef session) =>
        UnregisterBrokerRequestHeader.TryParse(request.ExtFields, out var h, out var error)
            ? AskAsync<UnregisterResult>(
                request, session, new UnregisterBroker(new UnregisterBrokerCommand(h.ClusterName, h.BrokerAddr, h.BrokerName, h.BrokerId)),
                static (r, _) => Ok(r))
            : Done(Error(request, ResponseCode.SystemError, error));

    internal ValueTask<Reply> QueryDataVersionAsync(RemotingCommand request, IActorRef session)
    {
        if (!QueryDataVersionRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Done(Error(request, ResponseCode.SystemError, error));
        }
        var version = request.Body.IsEmpty ? DataVersion.Zero : BodyDecoder.DecodeDataVersion(request.Body.Span);
        return AskAsync<DataVersionQueryResult>(
            request, session, new QueryDataVersion(header.ClusterName, header.BrokerAddr, version),
            static (r, result) => Ok(
                r, result.Stored is { } stored ? BodyEncoder.EncodeDataVersion(stored) : default(ReadOnlyMemory<byte>),
                new QueryDataVersionResponseHeader(result.Changed).ToExtFields()));
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

    internal ValueTask<Reply> RegisterTopicAsync(RemotingCommand request)
    {
        if (!RegisterTopicRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Done(Error(request, ResponseCode.SystemError, error));
        }
        var queueDatas = request.Body.IsEmpty ? [] : BodyDecoder.DecodeTopicRouteData(request.Body.Span).QueueDatas;
        return queueDatas.Count == 0
            ? Done(Ok(request))
            : AskAsync<RegisterTopicResult>(request, _core.RouteTable, new RegisterTopic(header.Topic, queueDatas), static (r, _) => Ok(r));
    }

    internal ValueTask<Reply> GetBrokerMemberGroupAsync(RemotingCommand request) =>
        GetBrokerMemberGroupRequestHeader.TryParse(request.ExtFields, out var h, out var error)
            ? AskAsync<BrokerMemberGroup>(
                request, _core.RouteTable, new Routing.GetBrokerMemberGroup(h.ClusterName, h.BrokerName),
                static (r, group) => Ok(r, BodyEncoder.EncodeBrokerMemberGroup(group)))
            : Done(Error(request, ResponseCode.SystemError, error));
}
