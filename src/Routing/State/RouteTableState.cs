using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

/// <summary>
/// The NameServer's route tables and every rule that changes or reads them (<c>docs/BEHAVIOUR.md</c>; Java's
/// <c>RouteInfoManager</c>), for 4.9.x and 5.x brokers at once: the 5.x rules, which behave like 4.9 for 4.x brokers.
/// </summary>
/// <remarks>
/// <para>Plain single-threaded state: no locks, no clock, no I/O. Time is a parameter, connections are
/// identified by a caller-chosen <c>long</c> epoch. Every mutating method returns what changed so that the owner
/// republishes only the affected routes.</para>
/// <para>Bad input (missing names or addresses) throws <see cref="ArgumentException"/> before any table is touched,
/// so the state is never left half-updated; the caller answers <c>SYSTEM_ERROR</c> with the message.</para>
/// <para>Deterministic orders, where Java iterates hash maps: a topic's queue datas are ordered by broker name
/// (ordinal), so the "first QueueData" of the unit topic lists is the one with the smallest broker name; broker groups and
/// clusters are listed by name (ordinal); a group's addresses by ascending id.</para>
/// </remarks>
public sealed partial class RouteTableState
{
    /// <summary>Heartbeat timeout of a broker that did not send one (<c>docs/BEHAVIOUR.md</c>, "Expiry").</summary>
    public const long DefaultHeartbeatTimeoutMillis = 120_000;

    /// <summary>Broker id of a master (<c>MixAll.MASTER_ID</c>).</summary>
    public const long MasterId = 0;

    /// <summary>Routes of these topics are never rewritten for acting masters (<c>docs/BEHAVIOUR.md</c>, "Route assembly").</summary>
    public const string SyncBrokerMemberGroupPrefix = "rmq_sys_SYNC_BROKER_MEMBER_";

    // topic → brokerName → QueueData; never holds an empty inner map. TopicQueues is a struct stored in the entry:
    // change it through CollectionsMarshal's references only.
    private readonly Dictionary<string, TopicQueues> _topicQueueTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopicQueues>.AlternateLookup<ReadOnlySpan<char>> _topicNames;

    // brokerName → the QueueData last created for it. A broker's topics mostly share one queue configuration, so
    // 10,000 topics × 32 brokers hold a few dozen QueueData objects instead of 320,000.
    private readonly Dictionary<string, QueueData> _sharedQueueData = new(StringComparer.Ordinal);

    // Reverse index brokerName → topics having its QueueData: makes per-broker operations independent of the
    // total topic count.
    private readonly Dictionary<string, HashSet<string>> _topicsByBroker = new(StringComparer.Ordinal);

    private readonly Dictionary<string, BrokerGroup> _brokerAddrTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _clusterAddrTable = new(StringComparer.Ordinal);
    private readonly Dictionary<BrokerLiveKey, BrokerLiveInfo> _brokerLiveTable = new();
    private readonly Dictionary<BrokerLiveKey, IReadOnlyList<string>> _filterServerTable = new();

    private readonly Dictionary<string, Dictionary<string, TopicQueueMappingInfo>> _topicQueueMappingInfoTable =
        new(StringComparer.Ordinal);

    // Unchanged re-registrations (CanRefresh): a stamp per broker name, moved on every edit of its group or its
    // queue data; a mark per live broker recording its last registration's fingerprint and the stamp it left (its
    // connection epoch is the live entry's, which is written and removed with the mark).
    private readonly Dictionary<string, long> _brokerStamps = new(StringComparer.Ordinal);
    private readonly Dictionary<BrokerLiveKey, UnchangedMark> _unchangedMarks = new();
    private long _mutations;
    private long _optionsChangedAt;

    private sealed record UnchangedMark(UInt128 Fingerprint, string BrokerName, long BrokerId, long Stamp, long RecordedAt);

