using System.Text;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

// One typed method per NameServer request code (docs/PROTOCOL.md, "Request codes").
public sealed partial class NameServerClient
{
    /// <summary>Namespace whose KV entries configure ordered topics.</summary>
    public const string OrderTopicConfigNamespace = "ORDER_TOPIC_CONFIG";

    /// <summary>105: the route of <paramref name="topic"/>.</summary>
    /// <exception cref="NameServerException">Code 17 (TOPIC_NOT_EXIST) for an unknown topic, or any other error.</exception>
    public async Task<TopicRouteData> GetRouteInfoByTopicAsync(
        string topic,
        bool? acceptStandardJsonOnly = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var ext = new ExtFields().Set("topic", topic);
        if (acceptStandardJsonOnly is { } standard)
        {
            ext.Set("acceptStandardJsonOnly", Text(standard));
        }
        var (address, response) = await CallAsync(Request(RequestCode.GetRouteInfoByTopic, ext), options, cancellationToken)
            .ConfigureAwait(false);
        return Decode(address, response, "TopicRouteData", b => BodyDecoder.DecodeTopicRouteData(b));
    }

    /// <summary>106: every broker and cluster.</summary>
    public async Task<ClusterInfo> GetBrokerClusterInfoAsync(
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (address, response) = await CallAsync(Request(RequestCode.GetBrokerClusterInfo), options, cancellationToken)
            .ConfigureAwait(false);
        return Decode(address, response, "ClusterInfo", b => BodyDecoder.DecodeClusterInfo(b));
    }

    /// <summary>
    /// 103: registers a broker (body encoded for the client's <see cref="NameServerClientOptions.Version"/>: 5.x
    /// JSON from 413 on, 4.9 JSON below; <c>bodyCrc32</c> set). A oneway registration returns
    /// <see cref="RegisterBrokerResult.None"/>.
    /// </summary>
    public async Task<RegisterBrokerResult> RegisterBrokerAsync(
        RegisterBrokerRequest request,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var command = BuildRegisterBroker(request);
        if (request.Oneway)
        {
            await InvokeOnewayAsync(command, options, cancellationToken).ConfigureAwait(false);
            return RegisterBrokerResult.None;
        }
        var (address, response) = await CallAsync(command, options, cancellationToken).ConfigureAwait(false);
        var orderTopics = response.Body.IsEmpty
            ? null
            : Decode(address, response, "KVTable", b => BodyDecoder.DecodeKvTable(b));
        return new RegisterBrokerResult(
            response.ExtFields.GetString("masterAddr"),
            response.ExtFields.GetString("haServerAddr"),
            orderTopics);
    }

    /// <summary>103 to every server of the list, as brokers do.</summary>
    public Task<IReadOnlyList<ServerResult<RegisterBrokerResult>>> RegisterBrokerOnAllAsync(
        RegisterBrokerRequest request,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => RegisterBrokerAsync(request, o, ct), timeout, cancellationToken);

