namespace NameServer.Actors.Contracts.Tests;

/// <summary>One instance of every contract message, every optional field filled, for round trips.</summary>
internal static class SampleMessages
{
    public static readonly BrokerData BrokerA = new(
        "DefaultCluster", "broker-a", new Dictionary<long, string> { [0] = "10.0.0.1:10911", [1] = "10.0.0.2:10911" }, true, "zone-1");

    public static readonly TopicRoute Route = new(
        [new QueueData("broker-a", 8, 8, 6, 0)],
        [BrokerA],
        new Dictionary<string, IReadOnlyList<string>> { ["10.0.0.1:10911"] = ["10.0.0.9:30000"] },
        "broker-a:8",
        new Dictionary<string, TopicQueueMapping>
        {
            ["broker-a"] = new("TopicA", "broker-a", 8, 3, false, "__global__", new Dictionary<int, int> { [0] = 0, [1] = 1 }),
        });

    public static readonly BrokerRegistration Registration = new(
        "DefaultCluster", "broker-a", 0, "10.0.0.1:10911", "10.0.0.1:10912",
        [new TopicConfig("TopicA", 8, 8, 6, "MULTI_TAG", 1, true, new Dictionary<string, string> { ["+message.type"] = "FIFO" })],
        new DataVersion(1_700_000_000_000, 7, 2),
        HeartbeatTimeoutMillis: 30_000,
        ZoneName: "zone-1",
        EnableActingMaster: true,
        FilterServers: ["10.0.0.9:30000"],
        TopicQueueMappings: new Dictionary<string, TopicQueueMapping> { ["TopicA"] = new("TopicA", "broker-a", 8, 3, true) });

    public static IEnumerable<INameServerMessage> All() =>
    [
        new GetRoute("TopicA"),
        new RouteReply("TopicA", Route),
        new RouteReply("TopicB", null),
        new GetClusterInfo(),
        new ClusterInfoReply(new ClusterInfo(
            new Dictionary<string, BrokerData> { ["broker-a"] = BrokerA },
            new Dictionary<string, IReadOnlyList<string>> { ["DefaultCluster"] = ["broker-a"] })),
        new GetTopicList(TopicListKind.Cluster, "DefaultCluster"),
        new TopicListReply(TopicListKind.System, ["DefaultCluster", "broker-a"], "10.0.0.1:10911"),
        new GetKvConfig("ORDER_TOPIC_CONFIG", "TopicA"),
        new KvConfigReply("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:8"),
        new GetKvList("ORDER_TOPIC_CONFIG"),
        new KvListReply("ORDER_TOPIC_CONFIG", new Dictionary<string, string> { ["TopicA"] = "broker-a:8" }),
        new SubscribeRoutes(["TopicA", "TopicB"]),
        new SubscribeRoutes(),
        new RoutesSubscribed(2),
        new RouteChanged("TopicA", Route),
        new RouteChanged("TopicA", null),
        new UnsubscribeRoutes(["TopicA"]),
        new RoutesUnsubscribed(true),
        new RegisterBroker(Registration),
        new BrokerRegistered("10.0.0.1:10911", "10.0.0.1:10912", new Dictionary<string, string> { ["TopicA"] = "broker-a:8" }),
        new BrokerHeartbeat("DefaultCluster", "10.0.0.1:10911"),
        new UnregisterBroker("DefaultCluster", "10.0.0.1:10911", "broker-a", 0) { AccessKey = "ak", Signature = "c2ln" },
        new BrokerUnregistered(),
        new BrokerExpired("broker 10.0.0.1:10911 expired"),
        new PutKvConfig("ns", "k", "v") { AccessKey = "ak", Signature = "c2ln" },
        new DeleteKvConfig("ns", "k") { AccessKey = "ak", Signature = "c2ln" },
        new UpdateNamesrvConfig(new Dictionary<string, string> { ["orderMessageEnable"] = "true" }) { AccessKey = "ak", Signature = "c2ln" },
        new WipeWritePerm("broker-a") { AccessKey = "ak", Signature = "c2ln" },
        new AddWritePerm("broker-a"),
        new AdminDone(),
        new WritePermChanged(3),
        new NameServerError(NameServerErrorCodes.NoPermission, "no"),
    ];
}
