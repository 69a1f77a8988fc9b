using System.Collections.Frozen;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

/// <summary>
/// What a state change touched: the topics whose route may have changed (the caller republishes only those)
/// and whether <c>GET_BROKER_CLUSTER_INFO</c> would now answer differently.
/// </summary>
public sealed record RouteChanges(IReadOnlySet<string> Topics, bool ClusterInfo)
{
    public static readonly RouteChanges None = new(FrozenSet<string>.Empty, false);

    public bool IsEmpty => Topics.Count == 0 && !ClusterInfo;
}

/// <summary>One <c>NOTIFY_MIN_BROKER_ID_CHANGE</c> (905) to send, oneway, to <see cref="TargetAddr"/> (<c>docs/BEHAVIOUR.md</c>, "Minimum broker id notifications").</summary>
public sealed record MinBrokerIdChangeNotification(
    string TargetAddr,
    long MinBrokerId,
    string MinBrokerAddr,
    string? OfflineBrokerAddr,
    string? HaBrokerAddr);

public enum RegisterOutcome
{
    /// <summary>Applied; answer SUCCESS with <see cref="RegisterResult.MasterAddr"/>/<see cref="RegisterResult.HaServerAddr"/>.</summary>
    Registered,

    /// <summary>Rejected by state-version fencing (<c>docs/BEHAVIOUR.md</c>, "Registration", step 4); answer SUCCESS without master address.</summary>
    Fenced,

    /// <summary>The 5.x single-topic guard (<c>docs/BEHAVIOUR.md</c>, "Registration", step 1); answer SYSTEM_ERROR "register broker failed".</summary>
    Refused,
}

/// <summary>Result of <see cref="RouteTableState.Register"/>.</summary>
public sealed record RegisterResult(
    RegisterOutcome Outcome,
    string? MasterAddr,
    string? HaServerAddr,
    RouteChanges Changes,
    IReadOnlyList<MinBrokerIdChangeNotification> Notifications)
{
    public static readonly RegisterResult Refused =
        new(RegisterOutcome.Refused, null, null, RouteChanges.None, Array.Empty<MinBrokerIdChangeNotification>());
}

/// <summary>A broker address removed from the live table (or named by an unregister request).</summary>
/// <param name="BrokerName">The broker group the address was removed from; null if no group held it.</param>
/// <param name="ConnectionEpoch">The epoch of the removed live entry; null if it was not live.</param>
public sealed record RemovedBroker(string ClusterName, string BrokerAddr, string? BrokerName, long? ConnectionEpoch);

/// <summary>Result of unregistering, connection close and (inside <see cref="ExpireResult"/>) expiry.</summary>
public sealed record UnregisterResult(
    IReadOnlyList<RemovedBroker> Removed,
    RouteChanges Changes,
    IReadOnlyList<MinBrokerIdChangeNotification> Notifications);

/// <summary>A broker whose heartbeat timed out: the caller closes connection <see cref="ConnectionEpoch"/> and logs it.</summary>
public sealed record ExpiredBroker(
    string ClusterName,
    string BrokerAddr,
    long ConnectionEpoch,
    long LastUpdateMillis,
    long HeartbeatTimeoutMillis);

/// <summary>Result of <see cref="RouteTableState.Expire"/>.</summary>
public sealed record ExpireResult(IReadOnlyList<ExpiredBroker> Expired, UnregisterResult Unregistered)
{
    public RouteChanges Changes => Unregistered.Changes;
}

/// <summary>Answer to <c>QUERY_DATA_VERSION</c>: <see cref="Stored"/> is null when the broker is unknown.</summary>
public sealed record DataVersionQueryResult(bool Changed, DataVersion? Stored);

/// <summary>Answer to wipe/add write permission: <see cref="TopicCount"/> counts every touched topic, changed or not.</summary>
public sealed record PermChangeResult(int TopicCount, RouteChanges Changes);

/// <summary>
/// Result of <c>REGISTER_TOPIC_IN_NAMESRV</c>: <see cref="UnknownBrokerName"/> is set when processing stopped at a
/// queue of an unknown broker (entries put before it stay).
/// </summary>
public sealed record RegisterTopicResult(RouteChanges Changes, string? UnknownBrokerName);

/// <summary>
/// One broker address as the dashboard shows it: <see cref="Live"/> is null for an address still listed in its group
/// but no longer registered. <see cref="TopicCount"/>, <see cref="WritableTopicCount"/> and <see cref="Writable"/> are
/// the group's (slaves serve their master's topics).
/// </summary>
/// <param name="Writable">
/// The broker's own write permission, as <c>WIPE_WRITE_PERM_OF_BROKER</c>/<c>ADD_WRITE_PERM_OF_BROKER</c> and the
/// broker's <c>brokerPermission</c> set it: one of its topics accepts writes, not counting <see cref="SystemTopics"/>
/// unless the group has no other topic. True for a group without topics.
/// </param>
public sealed record BrokerStatus(
    string ClusterName,
    string BrokerName,
    long BrokerId,
    string BrokerAddr,
    BrokerLiveInfo? Live,
    int TopicCount,
    int WritableTopicCount,
    bool Writable);
