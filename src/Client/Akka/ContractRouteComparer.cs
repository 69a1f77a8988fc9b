using NameServer.Actors.Contracts;

namespace NameServer.Actors.Client.Akka;

/// <summary>
/// Whether two contract routes say the same thing: the same queues, broker groups, filter servers, order
/// configuration and static-topic mappings, whatever the order of their lists (as <see cref="RouteCacheComparer"/>
/// for the TCP model). A NameServer may repeat a route, and two NameServers list one route in different orders.
/// </summary>
internal static class ContractRouteComparer
{
    public static bool RoutesEqual(TopicRoute? a, TopicRoute? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null)
        {
            return false;
        }
        return a.OrderTopicConf == b.OrderTopicConf
            && SameSet(a.QueueDatas, b.QueueDatas)
            && SameSet(a.BrokerDatas.Select(Key), b.BrokerDatas.Select(Key))
            && SameSet(a.FilterServerTable.Select(e => e.Key + "=" + string.Join(',', e.Value.Order(StringComparer.Ordinal))),
                b.FilterServerTable.Select(e => e.Key + "=" + string.Join(',', e.Value.Order(StringComparer.Ordinal))))
            && SameSet(Mappings(a), Mappings(b));
    }

    private static string Key(BrokerData broker) => string.Join(
        '|',
        broker.Cluster,
        broker.BrokerName,
        broker.EnableActingMaster,
        broker.ZoneName,
        string.Join(',', broker.BrokerAddrs.OrderBy(e => e.Key).Select(e => e.Key + "=" + e.Value)));

    private static IEnumerable<string> Mappings(TopicRoute route) =>
        (route.TopicQueueMappingByBroker ?? new Dictionary<string, TopicQueueMapping>()).Select(e => string.Join(
            '|',
            e.Key,
            e.Value.Topic,
            e.Value.Bname,
            e.Value.TotalQueues,
            e.Value.Epoch,
            e.Value.Dirty,
            e.Value.Scope,
            string.Join(',', (e.Value.CurrIdMap ?? new Dictionary<int, int>()).OrderBy(m => m.Key).Select(m => m.Key + "=" + m.Value))));

    private static bool SameSet<T>(IEnumerable<T> a, IEnumerable<T> b)
    {
        var left = a.ToList();
        var right = b.ToList();
        return left.Count == right.Count && left.ToHashSet().SetEquals(right);
    }
}
