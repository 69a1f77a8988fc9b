using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

/// <summary>
/// Compares routes by content, whatever the order the server listed brokers and queues in (Java's client sorts both
/// lists before comparing in <c>topicRouteDataChanged</c>); a reordered answer is not a change.
/// </summary>
public static class RouteCacheComparer
{
    public static bool RoutesEqual(TopicRouteData? a, TopicRouteData? b)
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
            && SortedQueues(a).SequenceEqual(SortedQueues(b))
            && SortedBrokers(a).SequenceEqual(SortedBrokers(b))
            && FilterServersEqual(a.FilterServerTable, b.FilterServerTable)
            && DictionaryEquality.Equal(a.TopicQueueMappingByBroker, b.TopicQueueMappingByBroker);
    }

    private static IEnumerable<QueueData> SortedQueues(TopicRouteData route) =>
        route.QueueDatas
            .OrderBy(q => q.BrokerName, StringComparer.Ordinal)
            .ThenBy(q => q.ReadQueueNums)
            .ThenBy(q => q.WriteQueueNums)
            .ThenBy(q => q.Perm)
            .ThenBy(q => q.TopicSysFlag);

    private static IEnumerable<BrokerData> SortedBrokers(TopicRouteData route) =>
        route.BrokerDatas
            .OrderBy(b => b.BrokerName, StringComparer.Ordinal)
            .ThenBy(b => b.Cluster, StringComparer.Ordinal);

    private static bool FilterServersEqual(
        IReadOnlyDictionary<string, IReadOnlyList<string>>? a,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        if (a is null || b is null)
        {
            return true;
        }
        foreach (var (key, servers) in a)
        {
            if (!b.TryGetValue(key, out var other)
                || !servers.Order(StringComparer.Ordinal).SequenceEqual(other.Order(StringComparer.Ordinal)))
            {
                return false;
            }
        }
        return true;
    }
}
