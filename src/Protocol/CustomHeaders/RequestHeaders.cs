using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NameServer.Actors.Protocol.CustomHeaders;

// Request headers of the NameServer codes. Each TryParse fails only for a missing/unparsable @CFNotNull field and
// then reports "the custom field <name> is null" (the server answers SYSTEM_ERROR naming it); optional fields that do
// not parse read as null, as in Java. Unknown keys (ACL signature, ns, bname, ...) are ignored.

/// <summary><c>REGISTER_BROKER</c> (103).</summary>
public sealed record RegisterBrokerRequestHeader(
    string BrokerName,
    string BrokerAddr,
    string ClusterName,
    string HaServerAddr,
    long BrokerId,
    bool Compressed = false,
    int BodyCrc32 = 0,
    long? HeartbeatTimeoutMillis = null,
    bool? EnableActingMaster = null,
    string? ZoneName = null)
{
    public const string ZoneNameKey = "__ZONE_NAME";

    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out RegisterBrokerRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new RegisterBrokerRequestHeader(
            required.String("brokerName"),
            required.String("brokerAddr"),
            required.String("clusterName"),
            required.String("haServerAddr"),
            required.Long("brokerId"),
            ext.GetBool("compressed") ?? false,
            ext.GetInt("bodyCrc32") ?? 0,
            ext.GetLong("heartbeatTimeoutMillis"),
            ext.GetBool("enableActingMaster"),
            ext.GetString(ZoneNameKey));
        return required.Finish(ref header, out error);
    }

    /// <summary>
    /// A 128-bit digest of everything a registration carries: these header fields, the request's remoting version and
    /// the body's bytes as sent. Two registrations with the same fingerprint decode to the same command, which lets
    /// a broker's periodic re-registration of an unchanged table skip decoding (<c>docs/BEHAVIOUR.md</c>,
    /// "Unchanged re-registrations").
    /// </summary>
    public UInt128 Fingerprint(int requestVersion, ReadOnlySpan<byte> body)
    {
        var hash = new XxHash128();
        Span<byte> scalars = stackalloc byte[8 + 4 + 4 + 8 + 1 + 1];
        BinaryPrimitives.WriteInt64LittleEndian(scalars, BrokerId);
        BinaryPrimitives.WriteInt32LittleEndian(scalars[8..], BodyCrc32);
        BinaryPrimitives.WriteInt32LittleEndian(scalars[12..], requestVersion);
        BinaryPrimitives.WriteInt64LittleEndian(scalars[16..], HeartbeatTimeoutMillis ?? -1);
        scalars[24] = (byte)(Compressed ? 1 : 0);
        scalars[25] = EnableActingMaster switch { null => 2, true => 1, false => 0 };
        hash.Append(scalars);
        AppendString(hash, BrokerName);
        AppendString(hash, BrokerAddr);
        AppendString(hash, ClusterName);
        AppendString(hash, HaServerAddr);
        AppendString(hash, ZoneName);
        hash.Append(body);
        return hash.GetCurrentHashAsUInt128();
    }

    // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ; -1 for null.
    private static void AppendString(XxHash128 hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, value?.Length ?? -1);
        hash.Append(length);
        if (value is not null)
        {
            hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
        }
    }

    /// <summary>The ext fields a 5.x broker sends, in the order it sends them (Java HashMap order).</summary>
    public Headers.ExtFields ToExtFields()
    {
        var ext = new Headers.ExtFields()
            .Set("brokerId", JavaText.Of(BrokerId))
            .Set("bodyCrc32", JavaText.Of(BodyCrc32))
            .Set("clusterName", ClusterName)
            .Set("brokerAddr", BrokerAddr);
        if (EnableActingMaster is { } acting)
        {
            ext.Set("enableActingMaster", JavaText.Of(acting));
        }
        if (HeartbeatTimeoutMillis is { } timeout)
        {
            ext.Set("heartbeatTimeoutMillis", JavaText.Of(timeout));
        }
        ext.Set("haServerAddr", HaServerAddr)
            .Set("compressed", JavaText.Of(Compressed))
            .Set("brokerName", BrokerName);
        if (ZoneName is not null)
        {
            ext.Set(ZoneNameKey, ZoneName);
        }
        return ext;
    }
}

