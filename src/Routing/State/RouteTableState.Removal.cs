using NameServer.Actors.Protocol;

namespace NameServer.Actors.Routing.State;

public sealed partial class RouteTableState
{
    /// <summary><c>UNREGISTER_BROKER</c> (<c>docs/BEHAVIOUR.md</c>, "Unregistration"); see <see cref="UnregisterBatch"/>.</summary>
    public UnregisterResult Unregister(UnregisterBrokerCommand cmd) => UnregisterBatch([cmd]);

    /// <summary>
    /// Applies unregister requests as one batch (5.x <c>BatchUnregistrationService</c> → <c>RouteInfoManager.unRegisterBroker</c>).
    /// </summary>
    /// <remarks>
    /// The address is removed from the named group by <b>address</b>, whatever id it holds (5.1.0+). 4.9 removes by
    /// id; the two only differ when a request names an id the address does not hold, which real brokers never send.
    /// The "minimum id changed" decision looks at the ids actually removed, not at the id the request claims.
    /// </remarks>
    public UnregisterResult UnregisterBatch(IEnumerable<UnregisterBrokerCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var list = commands.ToList();
        foreach (var cmd in list)
        {
            ArgumentNullException.ThrowIfNull(cmd, nameof(commands));
            cmd.Validate();
        }
        var work = new RemovalWork(this);
        foreach (var cmd in list)
        {
            RemoveBroker(cmd.ClusterName, cmd.BrokerAddr, cmd.BrokerName, work);
        }
        return work.Finish();
    }

    /// <summary>
    /// A connection ended (<c>docs/BEHAVIOUR.md</c>, "Connection close"): removes every broker whose <b>current</b> live entry was registered on
    /// <paramref name="connectionEpoch"/>. A broker that re-registered on a newer connection since carries the
    /// newer epoch and stays, so a late close of an old connection can never remove a live broker
    /// (apache/rocketmq#11043).
    /// </summary>
    public UnregisterResult OnConnectionClosed(long connectionEpoch)
    {
        var work = new RemovalWork(this);
        foreach (var key in _brokerLiveTable.Where(e => e.Value.ConnectionEpoch == connectionEpoch).Select(e => e.Key).ToList())
        {
            RemoveBroker(key.ClusterName, key.BrokerAddr, brokerName: null, work);
        }
        return work.Finish();
    }

    /// <summary>
    /// Expiry scan (<c>RouteInfoManager.scanNotActiveBroker</c>): removes every broker with <c>lastUpdate + heartbeatTimeout &lt; now</c>, in the same call
    /// (Java closes the channel and enqueues the unregister). The caller closes the returned connections and logs.
    /// </summary>
    public ExpireResult Expire(long nowMillis)
    {
        var expired = new List<ExpiredBroker>();
        foreach (var (key, live) in _brokerLiveTable)
        {
            if (live.IsExpired(nowMillis))
            {
                expired.Add(new ExpiredBroker(key.ClusterName, key.BrokerAddr, live.ConnectionEpoch, live.LastUpdateMillis, live.HeartbeatTimeoutMillis));
            }
        }
        var work = new RemovalWork(this);
        foreach (var broker in expired)
        {
            RemoveBroker(broker.ClusterName, broker.BrokerAddr, brokerName: null, work);
        }
        return new ExpireResult(expired, work.Finish());
    }

    /// <summary>
    /// Removes one broker address: live and filter entries, its id(s) in the group, the group when empty
    /// (cascading to clusters and topics). With no <paramref name="brokerName"/> (close, expiry) the group is the
    /// one of <paramref name="cluster"/> that holds the address. Unlike Java, the live entry is removed even when
    /// no group holds the address, so it cannot linger until the next scan.
    /// </summary>
    private void RemoveBroker(string cluster, string addr, string? brokerName, RemovalWork work)
    {
        var key = new BrokerLiveKey(cluster, addr);
        _brokerLiveTable.TryGetValue(key, out var live);
        RemoveLive(key);
        var hadFilterServers = _filterServerTable.Remove(key);
        brokerName ??= FindBrokerName(cluster, addr);
        BrokerGroup? group = null;
        if (brokerName is not null && !_brokerAddrTable.TryGetValue(brokerName, out group))
        {
            brokerName = null;
        }
        work.Removed.Add(new RemovedBroker(cluster, addr, brokerName, live?.ConnectionEpoch));
        if (group is null)
        {
            return;
        }
        if (hadFilterServers)
        {
            work.Changes.AddBrokerTopics(group.BrokerName);
        }

        var previousMinId = group.Addrs.Count > 0 ? group.MinId : (long?)null;
        var removedIds = group.RemoveAddress(addr);
        if (removedIds is null)
        {
            return;
        }
        Touch(group.BrokerName);
        work.Changes.ClusterInfo = true;
        work.Changes.AddBrokerTopics(group.BrokerName);
        if (group.Addrs.Count == 0)
        {
            RemoveGroup(group.BrokerName, work.Changes);
            return;
        }
        work.Reduced.Add(group.BrokerName);
        if (previousMinId is { } minId && removedIds.Contains(minId))
        {
            work.MinIdChanged[group.BrokerName] = addr;
        }
    }

    private string? FindBrokerName(string cluster, string addr)
    {
        if (!_clusterAddrTable.TryGetValue(cluster, out var names))
        {
            return null;
        }
        return names
            .Where(name => _brokerAddrTable.TryGetValue(name, out var group) && group.ContainsAddress(addr))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private sealed class RemovalWork(RouteTableState state)
    {
        public List<RemovedBroker> Removed { get; } = [];

        public ChangeTracker Changes { get; } = new(state);

        public HashSet<string> Reduced { get; } = new(StringComparer.Ordinal);

        // brokerName → address whose removal took away the group's minimum id (the last one wins in a batch).
        public Dictionary<string, string> MinIdChanged { get; } = new(StringComparer.Ordinal);

        /// <summary>After the whole batch, as Java: master-less acting-master groups lose write perm; min-id notices.</summary>
        public UnregisterResult Finish()
        {
            foreach (var brokerName in Reduced)
            {
                if (state._brokerAddrTable.TryGetValue(brokerName, out var group)
                    && group.EnableActingMaster
                    && group.Addrs.Count > 0
                    && group.MinId > MasterId)
                {
                    state.RewritePerm(brokerName, perm => perm & ~Perm.Write, Changes);
                }
            }
            var notifications = new List<MinBrokerIdChangeNotification>();
            if (state.Options.NotifyMinBrokerIdChanged)
            {
                foreach (var (brokerName, offlineAddr) in MinIdChanged)
                {
                    if (state._brokerAddrTable.TryGetValue(brokerName, out var group) && group.EnableActingMaster)
                    {
                        notifications.AddRange(MinBrokerIdNotifications(group, offlineAddr, haBrokerAddr: null));
                    }
                }
            }
            return new UnregisterResult(Removed, Changes.Build(), notifications);
        }
    }
}
