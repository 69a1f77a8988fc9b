using System.Buffers;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Server;

// Route and cluster reads: GET_ROUTEINFO_BY_TOPIC (the hot path and the full one) and GET_BROKER_CLUSTER_INFO, both
// answered from the published snapshots without an actor hop.
public sealed partial class RequestDispatcher
{
    /// <summary>The remark of the Java answer to an unknown topic (TOPIC_NOT_EXIST), without its FAQ link.</summary>
    public const string TopicNotExistRemark = "No topic route info in name server for the topic: ";

    // FAQUrl.suggestTodo(FAQUrl.APPLY_TOPIC_URL) as the client's own release writes it: 5.1.0 moved the FAQ page.
    // Clients only read the code (and the "\nSee " marker), so the link is for the person reading the exception.
    private const string FaqSuffix = "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.";
    private const string FaqSuffixBefore51 = "\nSee http://rocketmq.apache.org/docs/faq/ for further details.";

    private ClusterInfo? _encodedClusterInfoSource;
    private byte[] _encodedClusterInfo = [];

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
}