/// <summary><c>UNREGISTER_BROKER</c> (104).</summary>
public sealed record UnregisterBrokerRequestHeader(string BrokerName, string BrokerAddr, string ClusterName, long BrokerId)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out UnregisterBrokerRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new UnregisterBrokerRequestHeader(
            required.String("brokerName"),
            required.String("brokerAddr"),
            required.String("clusterName"),
            required.Long("brokerId"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>GET_ROUTEINFO_BY_TOPIC</c> (105).</summary>
public sealed record GetRouteInfoRequestHeader(
    string Topic,
    bool? AcceptStandardJsonOnly = null,
    bool? ZoneMode = null,
    string? ZoneName = null)
{
    public const string ZoneModeKey = "__ZONE_MODE";

    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out GetRouteInfoRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new GetRouteInfoRequestHeader(
            required.String("topic"),
            ext.GetBool("acceptStandardJsonOnly"),
            ext.GetBool(ZoneModeKey),
            ext.GetString(RegisterBrokerRequestHeader.ZoneNameKey));
        return required.Finish(ref header, out error);
    }
}

/// <summary>
/// <c>PUT_KV_CONFIG</c> (100). <see cref="Value"/> is declared not-null in Java but a missing one is only logged and
/// stored as null, so it stays optional here.
/// </summary>
public sealed record PutKvConfigRequestHeader(string Namespace, string Key, string? Value)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out PutKvConfigRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new PutKvConfigRequestHeader(required.String("namespace"), required.String("key"), ext.GetString("value"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>GET_KV_CONFIG</c> (101) and <c>DELETE_KV_CONFIG</c> (102).</summary>
public sealed record KvConfigKeyRequestHeader(string Namespace, string Key)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out KvConfigKeyRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new KvConfigKeyRequestHeader(required.String("namespace"), required.String("key"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>GET_KVLIST_BY_NAMESPACE</c> (219).</summary>
public sealed record GetKvListByNamespaceRequestHeader(string Namespace)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out GetKvListByNamespaceRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new GetKvListByNamespaceRequestHeader(required.String("namespace"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>WIPE_WRITE_PERM_OF_BROKER</c> (205) and <c>ADD_WRITE_PERM_OF_BROKER</c> (327).</summary>
public sealed record BrokerPermRequestHeader(string BrokerName)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out BrokerPermRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new BrokerPermRequestHeader(required.String("brokerName"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>DELETE_TOPIC_IN_NAMESRV</c> (216).</summary>
public sealed record DeleteTopicRequestHeader(string Topic, string? ClusterName = null)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out DeleteTopicRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new DeleteTopicRequestHeader(required.String("topic"), ext.GetString("clusterName"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>REGISTER_TOPIC_IN_NAMESRV</c> (217, 5.x).</summary>
public sealed record RegisterTopicRequestHeader(string Topic)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out RegisterTopicRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new RegisterTopicRequestHeader(required.String("topic"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>GET_TOPICS_BY_CLUSTER</c> (224).</summary>
public sealed record GetTopicsByClusterRequestHeader(string Cluster)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out GetTopicsByClusterRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new GetTopicsByClusterRequestHeader(required.String("cluster"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>QUERY_DATA_VERSION</c> (322).</summary>
public sealed record QueryDataVersionRequestHeader(string BrokerName, string BrokerAddr, string ClusterName, long BrokerId)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out QueryDataVersionRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new QueryDataVersionRequestHeader(
            required.String("brokerName"),
            required.String("brokerAddr"),
            required.String("clusterName"),
            required.Long("brokerId"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>GET_BROKER_MEMBER_GROUP</c> (901, 5.x).</summary>
public sealed record GetBrokerMemberGroupRequestHeader(string ClusterName, string BrokerName)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out GetBrokerMemberGroupRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new GetBrokerMemberGroupRequestHeader(required.String("clusterName"), required.String("brokerName"));
        return required.Finish(ref header, out error);
    }
}

/// <summary><c>BROKER_HEARTBEAT</c> (904, 5.x); the optional fields are unused by the NameServer.</summary>
public sealed record BrokerHeartbeatRequestHeader(
    string ClusterName,
    string BrokerAddr,
    string BrokerName,
    long? BrokerId = null,
    int? Epoch = null,
    long? MaxOffset = null,
    long? ConfirmOffset = null,
    long? HeartbeatTimeoutMills = null,
    int? ElectionPriority = null)
{
    public static bool TryParse(
        IReadOnlyDictionary<string, string>? ext,
        [NotNullWhen(true)] out BrokerHeartbeatRequestHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        var required = new RequiredFields(ext);
        header = new BrokerHeartbeatRequestHeader(
            required.String("clusterName"),
            required.String("brokerAddr"),
            required.String("brokerName"),
            ext.GetLong("brokerId"),
            ext.GetInt("epoch"),
            ext.GetLong("maxOffset"),
            ext.GetLong("confirmOffset"),
            ext.GetLong("heartbeatTimeoutMills"),
            ext.GetInt("electionPriority"));
        return required.Finish(ref header, out error);
    }
}
