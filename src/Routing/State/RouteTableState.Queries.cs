using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

public sealed partial class RouteTableState
{
    /// <summary>
    /// <c>GET_ROUTEINFO_BY_TOPIC</c> route data (<c>RouteInfoManager.pickupTopicRouteData</c>), or null for "not found" (no queue data, or none of its
    /// broker names known). The answer is an independent copy. <paramref name="orderTopicConf"/> is passed through
    /// (the caller reads it from the KV store when <c>orderMessageEnable</c>).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFilterServers =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    public TopicRouteData? GetRoute(string topic, string? orderTopicConf = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!_topicQueueTable.TryGetValue(topic, out var map) || map.Count == 0)
        {
            return null;
        }
        var queueDatas = new List<QueueData>(map.Values); // already in broker-name order
        var brokerDatas = new List<BrokerData>(queueDatas.Count);
        foreach (var queueData in queueDatas)
        {
            if (_brokerAddrTable.TryGetValue(queueData.BrokerName, out var group))
            {
                brokerDatas.Add(group.ToBrokerData());
            }
        }
        if (brokerDatas.Count == 0)
        {
            return null;
        }

        // Filter servers are obsolete and almost always absent: share one empty map rather than one per route.
        var filterServers = NoFilterServers;
        if (_filterServerTable.Count > 0)
        {
            var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var brokerData in brokerDatas)
            {
                foreach (var addr in brokerData.BrokerAddrs.Values)
                {
                    if (_filterServerTable.TryGetValue(new BrokerLiveKey(brokerData.Cluster, addr), out var servers))
                    {
                        found[addr] = servers;
                    }
                }
            }
            filterServers = found;
        }

        Dictionary<string, TopicQueueMappingInfo>? mapping = null;
        if (_topicQueueMappingInfoTable.TryGetValue(topic, out var byBroker))
        {
            mapping = new Dictionary<string, TopicQueueMappingInfo>(byBroker, StringComparer.Ordinal);
        }

        if (Options.SupportActingMaster && !topic.StartsWith(SyncBrokerMemberGroupPrefix, StringComparison.Ordinal))
        {
            RewriteActingMasters(queueDatas, brokerDatas);
        }
        return new TopicRouteData(queueDatas, brokerDatas, filterServers, orderTopicConf, mapping);
    }

    /// <summary>
    /// Acting master (<c>docs/BEHAVIOUR.md</c>, "Route assembly", step 4): when some broker of the route lacks a master, every master-less acting-master broker
    /// whose queue data is not writable presents its smallest-id member as id 0.
    /// </summary>
    private static void RewriteActingMasters(List<QueueData> queueDatas, List<BrokerData> brokerDatas)
    {
        if (!brokerDatas.Any(b => b.BrokerAddrs.Count > 0 && !b.BrokerAddrs.ContainsKey(MasterId)))
        {
            return;
        }
        for (var i = 0; i < brokerDatas.Count; i++)
        {
            var brokerData = brokerDatas[i];
            var addrs = brokerData.BrokerAddrs;
            if (addrs.Count == 0 || addrs.ContainsKey(MasterId) || !brokerData.EnableActingMaster)
            {
                continue;
            }
            var queueData = queueDatas.FirstOrDefault(q => q.BrokerName == brokerData.BrokerName);
            if (queueData is null || (queueData.Perm & Perm.Write) != 0)
            {
                continue;
            }
            var minId = addrs.Keys.Min();
            var rewritten = new Dictionary<long, string> { [MasterId] = addrs[minId] };
            foreach (var (id, addr) in addrs.OrderBy(e => e.Key))
            {
                if (id != minId)
                {
                    rewritten[id] = addr;
                }
            }
            brokerDatas[i] = brokerData with { BrokerAddrs = rewritten };
        }
    }

    /// <summary>
    /// Zone filter (5.x <c>ZoneRouteRPCHook</c>): keeps brokers of <paramref name="zoneName"/> (ignoring case)
    /// and brokers without a master; drops the others' queue datas and filter servers. A blank zone returns the
    /// route unchanged. Pure: the input is not modified.
    /// </summary>
    public static TopicRouteData FilterByZone(TopicRouteData route, string? zoneName)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (string.IsNullOrWhiteSpace(zoneName))
        {
            return route;
        }
        var kept = new List<BrokerData>();
        var removed = new Dictionary<string, BrokerData>(StringComparer.Ordinal);
        foreach (var brokerData in route.BrokerDatas)
        {
            if (!brokerData.BrokerAddrs.ContainsKey(MasterId)
                || string.Equals(brokerData.ZoneName, zoneName, StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(brokerData);
            }
            else
            {
                removed[brokerData.BrokerName] = brokerData;
            }
        }
        var queueDatas = route.QueueDatas.Where(q => !removed.ContainsKey(q.BrokerName)).ToList();
        var removedAddrs = removed.Values.SelectMany(b => b.BrokerAddrs.Values).ToHashSet(StringComparer.Ordinal);
        var filterServers = route.FilterServerTable
            .Where(e => !removedAddrs.Contains(e.Key))
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return route with { QueueDatas = queueDatas, BrokerDatas = kept, FilterServerTable = filterServers };
    }

    /// <summary><c>GET_BROKER_CLUSTER_INFO</c>: every broker group and every cluster's broker names (copies, sorted).</summary>
    public ClusterInfo GetClusterInfo()
    {
        var brokers = new Dictionary<string, BrokerData>(StringComparer.Ordinal);
        foreach (var name in _brokerAddrTable.Keys.Order(StringComparer.Ordinal))
        {
            brokers[name] = _brokerAddrTable[name].ToBrokerData();
        }
        var clusters = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var cluster in _clusterAddrTable.Keys.Order(StringComparer.Ordinal))
        {
            clusters[cluster] = _clusterAddrTable[cluster].Order(StringComparer.Ordinal).ToArray();
        }
        return new ClusterInfo(brokers, clusters);
    }

    /// <summary><c>GET_ALL_TOPIC_LIST_FROM_NAMESERVER</c> (<c>RouteInfoManager.getAllTopicList</c>).</summary>
    public TopicList GetAllTopics() => new(_topicQueueTable.Keys.Order(StringComparer.Ordinal).ToArray());

    /// <summary><c>GET_TOPICS_BY_CLUSTER</c> (<c>RouteInfoManager.getTopicsByCluster</c>): topics with queue data on any broker of the cluster; unknown ⇒ empty.</summary>
    public TopicList GetTopicsByCluster(string clusterName)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        var topics = new HashSet<string>(StringComparer.Ordinal);
        if (_clusterAddrTable.TryGetValue(clusterName, out var names))
        {
            foreach (var name in names)
            {
                if (_topicsByBroker.TryGetValue(name, out var ofBroker))
                {
                    topics.UnionWith(ofBroker);
                }
            }
        }
        return new TopicList(topics.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// <c>GET_SYSTEM_TOPIC_LIST_FROM_NS</c> (<c>RouteInfoManager.getSystemTopicList</c>): every cluster name and every broker name of the cluster table,
    /// plus the smallest-id address of the first group (by name) that has one.
    /// </summary>
    public TopicList GetSystemTopicList()
    {
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (cluster, names) in _clusterAddrTable)
        {
            topics.Add(cluster);
            topics.UnionWith(names);
        }
        var brokerAddr = _brokerAddrTable
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Value.Addrs.Values.FirstOrDefault())
            .FirstOrDefault(addr => addr is not null);
        return new TopicList(topics.ToArray(), brokerAddr);
    }

    /// <summary><c>GET_UNIT_TOPIC_LIST</c> (<c>RouteInfoManager.getUnitTopics</c>): first queue data has <c>FLAG_UNIT</c>.</summary>
    public TopicList GetUnitTopics() => TopicsByFirstFlag(flag => (flag & TopicSysFlag.Unit) != 0);

    /// <summary><c>GET_HAS_UNIT_SUB_TOPIC_LIST</c> (<c>RouteInfoManager.getHasUnitSubTopicList</c>): first queue data has <c>FLAG_UNIT_SUB</c>.</summary>
    public TopicList GetHasUnitSubTopics() => TopicsByFirstFlag(flag => (flag & TopicSysFlag.UnitSub) != 0);

    /// <summary><c>GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST</c> (<c>RouteInfoManager.getHasUnitSubUnUnitTopicList</c>): <c>FLAG_UNIT_SUB</c> without <c>FLAG_UNIT</c>.</summary>
    public TopicList GetHasUnitSubUnUnitTopics() =>
        TopicsByFirstFlag(flag => (flag & TopicSysFlag.Unit) == 0 && (flag & TopicSysFlag.UnitSub) != 0);

    /// <summary>"First" queue data = the one with the ordinally smallest broker name (see class remarks).</summary>
    private TopicList TopicsByFirstFlag(Func<int, bool> test)
    {
        var topics = new List<string>();
        foreach (var (topic, map) in _topicQueueTable)
        {
            QueueData? first = null;
            foreach (var queueData in map.Values)
            {
                if (first is null || string.CompareOrdinal(queueData.BrokerName, first.BrokerName) < 0)
                {
                    first = queueData;
                }
            }
            if (first is not null && test(first.TopicSysFlag))
            {
                topics.Add(topic);
            }
        }
        topics.Sort(StringComparer.Ordinal);
        return new TopicList(topics);
    }

    /// <summary><c>GET_BROKER_MEMBER_GROUP</c> (<c>RouteInfoManager.getBrokerMemberGroup</c>): request values echoed, addresses copied or empty.</summary>
    public BrokerMemberGroup GetBrokerMemberGroup(string clusterName, string brokerName)
    {
        ArgumentNullException.ThrowIfNull(brokerName);
        IReadOnlyDictionary<long, string> addrs = _brokerAddrTable.TryGetValue(brokerName, out var group)
            ? new Dictionary<long, string>(group.Addrs)
            : new Dictionary<long, string>();
        return new BrokerMemberGroup(clusterName, brokerName, addrs);
    }
}
