namespace NameServer.Actors.Contracts;

// The contract's own data types. They mirror RocketMQ's route model (the JSON a Java client reads from
// GET_ROUTEINFO_BY_TOPIC) so that a route means the same thing on both transports, but they belong to this assembly:
// clients need nothing of the server, and the server converts them from and to its protocol model.

/// <summary>The route of one topic: which broker groups serve it and with how many queues.</summary>
/// <param name="QueueDatas">The topic's queues, one entry per broker group.</param>
/// <param name="BrokerDatas">The broker groups named by <paramref name="QueueDatas"/>, with their members' addresses.</param>
/// <param name="FilterServerTable">Filter servers by broker address (RocketMQ 4.x class filtering); usually empty.</param>
/// <param name="OrderTopicConf">The ordered-topic configuration (<c>orderMessageEnable</c>), when the NameServer adds one.</param>
/// <param name="TopicQueueMappingByBroker">5.x static-topic mappings by broker name, when brokers registered them.</param>
public sealed record TopicRoute(
    IReadOnlyList<QueueData> QueueDatas,
    IReadOnlyList<BrokerData> BrokerDatas,
    IReadOnlyDictionary<string, IReadOnlyList<string>> FilterServerTable,
    string? OrderTopicConf = null,
    IReadOnlyDictionary<string, TopicQueueMapping>? TopicQueueMappingByBroker = null);

/// <summary>One broker group's queues of a topic.</summary>
/// <param name="BrokerName">The broker group.</param>
/// <param name="ReadQueueNums">Queues consumers read.</param>
/// <param name="WriteQueueNums">Queues producers write.</param>
/// <param name="Perm">Permission bits: 4 read, 2 write, 1 inherit (RocketMQ's <c>PermName</c>).</param>
/// <param name="TopicSysFlag">RocketMQ's topic system flag (1 unit, 2 unit subscription).</param>
public sealed record QueueData(string BrokerName, int ReadQueueNums, int WriteQueueNums, int Perm, int TopicSysFlag);

/// <summary>A broker group: its cluster, name and the address of each member by broker id (0 = master).</summary>
/// <param name="Cluster">The cluster the group belongs to.</param>
/// <param name="BrokerName">The group's name.</param>
/// <param name="BrokerAddrs">Member addresses (<c>host:port</c>) by broker id.</param>
/// <param name="EnableActingMaster">5.x: a slave may act as master while the master is away.</param>
/// <param name="ZoneName">5.x zone of the group, when brokers report one.</param>
public sealed record BrokerData(
    string Cluster,
    string BrokerName,
    IReadOnlyDictionary<long, string> BrokerAddrs,
    bool EnableActingMaster = false,
    string? ZoneName = null);

/// <summary>A 5.x static-topic queue mapping of one broker, stored and returned as the broker registered it.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Bname">The broker name.</param>
/// <param name="TotalQueues">Logical queues of the topic.</param>
/// <param name="Epoch">Mapping epoch.</param>
/// <param name="Dirty">Whether the mapping is being changed.</param>
/// <param name="Scope">Mapping scope (<c>__global__</c> unless set).</param>
/// <param name="CurrIdMap">Logical to physical queue ids.</param>
public sealed record TopicQueueMapping(
    string? Topic,
    string? Bname,
    int TotalQueues,
    long Epoch,
    bool Dirty,
    string? Scope = "__global__",
    IReadOnlyDictionary<int, int>? CurrIdMap = null);

/// <summary>Every broker group and every cluster's groups (RocketMQ <c>GET_BROKER_CLUSTER_INFO</c>).</summary>
/// <param name="BrokerAddrTable">Broker groups by name.</param>
/// <param name="ClusterAddrTable">Broker group names by cluster.</param>
public sealed record ClusterInfo(
    IReadOnlyDictionary<string, BrokerData> BrokerAddrTable,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ClusterAddrTable);

/// <summary>One topic a broker serves, as it registers it.</summary>
/// <param name="TopicName">The topic.</param>
/// <param name="ReadQueueNums">Queues consumers read.</param>
/// <param name="WriteQueueNums">Queues producers write.</param>
/// <param name="Perm">Permission bits: 4 read, 2 write, 1 inherit.</param>
/// <param name="TopicFilterType"><c>SINGLE_TAG</c> or <c>MULTI_TAG</c>.</param>
/// <param name="TopicSysFlag">RocketMQ's topic system flag.</param>
/// <param name="Order">Whether the topic is ordered.</param>
/// <param name="Attributes">5.x topic attributes.</param>
public sealed record TopicConfig(
    string TopicName,
    int ReadQueueNums,
    int WriteQueueNums,
    int Perm,
    string TopicFilterType = "SINGLE_TAG",
    int TopicSysFlag = 0,
    bool Order = false,
    IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>The version of a broker's topic table; the NameServer skips re-registrations whose version it already has.</summary>
/// <param name="Timestamp">When the broker's table was last changed (milliseconds).</param>
/// <param name="Counter">The broker's change counter.</param>
/// <param name="StateVersion">5.x state version (fencing of stale registrations); 0 when not used.</param>
public readonly record struct DataVersion(long Timestamp, long Counter, long StateVersion = 0);

/// <summary>What a broker written on Akka registers (the RocketMQ <c>REGISTER_BROKER</c> header and body).</summary>
/// <param name="ClusterName">The broker's cluster.</param>
/// <param name="BrokerName">The broker group.</param>
/// <param name="BrokerId">0 for the master, above 0 for slaves.</param>
/// <param name="BrokerAddr">The address clients connect to (<c>host:port</c>).</param>
/// <param name="HaServerAddr">The address slaves replicate from, if any.</param>
/// <param name="Topics">Every topic the broker serves.</param>
/// <param name="DataVersion">The version of <paramref name="Topics"/>.</param>
/// <param name="HeartbeatTimeoutMillis">How long the NameServer keeps the broker without news; its default (120 s) when null.</param>
/// <param name="ZoneName">5.x zone, if any.</param>
/// <param name="EnableActingMaster">5.x acting-master switch.</param>
/// <param name="FilterServers">RocketMQ 4.x filter servers of the broker.</param>
/// <param name="TopicQueueMappings">5.x static-topic mappings by topic.</param>
public sealed record BrokerRegistration(
    string ClusterName,
    string BrokerName,
    long BrokerId,
    string BrokerAddr,
    string? HaServerAddr,
    IReadOnlyList<TopicConfig> Topics,
    DataVersion DataVersion,
    long? HeartbeatTimeoutMillis = null,
    string? ZoneName = null,
    bool EnableActingMaster = false,
    IReadOnlyList<string>? FilterServers = null,
    IReadOnlyDictionary<string, TopicQueueMapping>? TopicQueueMappings = null);
