using System.Runtime.CompilerServices;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.State;
using C = NameServer.Actors.Contracts;
using P = NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Server.Remote;

/// <summary>
/// Converts between the protocol model the routing state speaks and the contract's own types, so that the contract
/// assembly depends on nothing of the server. Every conversion keeps every field: a route asked over Akka.Remote has
/// the same digest as the route the TCP protocol answers.
/// </summary>
internal static class ContractMapping
{
    // A published route shape is immutable: converted once, then shared by every query and subscriber that sends it,
    // for every topic with that route.
    private static readonly ConditionalWeakTable<RouteShape, C.TopicRoute> Converted = new();

    public static C.TopicRoute ToContract(RouteSnapshot snapshot) => Converted.GetValue(snapshot.Shape, s => ToContract(s.Route));

    public static C.TopicRoute ToContract(P.TopicRouteData route) => new(
        route.QueueDatas.Select(q => new C.QueueData(q.BrokerName, q.ReadQueueNums, q.WriteQueueNums, q.Perm, q.TopicSysFlag)).ToArray(),
        route.BrokerDatas.Select(ToContract).ToArray(),
        route.FilterServerTable.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value.ToArray(), StringComparer.Ordinal),
        route.OrderTopicConf,
        route.TopicQueueMappingByBroker?.ToDictionary(e => e.Key, e => ToContract(e.Value), StringComparer.Ordinal));

    public static P.TopicRouteData ToProtocol(C.TopicRoute route) => new(
        route.QueueDatas.Select(q => new P.QueueData(q.BrokerName, q.ReadQueueNums, q.WriteQueueNums, q.Perm, q.TopicSysFlag)).ToArray(),
        route.BrokerDatas.Select(ToProtocol).ToArray(),
        route.FilterServerTable.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value.ToArray(), StringComparer.Ordinal),
        route.OrderTopicConf,
        route.TopicQueueMappingByBroker?.ToDictionary(e => e.Key, e => ToProtocol(e.Value), StringComparer.Ordinal));

    public static C.BrokerData ToContract(P.BrokerData broker) =>
        new(broker.Cluster, broker.BrokerName, new Dictionary<long, string>(broker.BrokerAddrs), broker.EnableActingMaster, broker.ZoneName);

    public static P.BrokerData ToProtocol(C.BrokerData broker) =>
        new(broker.Cluster, broker.BrokerName, new Dictionary<long, string>(broker.BrokerAddrs), broker.EnableActingMaster, broker.ZoneName);

    public static C.ClusterInfo ToContract(P.ClusterInfo info) => new(
        info.BrokerAddrTable.ToDictionary(e => e.Key, e => ToContract(e.Value), StringComparer.Ordinal),
        info.ClusterAddrTable.ToDictionary(
            e => e.Key, e => (IReadOnlyList<string>)e.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));

    public static C.TopicQueueMapping ToContract(P.TopicQueueMappingInfo m) =>
        new(m.Topic, m.Bname, m.TotalQueues, m.Epoch, m.Dirty, m.Scope, m.CurrIdMap is null ? null : new Dictionary<int, int>(m.CurrIdMap));

    public static P.TopicQueueMappingInfo ToProtocol(C.TopicQueueMapping m) =>
        new(m.Topic, m.Bname, m.TotalQueues, m.Epoch, m.Dirty, m.Scope, m.CurrIdMap is null ? null : new Dictionary<int, int>(m.CurrIdMap));

    /// <summary>
    /// The registration as the TCP path hands it to a session: the topic table keyed by name (a name given twice keeps
    /// its last entry, as a JSON object would), the connection epoch left for the session to stamp.
    /// </summary>
    public static RegisterBrokerCommand ToCommand(C.BrokerRegistration r)
    {
        var table = new Dictionary<string, P.TopicConfig>(r.Topics.Count, StringComparer.Ordinal);
        foreach (var t in r.Topics)
        {
            table[t.TopicName] = new P.TopicConfig(
                t.TopicName, t.ReadQueueNums, t.WriteQueueNums, t.Perm, t.TopicFilterType, t.TopicSysFlag, t.Order,
                t.Attributes is null ? null : new Dictionary<string, string>(t.Attributes, StringComparer.Ordinal));
        }
        var wrapper = new P.TopicConfigSerializeWrapper(
            new P.DataVersion(r.DataVersion.Timestamp, r.DataVersion.Counter, r.DataVersion.StateVersion),
            table,
            r.TopicQueueMappings?.ToDictionary(e => e.Key, e => ToProtocol(e.Value), StringComparer.Ordinal));
        // EnableActingMaster is always given (never null): an Akka broker follows the 5.x rules, as 5.x brokers do.
        return new RegisterBrokerCommand(
            r.ClusterName, r.BrokerAddr, r.BrokerName, r.BrokerId, r.HaServerAddr, wrapper, r.FilterServers ?? [],
            ConnectionEpoch: 0, r.ZoneName, r.HeartbeatTimeoutMillis, r.EnableActingMaster);
    }
}
