namespace NameServer.Actors.Protocol.Model;

/// <summary>The answer to <c>GET_BROKER_CLUSTER_INFO</c>.</summary>
public sealed record ClusterInfo(
    IReadOnlyDictionary<string, BrokerData> BrokerAddrTable,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> ClusterAddrTable);

/// <summary>Body of every topic-list answer; <see cref="BrokerAddr"/> only for the system-topic list.</summary>
public sealed record TopicList(IReadOnlyCollection<string> Topics, string? BrokerAddr = null);

/// <summary>A KV namespace as a body (<c>KVTable</c>).</summary>
public sealed record KvTable(IReadOnlyDictionary<string, string> Table);

/// <summary>Body of the 5.x <c>GET_BROKER_MEMBER_GROUP</c> answer.</summary>
public sealed record BrokerMemberGroup(string Cluster, string BrokerName, IReadOnlyDictionary<long, string> BrokerAddrs);
