using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

public sealed partial class RouteTableState
{
    /// <summary>
    /// <c>REGISTER_BROKER</c> route update: 5.3.3 <c>RouteInfoManager.registerBroker</c>, which behaves as 4.9.8's for 4.x
    /// brokers (<c>docs/BEHAVIOUR.md</c>, "Registration").
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Which topics are applied: masters always, 5.x prime slaves too (their perm loses WRITE when the group
    /// enables acting master). 4.x brokers (<c>enableActingMaster</c> absent) follow the 4.9 rule: all topics are applied
    /// only on first registration or DataVersion change. 5.x brokers add the per-topic rule: a topic with no queue
    /// data for this broker is applied even under an unchanged DataVersion, so split registrations (chunks sharing
    /// one DataVersion) all apply.</item>
    /// <item>Single-topic guard (step 1 there): checked before anything is touched, so a refused registration has
    /// no side effect at all (Java checks it after creating the cluster entry and the group, leaving an empty
    /// BrokerData behind, which would show up in cluster info and routes). It applies to 4.x brokers too, as on a 5.x
    /// NameServer: their full registration follows within one period.</item>
    /// <item>Fencing (step 4): the registering address's live entry is removed; the group edits of steps 2–3
    /// (zone, acting-master flag, removal of the address under another id) stay, as in Java.</item>
    /// </list>
    /// </remarks>
    public RegisterResult Register(RegisterBrokerCommand cmd, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        cmd.Validate();
        var wrapper = cmd.TopicConfigWrapper ?? TopicConfigSerializeWrapper.Empty;
        var topicTable = wrapper.TopicConfigTable;
        var cluster = cmd.ClusterName;
        var brokerName = cmd.BrokerName;
        var brokerId = cmd.BrokerId;
        var brokerAddr = cmd.BrokerAddr;
        var liveKey = new BrokerLiveKey(cluster, brokerAddr);

        _brokerAddrTable.TryGetValue(brokerName, out var group);
        if ((group is null || !group.Addrs.ContainsKey(brokerId)) && topicTable is { Count: 1 })
        {
            return RegisterResult.Refused;
        }

        var changes = new ChangeTracker(this);
        if (!_clusterAddrTable.TryGetValue(cluster, out var names))
        {
            names = new HashSet<string>(StringComparer.Ordinal);
            _clusterAddrTable[cluster] = names;
        }
        if (names.Add(brokerName))
        {
            changes.ClusterInfo = true;
            Touch(brokerName);
        }

        var registerFirst = false;
        var groupChanged = false;
        if (group is null)
        {
            group = new BrokerGroup(cluster, brokerName);
            _brokerAddrTable[brokerName] = group;
            registerFirst = true;
            groupChanged = true;
        }
        var enableActingMaster = cmd.EnableActingMaster == true;
        if (group.EnableActingMaster != enableActingMaster)
        {
            group.EnableActingMaster = enableActingMaster;
            groupChanged = true;
        }
        if (!string.Equals(group.ZoneName, cmd.ZoneName, StringComparison.Ordinal))
        {
            group.ZoneName = cmd.ZoneName;
            groupChanged = true;
        }

        var isMinBrokerIdChanged = group.Addrs.Count > 0 && brokerId < group.MinId;

        // "Slave promoted to master": the address may only be held by one id.
        groupChanged |= group.RemoveAddress(brokerAddr, exceptId: brokerId) is not null;

        if (group.Addrs.TryGetValue(brokerId, out var oldAddr)
            && !string.Equals(oldAddr, brokerAddr, StringComparison.Ordinal)
            && _brokerLiveTable.TryGetValue(new BrokerLiveKey(cluster, oldAddr), out var oldLive)
            && oldLive.DataVersion.StateVersion > wrapper.DataVersion.StateVersion)
        {
            RemoveLive(liveKey);
            MarkGroupChanged(brokerName, groupChanged, changes);
            return new RegisterResult(RegisterOutcome.Fenced, null, null, changes.Build(), Array.Empty<MinBrokerIdChangeNotification>());
        }

        group.Addrs[brokerId] = brokerAddr;
        registerFirst |= string.IsNullOrEmpty(oldAddr);
        groupChanged |= !string.Equals(oldAddr, brokerAddr, StringComparison.Ordinal);

        var isMaster = brokerId == MasterId;
        var isPrimeSlave = !cmd.IsOldVersionBroker && !isMaster && brokerId == group.MinId;
        var dataVersionChanged = !_brokerLiveTable.TryGetValue(liveKey, out var live) || live.DataVersion != wrapper.DataVersion;
        if ((isMaster || isPrimeSlave) && topicTable is not null)
        {
            ApplyTopics(cmd, wrapper, topicTable, registerFirst || dataVersionChanged, isPrimeSlave && group.EnableActingMaster, changes);
        }

        _brokerLiveTable[liveKey] = new BrokerLiveInfo(
            nowMillis, cmd.HeartbeatTimeoutMillis ?? Options.DefaultHeartbeatTimeoutMillis, wrapper.DataVersion, cmd.HaServerAddr, cmd.ConnectionEpoch,
            cmd.BrokerVersion);

        var filterChanged = UpdateFilterServers(liveKey, cmd.FilterServerList);
        MarkGroupChanged(brokerName, groupChanged, changes);
        if (filterChanged)
        {
            changes.AddBrokerTopics(brokerName);
        }

        if (cmd.Fingerprint is { } fingerprint)
        {
            // After every edit above, so the mark holds the stamp this registration left behind.
            _unchangedMarks[liveKey] = new UnchangedMark(fingerprint, brokerName, brokerId, StampOf(brokerName), _mutations);
        }
        else
        {
            _unchangedMarks.Remove(liveKey);
        }

        var (masterAddr, masterHaServerAddr) = MasterOf(group, cluster, isMaster);
        IReadOnlyList<MinBrokerIdChangeNotification> notifications = isMinBrokerIdChanged && Options.NotifyMinBrokerIdChanged
            ? MinBrokerIdNotifications(group, offlineBrokerAddr: null, haBrokerAddr: cmd.HaServerAddr)
            : Array.Empty<MinBrokerIdChangeNotification>();
        return new RegisterResult(RegisterOutcome.Registered, masterAddr, masterHaServerAddr, changes.Build(), notifications);
    }

    // What a registering slave is told: its master's address and HA address, while the master is live.
    private (string? MasterAddr, string? MasterHaServerAddr) MasterOf(BrokerGroup group, string cluster, bool isMaster) =>
        !isMaster
        && group.Addrs.TryGetValue(MasterId, out var candidate)
        && _brokerLiveTable.TryGetValue(new BrokerLiveKey(cluster, candidate), out var masterLive)
            ? (candidate, masterLive.HaServerAddr)
            : (null, null);

    /// <summary>
    /// True when a registration with <paramref name="fingerprint"/> on connection <paramref name="connectionEpoch"/>
    /// would change nothing but the broker's timestamp (<c>docs/BEHAVIOUR.md</c>, "Unchanged re-registrations"):
    /// the broker's last registration carried the same fingerprint on the same connection, its live entry is still
    /// there, and nothing its registration reads (its group, its name's queue data, the options) changed since.
    /// </summary>
    public bool CanRefresh(BrokerLiveKey key, UInt128 fingerprint, long connectionEpoch) =>
        _unchangedMarks.TryGetValue(key, out var mark)
        && mark.Fingerprint == fingerprint
        && mark.RecordedAt > _optionsChangedAt
        && StampOf(mark.BrokerName) == mark.Stamp
        && _brokerLiveTable.TryGetValue(key, out var live)
        && live.ConnectionEpoch == connectionEpoch
        && _brokerAddrTable.TryGetValue(mark.BrokerName, out var group)
        && group.Addrs.TryGetValue(mark.BrokerId, out var addr)
        && string.Equals(addr, key.BrokerAddr, StringComparison.Ordinal);

    /// <summary>
    /// An unchanged re-registration, answered from the table without its body: refreshes the broker's timestamp and
    /// answers as <see cref="Register"/> would (it would change nothing else). When <see cref="CanRefresh"/> no
    /// longer holds (the table changed after the connection checked it), nothing is refreshed and the answer is
    /// the one the registration would have had just before that change; <paramref name="refreshed"/> tells which.
    /// </summary>
    public RegisterResult RefreshUnchanged(BrokerLiveKey key, UInt128 fingerprint, long connectionEpoch, long nowMillis, out bool refreshed)
    {
        refreshed = CanRefresh(key, fingerprint, connectionEpoch);
        string? masterAddr = null;
        string? masterHaServerAddr = null;
        if (_unchangedMarks.TryGetValue(key, out var mark) && _brokerAddrTable.TryGetValue(mark.BrokerName, out var group))
        {
            (masterAddr, masterHaServerAddr) = MasterOf(group, key.ClusterName, mark.BrokerId == MasterId);
        }
        if (refreshed)
        {
            _brokerLiveTable[key] = _brokerLiveTable[key] with { LastUpdateMillis = nowMillis };
        }
        return new RegisterResult(RegisterOutcome.Registered, masterAddr, masterHaServerAddr, RouteChanges.None, Array.Empty<MinBrokerIdChangeNotification>());
    }

    /// <summary>Step 6 of <c>docs/BEHAVIOUR.md</c>, "Registration": deleteTopicWithBrokerRegistration, queue data, static-topic mappings.</summary>
    private void ApplyTopics(
        RegisterBrokerCommand cmd,
        TopicConfigSerializeWrapper wrapper,
        IReadOnlyDictionary<string, TopicConfig> topicTable,
        bool applyAll,
        bool readOnly,
        ChangeTracker changes)
    {
        var brokerName = cmd.BrokerName;
        var mapping = wrapper.TopicQueueMappingInfoMap;
        if (Options.DeleteTopicWithBrokerRegistration && (mapping is null || mapping.Count == 0)
            && _topicsByBroker.TryGetValue(brokerName, out var current))
        {
            foreach (var topic in current.Where(t => !topicTable.ContainsKey(t)).ToList())
            {
                RemoveQueueData(topic, brokerName);
                changes.AddTopic(topic);
            }
        }

        // 4.x brokers: nothing to do under an unchanged DataVersion (the 4.9 rule); this short-circuit keeps periodic
        // re-registrations of large brokers cheap.
        var perTopicRule = !cmd.IsOldVersionBroker;
        if ((applyAll || perTopicRule) && topicTable.Count > 0)
        {
            // The broker's topic index sized once for its whole table: no doubling through the sizes below it (and
            // no arrays left behind) while 10,000 topics arrive, and no room to spare after.
            if (!_topicsByBroker.TryGetValue(brokerName, out var index))
            {
                index = new HashSet<string>(topicTable.Count, StringComparer.Ordinal);
                _topicsByBroker[brokerName] = index;
            }
            index.EnsureCapacity(topicTable.Count);
            foreach (var (topic, config) in topicTable)
            {
                if (config is null || (!applyAll && HasQueueData(topic, brokerName)))
                {
                    continue;
                }
                var perm = readOnly ? config.Perm & ~Perm.Write : config.Perm;
                if (PutQueueData(topic, brokerName, config.ReadQueueNums, config.WriteQueueNums, perm, config.TopicSysFlag))
                {
                    changes.AddTopic(topic);
                }
            }
            if (index.Count == 0)
            {
                _topicsByBroker.Remove(brokerName);
            }
        }

        if (applyAll && mapping is not null)
        {
            foreach (var (topic, info) in mapping)
            {
                if (info is null)
                {
                    continue;
                }
                if (!_topicQueueMappingInfoTable.TryGetValue(topic, out var byBroker))
                {
                    byBroker = new Dictionary<string, TopicQueueMappingInfo>(StringComparer.Ordinal);
                    _topicQueueMappingInfoTable[topic] = byBroker;
                }
                // Keyed by the mapping's own broker name, as Java does; fall back to the registrant's.
                var key = string.IsNullOrEmpty(info.Bname) ? brokerName : info.Bname;
                if (!byBroker.TryGetValue(key, out var existing) || existing != info)
                {
                    byBroker[key] = info;
                    changes.AddTopic(topic);
                }
            }
        }
    }

    /// <summary>Filter servers (step 8): a null list leaves the entry alone, an empty one removes it.</summary>
    private bool UpdateFilterServers(BrokerLiveKey key, IReadOnlyList<string>? filterServerList)
    {
        if (filterServerList is null)
        {
            return false;
        }
        if (filterServerList.Count == 0)
        {
            return _filterServerTable.Remove(key);
        }
        if (_filterServerTable.TryGetValue(key, out var existing) && existing.SequenceEqual(filterServerList, StringComparer.Ordinal))
        {
            return false;
        }
        _filterServerTable[key] = Array.AsReadOnly(filterServerList.ToArray());
        return true;
    }

    private void MarkGroupChanged(string brokerName, bool groupChanged, ChangeTracker changes)
    {
        if (groupChanged)
        {
            Touch(brokerName);
            changes.ClusterInfo = true;
            changes.AddBrokerTopics(brokerName);
        }
    }
}
