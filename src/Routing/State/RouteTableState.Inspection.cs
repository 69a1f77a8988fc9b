using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

/// <summary>Read-only views for tests, invariant checks and diagnostics; none of them is on a request path.</summary>
public sealed partial class RouteTableState
{
    public int TopicCount => _topicQueueTable.Count;

    public IReadOnlyList<string> BrokerNames => _brokerAddrTable.Keys.Order(StringComparer.Ordinal).ToArray();

    public IReadOnlyList<string> ClusterNames => _clusterAddrTable.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool IsLive(string clusterName, string brokerAddr) =>
        _brokerLiveTable.ContainsKey(new BrokerLiveKey(clusterName, brokerAddr));

    public BrokerLiveInfo? GetLiveInfo(string clusterName, string brokerAddr) =>
        _brokerLiveTable.GetValueOrDefault(new BrokerLiveKey(clusterName, brokerAddr));

    public IReadOnlyList<KeyValuePair<BrokerLiveKey, BrokerLiveInfo>> GetLiveBrokers() =>
        _brokerLiveTable.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ToArray();

    public int LiveBrokerCount => _brokerLiveTable.Count;

    /// <summary>
    /// Every known broker address with its liveness, how many topics its group serves (and how many of those are
    /// writable) and whether the group itself is writable (<see cref="BrokerStatus.Writable"/>), for the HTTP API and
    /// dashboard. Ordered by cluster, broker name and id.
    /// </summary>
    public IReadOnlyList<BrokerStatus> GetBrokerStatuses()
    {
        var statuses = new List<BrokerStatus>();
        foreach (var (cluster, names) in _clusterAddrTable)
        {
            foreach (var brokerName in names)
            {
                if (!_brokerAddrTable.TryGetValue(brokerName, out var group))
                {
                    continue;
                }
                var (topics, writable, brokerWritable) = CountTopics(cluster, brokerName);
                foreach (var (id, addr) in group.Addrs)
                {
                    var live = _brokerLiveTable.GetValueOrDefault(new BrokerLiveKey(cluster, addr));
                    statuses.Add(new BrokerStatus(cluster, brokerName, id, addr, live, topics, writable, brokerWritable));
                }
            }
        }
        statuses.Sort((a, b) =>
        {
            var byCluster = string.CompareOrdinal(a.ClusterName, b.ClusterName);
            var byName = byCluster != 0 ? byCluster : string.CompareOrdinal(a.BrokerName, b.BrokerName);
            return byName != 0 ? byName : a.BrokerId.CompareTo(b.BrokerId);
        });
        return statuses;
    }

    // The broker's own write permission is not a field of any table: wipe/add write perm rewrite the perm of every
    // queue data of the broker name, and a broker whose brokerPermission lacks WRITE registers every topic without it.
    // So the group is writable when one of its topics accepts writes, counting only the topics that are not system
    // topics (those keep fixed perms, e.g. rmq_sys_SYNC_BROKER_MEMBER_* has perm 1) unless it has no other topic; a
    // topic created read-only does not make its broker read-only.
    private (int Topics, int Writable, bool BrokerWritable) CountTopics(string clusterName, string brokerName)
    {
        if (!_topicsByBroker.TryGetValue(brokerName, out var topics))
        {
            return (0, 0, true);
        }
        var writable = 0;
        var hasUserTopic = false;
        var userTopicWritable = false;
        var systemTopicWritable = false;
        foreach (var topic in topics)
        {
            var canWrite = GetQueueData(topic, brokerName) is { } queueData && (queueData.Perm & Protocol.Perm.Write) != 0;
            writable += canWrite ? 1 : 0;
            if (SystemTopics.IsSystemTopic(topic, clusterName, brokerName))
            {
                systemTopicWritable |= canWrite;
            }
            else
            {
                hasUserTopic = true;
                userTopicWritable |= canWrite;
            }
        }
        return (topics.Count, writable, hasUserTopic ? userTopicWritable : systemTopicWritable);
    }

    public BrokerData? GetBrokerData(string brokerName) =>
        _brokerAddrTable.TryGetValue(brokerName, out var group) ? group.ToBrokerData() : null;

    public QueueData? GetQueueData(string topic, string brokerName) =>
        _topicQueueTable.TryGetValue(topic, out var map) ? map.GetValueOrDefault(brokerName) : null;

    public IReadOnlyList<string>? GetFilterServers(string clusterName, string brokerAddr) =>
        _filterServerTable.GetValueOrDefault(new BrokerLiveKey(clusterName, brokerAddr));

    public IReadOnlyDictionary<string, TopicQueueMappingInfo>? GetTopicQueueMapping(string topic) =>
        _topicQueueMappingInfoTable.TryGetValue(topic, out var byBroker)
            ? new Dictionary<string, TopicQueueMappingInfo>(byBroker, StringComparer.Ordinal)
            : null;

    /// <summary>
    /// Checks the invariants of <c>docs/BEHAVIOUR.md</c> ("State") and the internal index; returns one line per violation (empty when consistent).
    /// Meant for tests and churn simulations.
    /// </summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        var violations = new List<string>();
        foreach (var (topic, map) in _topicQueueTable)
        {
            if (map.Count == 0)
            {
                violations.Add($"topic {topic} has no queue data");
            }
            foreach (var (brokerName, queueData) in map)
            {
                if (queueData.BrokerName != brokerName)
                {
                    violations.Add($"topic {topic}: queue data of {queueData.BrokerName} filed under {brokerName}");
                }
                if (!_brokerAddrTable.ContainsKey(brokerName))
                {
                    violations.Add($"topic {topic}: unknown broker {brokerName}");
                }
                if (!_topicsByBroker.TryGetValue(brokerName, out var indexed) || !indexed.TryGetValue(topic, out var indexedName))
                {
                    violations.Add($"index lacks {brokerName} → {topic}");
                }
                else if (!ReferenceEquals(indexedName, topic))
                {
                    violations.Add($"index of {brokerName} holds its own copy of the name {topic}");
                }
            }
        }
        foreach (var (brokerName, topics) in _topicsByBroker)
        {
            if (topics.Count == 0)
            {
                violations.Add($"index holds an empty set for {brokerName}");
            }
            violations.AddRange(topics.Where(t => !HasQueueData(t, brokerName)).Select(t => $"index has stale {brokerName} → {t}"));
        }
        foreach (var (brokerName, group) in _brokerAddrTable)
        {
            if (group.Addrs.Count == 0)
            {
                violations.Add($"broker {brokerName} has no address");
            }
            if (group.Addrs.Values.Distinct(StringComparer.Ordinal).Count() != group.Addrs.Count)
            {
                violations.Add($"broker {brokerName} lists an address under two ids");
            }
            if (!_clusterAddrTable.Values.Any(names => names.Contains(brokerName)))
            {
                violations.Add($"broker {brokerName} is in no cluster");
            }
        }
        foreach (var (cluster, names) in _clusterAddrTable)
        {
            if (names.Count == 0)
            {
                violations.Add($"cluster {cluster} is empty");
            }
            violations.AddRange(names.Where(n => !_brokerAddrTable.ContainsKey(n)).Select(n => $"cluster {cluster} lists unknown broker {n}"));
        }
        return violations;
    }
}