    /// <summary>104: removes a broker.</summary>
    public async Task UnregisterBrokerAsync(
        string clusterName,
        string brokerAddr,
        string brokerName,
        long brokerId,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        await CallAsync(Request(RequestCode.UnregisterBroker, BrokerIdentity(clusterName, brokerAddr, brokerName, brokerId)), options, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>104 to every server of the list, as a broker does at shutdown.</summary>
    public Task<IReadOnlyList<ServerResult>> UnregisterBrokerOnAllAsync(
        string clusterName,
        string brokerAddr,
        string brokerName,
        long brokerId,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync(
            (o, ct) => UnregisterBrokerAsync(clusterName, brokerAddr, brokerName, brokerId, o, ct),
            timeout,
            cancellationToken);

    /// <summary>322: compares the broker's <paramref name="dataVersion"/> with the server's copy (also a heartbeat in 5.x).</summary>
    public async Task<QueryDataVersionResult> QueryDataVersionAsync(
        string clusterName,
        string brokerAddr,
        string brokerName,
        long brokerId,
        DataVersion dataVersion,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var body = BodyEncoder.EncodeDataVersion(dataVersion, includeStateVersion: _options.Version >= MqVersion.V5_0_0);
        var request = Request(RequestCode.QueryDataVersion, BrokerIdentity(clusterName, brokerAddr, brokerName, brokerId), body);
        var (address, response) = await CallAsync(request, options, cancellationToken).ConfigureAwait(false);
        DataVersion? stored = response.Body.IsEmpty
            ? null
            : Decode(address, response, "DataVersion", b => BodyDecoder.DecodeDataVersion(b));
        return new QueryDataVersionResult(response.ExtFields.GetBool("changed") ?? false, stored);
    }

    /// <summary>
    /// 322 sent oneway: how 5.x acting-master brokers in compatible mode heartbeat (the server refreshes liveness and
    /// answers nothing).
    /// </summary>
    public Task QueryDataVersionOnewayAsync(
        string clusterName,
        string brokerAddr,
        string brokerName,
        long brokerId,
        DataVersion dataVersion,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var body = BodyEncoder.EncodeDataVersion(dataVersion, includeStateVersion: _options.Version >= MqVersion.V5_0_0);
        var request = Request(RequestCode.QueryDataVersion, BrokerIdentity(clusterName, brokerAddr, brokerName, brokerId), body);
        return InvokeOnewayAsync(request, options, cancellationToken);
    }

    /// <summary>904 (5.x), oneway: refreshes the broker's liveness. Nothing is awaited.</summary>
    public Task BrokerHeartbeatAsync(
        BrokerHeartbeatRequestHeader header,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        var ext = new ExtFields()
            .Set("clusterName", header.ClusterName)
            .Set("brokerAddr", header.BrokerAddr)
            .Set("brokerName", header.BrokerName);
        SetIfPresent(ext, "brokerId", header.BrokerId);
        SetIfPresent(ext, "epoch", header.Epoch);
        SetIfPresent(ext, "maxOffset", header.MaxOffset);
        SetIfPresent(ext, "confirmOffset", header.ConfirmOffset);
        SetIfPresent(ext, "heartbeatTimeoutMills", header.HeartbeatTimeoutMills);
        SetIfPresent(ext, "electionPriority", header.ElectionPriority);
        return InvokeOnewayAsync(Request(RequestCode.BrokerHeartbeat, ext), options, cancellationToken);
    }

    /// <summary>901 (5.x): the live members of a broker group.</summary>
    public async Task<BrokerMemberGroup> GetBrokerMemberGroupAsync(
        string clusterName,
        string brokerName,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var ext = new ExtFields().Set("clusterName", clusterName).Set("brokerName", brokerName);
        var (address, response) = await CallAsync(Request(RequestCode.GetBrokerMemberGroup, ext), options, cancellationToken)
            .ConfigureAwait(false);
        return Decode(address, response, "GetBrokerMemberGroupResponseBody", b => BodyDecoder.DecodeBrokerMemberGroup(b));
    }

    /// <summary>100: puts a KV entry (mqadmin sends it to every server: see <see cref="PutKvConfigOnAllAsync"/>).</summary>
    public async Task PutKvConfigAsync(
        string @namespace,
        string key,
        string value,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var ext = new ExtFields().Set("namespace", @namespace).Set("key", key).Set("value", value);
        await CallAsync(Request(RequestCode.PutKvConfig, ext), options, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ServerResult>> PutKvConfigOnAllAsync(
        string @namespace,
        string key,
        string value,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => PutKvConfigAsync(@namespace, key, value, o, ct), timeout, cancellationToken);

    /// <summary>101: a KV value, or <c>null</c> when the server answers QUERY_NOT_FOUND (22).</summary>
    public async Task<string?> GetKvConfigAsync(
        string @namespace,
        string key,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var ext = new ExtFields().Set("namespace", @namespace).Set("key", key);
        var (address, response) = await SendAsync(Request(RequestCode.GetKvConfig, ext), options, cancellationToken)
            .ConfigureAwait(false);
        return response.Code switch
        {
            ResponseCode.Success => response.ExtFields.GetString("value"),
            ResponseCode.QueryNotFound => null,
            _ => throw new NameServerException(address, response.Code, response.Remark),
        };
    }

    /// <summary>102: deletes a KV entry (always SUCCESS on a Java server).</summary>
    public async Task DeleteKvConfigAsync(
        string @namespace,
        string key,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var ext = new ExtFields().Set("namespace", @namespace).Set("key", key);
        await CallAsync(Request(RequestCode.DeleteKvConfig, ext), options, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ServerResult>> DeleteKvConfigOnAllAsync(
        string @namespace,
        string key,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => DeleteKvConfigAsync(@namespace, key, o, ct), timeout, cancellationToken);

    /// <summary>219: a whole KV namespace, or <c>null</c> when the server answers QUERY_NOT_FOUND (22).</summary>
    public async Task<KvTable?> GetKvListByNamespaceAsync(
        string @namespace,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var ext = new ExtFields().Set("namespace", @namespace);
        var (address, response) = await SendAsync(Request(RequestCode.GetKvListByNamespace, ext), options, cancellationToken)
            .ConfigureAwait(false);
        return response.Code switch
        {
            ResponseCode.Success => Decode(address, response, "KVTable", b => BodyDecoder.DecodeKvTable(b)),
            ResponseCode.QueryNotFound => null,
            _ => throw new NameServerException(address, response.Code, response.Remark),
        };
    }

    /// <summary>205: clears the write bit of every queue of <paramref name="brokerName"/>; returns the topic count.</summary>
    public Task<int> WipeWritePermOfBrokerAsync(
        string brokerName,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ChangePermOfBrokerAsync(RequestCode.WipeWritePermOfBroker, "wipeTopicCount", brokerName, options, cancellationToken);

    public Task<IReadOnlyList<ServerResult<int>>> WipeWritePermOfBrokerOnAllAsync(
        string brokerName,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => WipeWritePermOfBrokerAsync(brokerName, o, ct), timeout, cancellationToken);

    /// <summary>327: restores read/write on every queue of <paramref name="brokerName"/>; returns the topic count.</summary>
    public Task<int> AddWritePermOfBrokerAsync(
        string brokerName,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ChangePermOfBrokerAsync(RequestCode.AddWritePermOfBroker, "addTopicCount", brokerName, options, cancellationToken);

    public Task<IReadOnlyList<ServerResult<int>>> AddWritePermOfBrokerOnAllAsync(
        string brokerName,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => AddWritePermOfBrokerAsync(brokerName, o, ct), timeout, cancellationToken);

    // 205 and 327 differ only in their code and the name of the count in the answer.
    private async Task<int> ChangePermOfBrokerAsync(
        int code,
        string countKey,
        string brokerName,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        var ext = new ExtFields().Set("brokerName", brokerName);
        var (_, response) = await CallAsync(Request(code, ext), options, cancellationToken).ConfigureAwait(false);
        return response.ExtFields.GetInt(countKey) ?? 0;
    }

    /// <summary>206: every topic with a route.</summary>
    public Task<TopicList> GetAllTopicListAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        GetTopicListAsync(RequestCode.GetAllTopicListFromNameServer, null, options, cancellationToken);

    /// <summary>216: deletes a topic's route, entirely or (with <paramref name="clusterName"/>) on that cluster only.</summary>
    public async Task DeleteTopicInNamesrvAsync(
        string topic,
        string? clusterName = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var ext = new ExtFields().Set("topic", topic);
        if (clusterName is not null)
        {
            ext.Set("clusterName", clusterName);
        }
        await CallAsync(Request(RequestCode.DeleteTopicInNamesrv, ext), options, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ServerResult>> DeleteTopicInNamesrvOnAllAsync(
        string topic,
        string? clusterName = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => DeleteTopicInNamesrvAsync(topic, clusterName, o, ct), timeout, cancellationToken);

    /// <summary>217 (5.x): puts the queue data of <paramref name="topic"/> for brokers the server already knows.</summary>
    public async Task RegisterTopicInNamesrvAsync(
        string topic,
        IReadOnlyList<QueueData> queueDatas,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queueDatas);
        var route = new TopicRouteData(queueDatas, [], new Dictionary<string, IReadOnlyList<string>>());
        var body = BodyEncoder.EncodeTopicRouteData(route, JsonMode.Legacy);
        var ext = new ExtFields().Set("topic", topic);
        await CallAsync(Request(RequestCode.RegisterTopicInNamesrv, ext, body), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>224: topics with queues on a broker of <paramref name="cluster"/>.</summary>
    public Task<TopicList> GetTopicsByClusterAsync(
        string cluster,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetTopicListAsync(RequestCode.GetTopicsByCluster, new ExtFields().Set("cluster", cluster), options, cancellationToken);

    /// <summary>304: cluster and broker names, plus a broker address to ask for its system topics.</summary>
    public Task<TopicList> GetSystemTopicListAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        GetTopicListAsync(RequestCode.GetSystemTopicListFromNs, null, options, cancellationToken);

    /// <summary>311: unit topics.</summary>
    public Task<TopicList> GetUnitTopicListAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        GetTopicListAsync(RequestCode.GetUnitTopicList, null, options, cancellationToken);

    /// <summary>312: topics with unit subscriptions.</summary>
    public Task<TopicList> GetHasUnitSubTopicListAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        GetTopicListAsync(RequestCode.GetHasUnitSubTopicList, null, options, cancellationToken);

    /// <summary>313: non-unit topics with unit subscriptions.</summary>
    public Task<TopicList> GetHasUnitSubUnUnitTopicListAsync(
        RequestOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetTopicListAsync(RequestCode.GetHasUnitSubUnunitTopicList, null, options, cancellationToken);

    /// <summary>318: updates server settings (body <c>key=value</c> lines, like mqadmin).</summary>
    public async Task UpdateNamesrvConfigAsync(
        IDictionary<string, string> properties,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Count == 0)
        {
            throw new ArgumentException("At least one property is needed.", nameof(properties));
        }
        var body = JavaProperties.WriteUtf8(properties, sorted: false);
        await CallAsync(Request(RequestCode.UpdateNamesrvConfig, null, body), options, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ServerResult>> UpdateNamesrvConfigOnAllAsync(
        IDictionary<string, string> properties,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => UpdateNamesrvConfigAsync(properties, o, ct), timeout, cancellationToken);

    /// <summary>319: the server's configuration as properties text and parsed.</summary>
    public async Task<NamesrvConfigSnapshot> GetNamesrvConfigAsync(
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (address, response) = await CallAsync(Request(RequestCode.GetNamesrvConfig), options, cancellationToken)
            .ConfigureAwait(false);
        return Decode(address, response, "configuration", b =>
        {
            var text = Encoding.UTF8.GetString(b);
            return new NamesrvConfigSnapshot(text, JavaProperties.Load(text));
        });
    }

    public Task<IReadOnlyList<ServerResult<NamesrvConfigSnapshot>>> GetNamesrvConfigOnAllAsync(
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ForEachServerAsync((o, ct) => GetNamesrvConfigAsync(o, ct), timeout, cancellationToken);

    /// <summary>47 (5.0.0–5.1.3 servers only): the values of <paramref name="keys"/> as properties text.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetClientConfigAsync(
        IReadOnlyCollection<string> keys,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var buffer = new PooledBufferWriter();
        var w = new FastJsonWriter(buffer, JsonMode.Legacy);
        w.WriteStartObject();
        w.WritePropertyName("keys");
        w.WriteStartArray();
        foreach (var key in keys)
        {
            w.WriteString(key);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        var (address, response) = await CallAsync(Request(RequestCode.GetClientConfig, null, buffer.ToArray()), options, cancellationToken)
            .ConfigureAwait(false);
        return response.Body.IsEmpty
            ? new Dictionary<string, string>()
            : Decode(address, response, "properties", b => JavaProperties.Load(Encoding.UTF8.GetString(b)));
    }

    private async Task<TopicList> GetTopicListAsync(
        int code,
        ExtFields? ext,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        var (address, response) = await CallAsync(Request(code, ext), options, cancellationToken).ConfigureAwait(false);
        return Decode(address, response, "TopicList", b => BodyDecoder.DecodeTopicList(b));
    }

    private RemotingCommand BuildRegisterBroker(RegisterBrokerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Body);
        var body = request.Compressed
            ? RegisterBrokerBodyCodec.EncodeCompressed(request.Body, _options.Version)
            : RegisterBrokerBodyCodec.EncodeJson(request.Body, v5Format: _options.Version >= MqVersion.V5_0_0);
        var header = new RegisterBrokerRequestHeader(
            request.BrokerName,
            request.BrokerAddr,
            request.ClusterName,
            request.HaServerAddr,
            request.BrokerId,
            request.Compressed,
            Crc32.ComputeBodyCrc32(body),
            request.HeartbeatTimeoutMillis,
            request.EnableActingMaster,
            request.ZoneName);
        return Request(RequestCode.RegisterBroker, header.ToExtFields(), body);
    }

    private static ExtFields BrokerIdentity(string clusterName, string brokerAddr, string brokerName, long brokerId) =>
        new ExtFields()
            .Set("brokerName", brokerName)
            .Set("brokerAddr", brokerAddr)
            .Set("clusterName", clusterName)
            .Set("brokerId", Text(brokerId));

    private static void SetIfPresent(ExtFields ext, string key, long? value)
    {
        if (value is { } v)
        {
            ext.Set(key, Text(v));
        }
    }
}
