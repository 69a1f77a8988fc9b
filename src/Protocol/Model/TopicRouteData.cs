namespace NameServer.Actors.Protocol.Model;

/// <summary>The answer to <c>GET_ROUTEINFO_BY_TOPIC</c>. Encoders always emit the three collections, even empty.</summary>
public sealed record TopicRouteData(
    IReadOnlyList<QueueData> QueueDatas,
    IReadOnlyList<BrokerData> BrokerDatas,
    IReadOnlyDictionary<string, IReadOnlyList<string>> FilterServerTable,
    string? OrderTopicConf = null,
    IReadOnlyDictionary<string, TopicQueueMappingInfo>? TopicQueueMappingByBroker = null);