    public RouteTableState(RouteTableOptions? options = null)
    {
        Options = options ?? RouteTableOptions.Default;
        _topicNames = _topicQueueTable.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public RouteTableOptions Options { get; private set; }

    /// <summary>
    /// Replaces the behaviour switches (e.g. after <c>UPDATE_NAMESRV_CONFIG</c>). Every route changes when
    /// <c>supportActingMaster</c> flips, since it shapes route answers.
    /// </summary>
    public RouteChanges SetOptions(RouteTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var routesChange = options.SupportActingMaster != Options.SupportActingMaster;
        Options = options;
        _optionsChangedAt = ++_mutations;
        return routesChange ? new RouteChanges(new HashSet<string>(_topicQueueTable.Keys, StringComparer.Ordinal), false) : RouteChanges.None;
    }

    /// <summary>
    /// Moves whenever a registration might no longer be a no-op: a group or queue data edited, a live broker removed,
    /// the options replaced. The owner re-checks its published <see cref="CanRefresh"/> answers when it moved.
    /// </summary>
    public long Mutations => _mutations;

    private long StampOf(string brokerName) => _brokerStamps.GetValueOrDefault(brokerName);

    private void Touch(string brokerName) => _brokerStamps[brokerName] = ++_mutations;

    private void RemoveLive(BrokerLiveKey key)
    {
        if (_brokerLiveTable.Remove(key))
        {
            _mutations++;
        }
        _unchangedMarks.Remove(key);
    }

    private bool HasQueueData(string topic, string brokerName) =>
        _topicQueueTable.TryGetValue(topic, out var map) && map.ContainsKey(brokerName);

    /// <summary>Creates or replaces a QueueData unless an equal one is already there; true if something changed.</summary>
    private bool PutQueueData(string topic, QueueData queueData)
    {
        ref var map = ref CollectionsMarshal.GetValueRefOrAddDefault(_topicQueueTable, topic, out var known);
        if (known && map.TryGetValue(queueData.BrokerName, out var existing) && existing == queueData)
        {
            return false;
        }
        map[queueData.BrokerName] = queueData;
        // The table's own instance: registrations bring fresh copies of every name, which must not pile up here.
        if (known && _topicNames.TryGetValue(topic, out var name, out _))
        {
            topic = name;
        }
        Touch(queueData.BrokerName);
        if (!_topicsByBroker.TryGetValue(queueData.BrokerName, out var topics))
        {
            topics = new HashSet<string>(StringComparer.Ordinal);
            _topicsByBroker[queueData.BrokerName] = topics;
        }
        topics.Add(topic);
        return true;
    }

    /// <summary>Same as <see cref="PutQueueData(string, QueueData)"/> but allocates only when the value differs.</summary>
    private bool PutQueueData(string topic, string brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag)
    {
        if (_topicQueueTable.TryGetValue(topic, out var map)
            && map.TryGetValue(brokerName, out var existing)
            && existing.ReadQueueNums == readQueueNums
            && existing.WriteQueueNums == writeQueueNums
            && existing.Perm == perm
            && existing.TopicSysFlag == topicSysFlag)
        {
            return false;
        }
        return PutQueueData(topic, Share(new QueueData(brokerName, readQueueNums, writeQueueNums, perm, topicSysFlag)));
    }

    private QueueData Share(QueueData queueData)
    {
        if (_sharedQueueData.TryGetValue(queueData.BrokerName, out var shared) && shared == queueData)
        {
            return shared;
        }
        _sharedQueueData[queueData.BrokerName] = queueData;
        return queueData;
    }

    /// <summary>Removes one QueueData and the topic when it becomes empty; true if something was removed.</summary>
    private bool RemoveQueueData(string topic, string brokerName)
    {
        ref var map = ref CollectionsMarshal.GetValueRefOrNullRef(_topicQueueTable, topic);
        if (Unsafe.IsNullRef(ref map) || !map.Remove(brokerName))
        {
            return false;
        }
        Touch(brokerName);
        if (map.Count == 0)
        {
            _topicQueueTable.Remove(topic);
        }
        if (_topicsByBroker.TryGetValue(brokerName, out var topics) && topics.Remove(topic) && topics.Count == 0)
        {
            _topicsByBroker.Remove(brokerName);
        }
        return true;
    }

    /// <summary>Strips a broker name's QueueData from every topic (deleting topics left empty).</summary>
    private void RemoveAllQueueData(string brokerName, ChangeTracker changes)
    {
        if (!_topicsByBroker.TryGetValue(brokerName, out var topics))
        {
            return;
        }
        foreach (var topic in topics.ToArray())
        {
            RemoveQueueData(topic, brokerName);
            changes.AddTopic(topic);
        }
    }

    /// <summary>Applies <paramref name="permOf"/> to every QueueData of a broker name; returns the number touched.</summary>
    private int RewritePerm(string brokerName, Func<int, int> permOf, ChangeTracker changes)
    {
        if (!_topicsByBroker.TryGetValue(brokerName, out var topics))
        {
            return 0;
        }
        foreach (var topic in topics)
        {
            ref var map = ref CollectionsMarshal.GetValueRefOrNullRef(_topicQueueTable, topic);
            var queueData = map[brokerName];
            var perm = permOf(queueData.Perm);
            if (perm != queueData.Perm)
            {
                map[brokerName] = Share(queueData with { Perm = perm });
                Touch(brokerName);
                changes.AddTopic(topic);
            }
        }
        return topics.Count;
    }

    /// <summary>Removes a whole broker group: from the group table, from every cluster set, and its queue datas.</summary>
    private void RemoveGroup(string brokerName, ChangeTracker changes)
    {
        _brokerAddrTable.Remove(brokerName);
        _sharedQueueData.Remove(brokerName);
        Touch(brokerName);
        changes.ClusterInfo = true;
        // Broker names are global, so the name may sit in several clusters' sets; removing it from all of them
        // (Java only cleans the requester's cluster) keeps every listed name pointing at an existing group.
        List<string>? emptyClusters = null;
        foreach (var (cluster, names) in _clusterAddrTable)
        {
            if (names.Remove(brokerName) && names.Count == 0)
            {
                (emptyClusters ??= []).Add(cluster);
            }
        }
        if (emptyClusters is not null)
        {
            foreach (var cluster in emptyClusters)
            {
                _clusterAddrTable.Remove(cluster);
            }
        }
        RemoveAllQueueData(brokerName, changes);
    }

    private static List<MinBrokerIdChangeNotification> MinBrokerIdNotifications(
        BrokerGroup group, string? offlineBrokerAddr, string? haBrokerAddr)
    {
        var notifications = new List<MinBrokerIdChangeNotification>();
        if (group.Addrs.Count == 0)
        {
            return notifications;
        }
        var minId = group.MinId;
        var minAddr = group.Addrs[minId];
        // A departure tells everyone left; an arrival tells everyone but the newcomer (unless it is alone).
        var notifyAll = offlineBrokerAddr is not null || group.Addrs.Count == 1;
        foreach (var (id, addr) in group.Addrs)
        {
            if (notifyAll || id != minId)
            {
                notifications.Add(new MinBrokerIdChangeNotification(addr, minId, minAddr, offlineBrokerAddr, haBrokerAddr));
            }
        }
        return notifications;
    }

    /// <summary>Accumulates the effects of one operation; allocates its topic set only when needed.</summary>
    private sealed class ChangeTracker(RouteTableState state)
    {
        private HashSet<string>? _topics;

        public bool ClusterInfo { get; set; }

        public void AddTopic(string topic) => (_topics ??= new HashSet<string>(StringComparer.Ordinal)).Add(topic);

        /// <summary>Every topic served by a broker name: its group (addresses, zone, filter servers) is part of their routes.</summary>
        public void AddBrokerTopics(string brokerName)
        {
            if (state._topicsByBroker.TryGetValue(brokerName, out var topics))
            {
                (_topics ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(topics);
            }
        }

        public RouteChanges Build() =>
            _topics is null && !ClusterInfo ? RouteChanges.None : new RouteChanges(_topics ?? RouteChanges.None.Topics, ClusterInfo);
    }
}
