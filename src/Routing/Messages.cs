using Akka.Actor;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing;

/// <summary>A message that changes the routing state; RouteTable applies them one at a time, in arrival order.</summary>
public interface IRouteCommand;

/// <summary>A message that only reads the routing state through RouteTable's mailbox (route lookups use snapshots instead).</summary>
public interface IRouteQuery;

/// <summary><c>REGISTER_BROKER</c> from <paramref name="Session"/>, whose epoch the command carries. Answer: <see cref="RegisterResult"/>.</summary>
public sealed record RegisterBroker(RegisterBrokerCommand Command, IActorRef Session) : IRouteCommand, INoSerializationVerificationNeeded;

/// <summary>
/// A <c>REGISTER_BROKER</c> that <paramref name="Session"/>'s connection found unchanged (<see cref="UnchangedRegistrations"/>),
/// sent instead of its decoded body. Answer: <see cref="RegisterResult"/>, as <see cref="RouteTableState.RefreshUnchanged"/> gives it.
/// </summary>
public sealed record RefreshRegistration(BrokerLiveKey Key, UInt128 Fingerprint, long ConnectionEpoch, IActorRef Session)
    : IRouteCommand, INoSerializationVerificationNeeded;

/// <summary><c>UNREGISTER_BROKER</c>. Answer: <see cref="UnregisterResult"/>.</summary>
public sealed record UnregisterBroker(UnregisterBrokerCommand Command) : IRouteCommand;

/// <summary>5.x <c>BROKER_HEARTBEAT</c>: refreshes liveness. Answer (when asked): <see cref="bool"/> whether the broker was known.</summary>
public sealed record BrokerHeartbeat(string ClusterName, string BrokerAddr) : IRouteCommand;

/// <summary><c>QUERY_DATA_VERSION</c>, also a liveness refresh. Answer: <see cref="DataVersionQueryResult"/>.</summary>
public sealed record QueryDataVersion(string ClusterName, string BrokerAddr, DataVersion DataVersion) : IRouteCommand;

/// <summary><c>WIPE_WRITE_PERM_OF_BROKER</c>. Answer: <see cref="PermChangeResult"/>.</summary>
public sealed record WipeWritePerm(string BrokerName) : IRouteCommand;

/// <summary><c>ADD_WRITE_PERM_OF_BROKER</c>. Answer: <see cref="PermChangeResult"/>.</summary>
public sealed record AddWritePerm(string BrokerName) : IRouteCommand;

/// <summary><c>DELETE_TOPIC_IN_NAMESRV</c>, everywhere or in one cluster. Answer: <see cref="RouteChanges"/>.</summary>
public sealed record DeleteTopic(string Topic, string? ClusterName = null) : IRouteCommand;

/// <summary>5.x <c>REGISTER_TOPIC_IN_NAMESRV</c>. Answer: <see cref="RegisterTopicResult"/>.</summary>
public sealed record RegisterTopic(string Topic, IReadOnlyList<QueueData> QueueDatas) : IRouteCommand;

/// <summary>Expire every broker silent for longer than its heartbeat timeout. Sent by RouteTable's own periodic timer.</summary>
public sealed record Scan : IRouteCommand
{
    private Scan()
    {
    }

    public static readonly Scan Instance = new();
}

/// <summary>New behaviour switches (after a configuration update). Republishes every route when they change routes.</summary>
public sealed record UpdateRouteTableOptions(RouteTableOptions Options) : IRouteCommand;

/// <summary>Answer: <see cref="ClusterInfo"/> (also published as a snapshot; this reads it through the mailbox).</summary>
public sealed record GetClusterInfo : IRouteQuery
{
    private GetClusterInfo()
    {
    }

    public static readonly GetClusterInfo Instance = new();
}

/// <summary>The route as the state computes it now (not from a snapshot). Answer: <see cref="RouteAnswer"/>.</summary>
public sealed record GetRoute(string Topic) : IRouteQuery;

/// <summary>Answer to <see cref="GetRoute"/>; <see cref="Route"/> is null when the topic has no route.</summary>
public sealed record RouteAnswer(TopicRouteData? Route);

/// <summary>Which topic list to read. Answer: <see cref="TopicList"/>.</summary>
public enum TopicListKind
{
    All,
    System,
    Unit,
    HasUnitSub,
    HasUnitSubUnUnit,
}

/// <summary>Answer: <see cref="TopicList"/>.</summary>
public sealed record GetTopicList(TopicListKind Kind) : IRouteQuery;

/// <summary>Answer: <see cref="TopicList"/> (empty for an unknown cluster).</summary>
public sealed record GetTopicsByCluster(string ClusterName) : IRouteQuery;

/// <summary>5.x <c>GET_BROKER_MEMBER_GROUP</c>. Answer: <see cref="BrokerMemberGroup"/>.</summary>
public sealed record GetBrokerMemberGroup(string ClusterName, string BrokerName) : IRouteQuery;

/// <summary>Live brokers with their connection epochs, for tests, metrics and simulations. Answer: <see cref="LiveBrokers"/>.</summary>
public sealed record GetLiveBrokers : IRouteQuery
{
    private GetLiveBrokers()
    {
    }

    public static readonly GetLiveBrokers Instance = new();
}

/// <summary>Answer to <see cref="GetLiveBrokers"/>.</summary>
public sealed record LiveBrokers(IReadOnlyList<KeyValuePair<BrokerLiveKey, BrokerLiveInfo>> Brokers);

/// <summary>Every broker address with liveness and topic counts (HTTP API). Answer: <see cref="BrokerStatuses"/>.</summary>
public sealed record GetBrokerStatuses : IRouteQuery
{
    private GetBrokerStatuses()
    {
    }

    public static readonly GetBrokerStatuses Instance = new();
}

/// <summary>Answer to <see cref="GetBrokerStatuses"/>; <see cref="NowMillis"/> is RouteTable's clock when it answered.</summary>
public sealed record BrokerStatuses(IReadOnlyList<BrokerStatus> Brokers, long NowMillis);

/// <summary>Told to a <see cref="BrokerSession"/> when its broker expired: the session closes its connection and stops.</summary>
public sealed record CloseConnection(string Reason);

/// <summary>Published on the event stream for every broker removed by expiry, close or unregister (observability and tests).</summary>
public sealed record BrokerRemoved(RemovedBroker Broker, string Cause);
