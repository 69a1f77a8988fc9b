using System.Text.Json.Serialization;

namespace NameServer.Actors.Contracts;

/// <summary>Asks the route of one topic (RocketMQ <c>GET_ROUTEINFO_BY_TOPIC</c>, 105). Answer: <see cref="RouteReply"/>.</summary>
/// <param name="Topic">The topic.</param>
public sealed record GetRoute(string Topic) : INameServerRequest;

/// <summary>Answer to <see cref="GetRoute"/>, from the routes the NameServer publishes to its TCP clients too.</summary>
/// <param name="Topic">The topic asked.</param>
/// <param name="Route">Its route; null when no broker serves it (TCP answers <c>TOPIC_NOT_EXIST</c>).</param>
public sealed record RouteReply(string Topic, TopicRoute? Route) : INameServerMessage;

/// <summary>Asks every broker group and cluster (RocketMQ <c>GET_BROKER_CLUSTER_INFO</c>, 106). Answer: <see cref="ClusterInfoReply"/>.</summary>
public sealed record GetClusterInfo : INameServerRequest;

/// <summary>Answer to <see cref="GetClusterInfo"/>.</summary>
/// <param name="ClusterInfo">The broker groups and clusters as published.</param>
public sealed record ClusterInfoReply(ClusterInfo ClusterInfo) : INameServerMessage;

/// <summary>Which topics <see cref="GetTopicList"/> lists (the RocketMQ request it stands for in brackets).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TopicListKind>))]
public enum TopicListKind
{
    /// <summary>Every topic (206); refused unless <c>enableAllTopicList</c>.</summary>
    All,

    /// <summary>System topics: cluster and broker names (304).</summary>
    System,

    /// <summary>Unit topics (311); refused unless <c>enableTopicList</c>.</summary>
    Unit,

    /// <summary>Topics with unit subscriptions (312); refused unless <c>enableTopicList</c>.</summary>
    HasUnitSub,

    /// <summary>Non-unit topics with unit subscriptions (313); refused unless <c>enableTopicList</c>.</summary>
    HasUnitSubUnUnit,

    /// <summary>The topics of one cluster (224; <see cref="GetTopicList.Cluster"/> names it); refused unless <c>enableTopicList</c>.</summary>
    Cluster,
}

/// <summary>Asks a topic list. Answer: <see cref="TopicListReply"/>; <see cref="NameServerError"/> when the list is disabled.</summary>
/// <param name="Kind">Which list.</param>
/// <param name="Cluster">The cluster, for <see cref="TopicListKind.Cluster"/> only.</param>
public sealed record GetTopicList(TopicListKind Kind, string? Cluster = null) : INameServerRequest;

/// <summary>Answer to <see cref="GetTopicList"/>.</summary>
/// <param name="Kind">The list asked.</param>
/// <param name="Topics">The topics, sorted.</param>
/// <param name="BrokerAddr">For <see cref="TopicListKind.System"/>: a broker address, as RocketMQ answers it.</param>
public sealed record TopicListReply(TopicListKind Kind, IReadOnlyList<string> Topics, string? BrokerAddr = null) : INameServerMessage;

/// <summary>Reads one KV entry (RocketMQ <c>GET_KV_CONFIG</c>, 101). Answer: <see cref="KvConfigReply"/>.</summary>
/// <param name="Namespace">The KV namespace (e.g. <c>ORDER_TOPIC_CONFIG</c>).</param>
/// <param name="Key">The key.</param>
public sealed record GetKvConfig(string Namespace, string Key) : INameServerRequest;

/// <summary>Answer to <see cref="GetKvConfig"/>.</summary>
/// <param name="Namespace">The namespace asked.</param>
/// <param name="Key">The key asked.</param>
/// <param name="Value">The value; null when there is none (TCP answers <c>QUERY_NOT_FOUND</c>).</param>
public sealed record KvConfigReply(string Namespace, string Key, string? Value) : INameServerMessage;

/// <summary>Reads a whole KV namespace (RocketMQ <c>GET_KVLIST_BY_NAMESPACE</c>, 219). Answer: <see cref="KvListReply"/>.</summary>
/// <param name="Namespace">The namespace.</param>
public sealed record GetKvList(string Namespace) : INameServerRequest;

/// <summary>Answer to <see cref="GetKvList"/>.</summary>
/// <param name="Namespace">The namespace asked.</param>
/// <param name="Table">Its entries; null when the namespace does not exist.</param>
public sealed record KvListReply(string Namespace, IReadOnlyDictionary<string, string>? Table) : INameServerMessage;
