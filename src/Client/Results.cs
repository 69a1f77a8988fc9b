using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

/// <summary>What a broker registers (<c>REGISTER_BROKER</c> request header + body).</summary>
public sealed record RegisterBrokerRequest(
    string ClusterName,
    string BrokerAddr,
    string BrokerName,
    long BrokerId,
    string HaServerAddr,
    RegisterBrokerBody Body)
{
    /// <summary>Send the zlib form of the body (broker <c>compressedRegister</c>).</summary>
    public bool Compressed { get; init; }

    /// <summary>5.x: expiry after this much silence (acting-master brokers send 10 000).</summary>
    public long? HeartbeatTimeoutMillis { get; init; }

    /// <summary>5.x brokers send it (false unless acting master is on); 4.9 brokers never do (leave null).</summary>
    public bool? EnableActingMaster { get; init; }

    /// <summary>5.x zone (<c>__ZONE_NAME</c> ext field).</summary>
    public string? ZoneName { get; init; }

    /// <summary>Send oneway (brokers do during role changes): nothing is awaited, the result is empty.</summary>
    public bool Oneway { get; init; }
}

/// <summary>The NameServer's answer to a registration.</summary>
/// <param name="MasterAddr">For a slave: the address of its live master, else null.</param>
/// <param name="HaServerAddr">For a slave: the master's HA address, else null.</param>
/// <param name="OrderTopicConfig">The <c>ORDER_TOPIC_CONFIG</c> KV namespace, when the server returned it.</param>
public sealed record RegisterBrokerResult(string? MasterAddr, string? HaServerAddr, KvTable? OrderTopicConfig)
{
    /// <summary>Result of a oneway registration: nothing is known.</summary>
    public static readonly RegisterBrokerResult None = new(null, null, null);
}

/// <summary>Answer to <c>QUERY_DATA_VERSION</c>: whether the server's copy differs, and the server's copy (if any).</summary>
public sealed record QueryDataVersionResult(bool Changed, DataVersion? NameServerDataVersion);

/// <summary>A NameServer's configuration (<c>GET_NAMESRV_CONFIG</c>): the raw properties text and its parsed form.</summary>
public sealed record NamesrvConfigSnapshot(string Text, IReadOnlyDictionary<string, string> Properties);

/// <summary>Outcome of a call on one server of the list (see <see cref="NameServerClient.ForEachServerAsync"/>).</summary>
public sealed record ServerResult(string Address, Exception? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>Outcome with a value of a call on one server of the list.</summary>
public sealed record ServerResult<T>(string Address, T? Value, Exception? Error)
{
    public bool Succeeded => Error is null;
}
