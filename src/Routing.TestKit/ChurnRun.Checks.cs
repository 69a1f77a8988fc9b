using Akka.Actor;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.TestKit;

internal sealed partial class ChurnRun
{
    /// <summary>After every step: the live table, cluster info and the routes of every group the step touched.</summary>
    private void CheckStep(StepWork work)
    {
        var violations = new List<string>();
        CheckLiveTable(violations);
        var clusterInfo = _routes.ClusterInfo;
        if (work.Dirty.Count > 0)
        {
            // O(changes): the touched groups in full, the rest through the group count.
            CheckClusterInfo(clusterInfo, "cluster info", work.Dirty, violations);
            var registeredGroups = _groups.Count(g => g.InNameServer);
            if (clusterInfo.BrokerAddrTable.Count != registeredGroups)
            {
                violations.Add($"cluster info lists {clusterInfo.BrokerAddrTable.Count} groups, expected the {registeredGroups} with a registered broker");
            }
        }
        else if (!ReferenceEquals(clusterInfo, _checkedClusterInfo))
        {
            // Republished although the step changed no group: look at everything.
            CheckClusterInfo(clusterInfo, "cluster info", _groups, violations);
        }
        _checkedClusterInfo = clusterInfo;
        foreach (var topic in work.DirtyTopics)
        {
            CheckRoute(topic, clusterInfo, compareWithState: false, violations);
        }
        foreach (var group in work.Dirty)
        {
            CheckGroupRoutes(group, violations);
        }
        if (violations.Count > 0)
        {
            throw Violation(violations);
        }
    }

    /// <summary>Everything, through the mailbox as well as the snapshots, plus the state's own invariants.</summary>
    private void FullCheck()
    {
        _fullChecks++;
        var violations = new List<string>();
        var live = Await(_routeTable.Ask<LiveBrokers>(GetLiveBrokers.Instance, Timeout.InfiniteTimeSpan), "GetLiveBrokers");
        var expectedLive = _brokers.Where(b => b.InNameServer).ToDictionary(b => (b.Group.Cluster, b.Addr));
        foreach (var (key, info) in live.Brokers)
        {
            if (!expectedLive.Remove((key.ClusterName, key.BrokerAddr), out var broker))
            {
                violations.Add($"GetLiveBrokers lists {key} (connection {info.ConnectionEpoch}), which is not registered");
            }
            else if (info.ConnectionEpoch != broker.Epoch)
            {
                violations.Add($"GetLiveBrokers lists {broker} on connection {info.ConnectionEpoch}, expected its current connection {broker.Epoch}");
            }
        }
        violations.AddRange(expectedLive.Values.Select(b => $"GetLiveBrokers lacks registered broker {b}"));

        var asked = Await(_routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout.InfiniteTimeSpan), "GetClusterInfo");
        var published = _routes.ClusterInfo;
        CheckClusterInfo(asked, "GetClusterInfo", _groups, violations);
        CheckClusterInfo(published, "published cluster info", _groups, violations);
        if (!SameClusterInfo(asked, published))
        {
            violations.Add("the published cluster info differs from GetClusterInfo's answer (a change was not republished)");
        }

        violations.AddRange(_state.CheckInvariants().Select(v => "RouteTableState.CheckInvariants: " + v));
        var topics = new HashSet<string>(_routes.Topics, StringComparer.Ordinal);
        foreach (var group in _groups)
        {
            topics.UnionWith(group.Allowed);
            topics.UnionWith(group.Table.Keys);
            CheckGroupRoutes(group, violations);
        }
        foreach (var topic in topics)
        {
            CheckRoute(topic, published, compareWithState: true, violations);
        }
        if (_state.TopicCount != _routes.Count)
        {
            violations.Add($"the state has {_state.TopicCount} topics but {_routes.Count} route snapshots are published");
        }
        if (violations.Count > 0)
        {
            throw Violation(violations);
        }
    }

    /// <summary>
    /// Exactly the registered brokers are live, each with its current connection epoch, last registration time,
    /// DataVersion, timeout and HA address: nothing expired early, nothing lingers after a crash, unregister or expiry,
    /// and no late close of an old connection removed a broker that had moved to a new one.
    /// </summary>
    private void CheckLiveTable(List<string> violations)
    {
        foreach (var broker in _brokers)
        {
            var info = _state.GetLiveInfo(broker.Group.Cluster, broker.Addr);
            if (!broker.InNameServer)
            {
                if (info is not null)
                {
                    violations.Add($"broker {broker} is gone (crashed, unregistered or expired) but still live on connection {info.ConnectionEpoch}");
                }
                continue;
            }
            if (info is null)
            {
                violations.Add(
                    $"registered broker {broker} (last registration or heartbeat +{TimeSpan.FromMilliseconds(broker.LastRefreshMillis - _startMillis)}, "
                    + $"connection {broker.Epoch}) is missing from the live table");
                continue;
            }
            if (info.ConnectionEpoch != broker.Epoch)
            {
                violations.Add($"broker {broker} is live on connection {info.ConnectionEpoch}, expected its current connection {broker.Epoch}");
            }
            if (info.LastUpdateMillis != broker.LastRefreshMillis)
            {
                violations.Add($"broker {broker} last update {info.LastUpdateMillis}, expected {broker.LastRefreshMillis} (its last registration or heartbeat)");
            }
            if (info.DataVersion != broker.Registered!.DataVersion)
            {
                violations.Add($"broker {broker} has DataVersion {info.DataVersion}, expected {broker.Registered.DataVersion}");
            }
            if (info.HeartbeatTimeoutMillis != TimeoutMillis(broker))
            {
                violations.Add($"broker {broker} has heartbeat timeout {info.HeartbeatTimeoutMillis} ms, expected {TimeoutMillis(broker)} ms");
            }
            if (info.HaServerAddr != broker.HaAddr)
            {
                violations.Add($"broker {broker} has HA address {info.HaServerAddr}, expected {broker.HaAddr}");
            }
        }
    }

    /// <summary>
    /// Cluster info lists exactly the groups with a registered broker, each with exactly those brokers; with every group
    /// given, also that it lists nothing else.
    /// </summary>
    private void CheckClusterInfo(ClusterInfo info, string source, IReadOnlyCollection<SimGroup> groups, List<string> violations)
    {
        var listed = info.ClusterAddrTable.ToDictionary(e => e.Key, e => e.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var present = info.BrokerAddrTable.TryGetValue(group.Name, out var brokerData);
            if (group.InNameServer)
            {
                if (!present)
                {
                    violations.Add($"{source} lacks group {group} though {Format(Expected(group))} are registered");
                    continue;
                }
                CheckBrokerData(brokerData!, group, source, violations);
                if (!listed.TryGetValue(group.Cluster, out var names) || !names.Contains(group.Name))
                {
                    violations.Add($"{source} does not list group {group.Name} under cluster {group.Cluster}");
                }
            }
            else if (present)
            {
                violations.Add($"{source} still lists group {group} ({Format(brokerData!.BrokerAddrs)}) though none of its brokers is registered");
            }
        }
        if (groups.Count < _groups.Count)
        {
            return;
        }
        foreach (var name in info.BrokerAddrTable.Keys.Where(n => !_groupsByName.ContainsKey(n)))
        {
            violations.Add($"{source} lists unknown group {name}");
        }
        foreach (var (cluster, names) in listed)
        {
            if (names.Count == 0)
            {
                violations.Add($"{source} lists cluster {cluster} with no group");
            }
            foreach (var name in names)
            {
                if (!info.BrokerAddrTable.ContainsKey(name))
                {
                    violations.Add($"{source} lists group {name} under cluster {cluster} but has no broker data for it");
                }
                else if (_groupsByName.TryGetValue(name, out var group) && group.Cluster != cluster)
                {
                    violations.Add($"{source} lists group {name} under cluster {cluster}, but it belongs to {group.Cluster}");
                }
            }
        }
    }

    /// <summary>One topic's published route against the model, cluster info and the state's own answer.</summary>
    private void CheckRoute(string topic, ClusterInfo clusterInfo, bool compareWithState, List<string> violations)
    {
        var stateRoute = compareWithState ? _state.GetRoute(topic) : null;
        if (!_routes.TryGet(topic, out var snapshot))
        {
            if (compareWithState && stateRoute is not null)
            {
                violations.Add($"topic {topic} has a route in the state but none is published");
            }
            return;
        }
        var route = snapshot.Route;
        if (compareWithState && stateRoute is null)
        {
            violations.Add($"topic {topic} still has a published route but none in the state (a removal was not republished)");
        }
        else if (compareWithState && !SameRoute(route, stateRoute!))
        {
            violations.Add($"topic {topic}: the published route differs from the state's route (a change was not republished)");
        }

        var queueNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queueData in route.QueueDatas)
        {
            if (!queueNames.Add(queueData.BrokerName))
            {
                violations.Add($"topic {topic}: two queue datas for {queueData.BrokerName}");
            }
            if (!_groupsByName.TryGetValue(queueData.BrokerName, out var group))
            {
                violations.Add($"topic {topic}: queue data of unknown group {queueData.BrokerName}");
            }
            else if (!group.InNameServer)
            {
                violations.Add($"topic {topic}: route names group {group}, none of whose brokers is registered");
            }
            else if (!group.Applied.Contains(topic))
            {
                violations.Add($"topic {topic}: route names group {group}, which has not applied the topic since it (re)appeared"
                    + (group.Allowed.Contains(topic) ? " (it dropped the topic, or only a non-applying member registered it)" : ""));
            }
        }
        var brokerNames = route.BrokerDatas.Select(b => b.BrokerName).ToHashSet(StringComparer.Ordinal);
        if (!brokerNames.SetEquals(queueNames) || brokerNames.Count != route.BrokerDatas.Count)
        {
            violations.Add(
                $"topic {topic}: broker datas [{string.Join(",", route.BrokerDatas.Select(b => b.BrokerName))}] do not match "
                + $"queue datas [{string.Join(",", route.QueueDatas.Select(q => q.BrokerName))}]");
        }
        foreach (var brokerData in route.BrokerDatas)
        {
            if (!clusterInfo.BrokerAddrTable.ContainsKey(brokerData.BrokerName))
            {
                violations.Add($"topic {topic}: route names group {brokerData.BrokerName}, which is not in cluster info");
            }
            if (_groupsByName.TryGetValue(brokerData.BrokerName, out var group) && group.InNameServer)
            {
                CheckBrokerData(brokerData, group, $"route of {topic}", violations);
            }
        }
    }

    /// <summary>
    /// Every topic the group applied is routable and names the group, with its master's current address while the
    /// master is registered (the addresses themselves are checked against the model by <see cref="CheckRoute"/>).
    /// </summary>
    private void CheckGroupRoutes(SimGroup group, List<string> violations)
    {
        if (!group.InNameServer)
        {
            return;
        }
        var master = group.Master.InNameServer ? group.Master : null;
        foreach (var topic in group.Applied)
        {
            if (!_routes.TryGet(topic, out var snapshot))
            {
                violations.Add($"topic {topic} is not routable although group {group} registered it"
                    + (master is null ? "" : $" and its master {master} is live"));
                continue;
            }
            var brokerData = FindBrokerData(snapshot.Route, group.Name);
            if (brokerData is null || !snapshot.Route.QueueDatas.Any(q => q.BrokerName == group.Name))
            {
                violations.Add($"topic {topic}: route lacks group {group} although the group registered the topic");
            }
            else if (master is not null && (!brokerData.BrokerAddrs.TryGetValue(0, out var addr) || addr != master.Addr))
            {
                violations.Add($"topic {topic}: route names master {(brokerData.BrokerAddrs.TryGetValue(0, out var named) ? named : "(none)")} "
                    + $"for {group}, expected {master.Addr}");
            }
        }
    }

    private static BrokerData? FindBrokerData(TopicRouteData route, string brokerName)
    {
        foreach (var brokerData in route.BrokerDatas)
        {
            if (brokerData.BrokerName == brokerName)
            {
                return brokerData;
            }
        }
        return null;
    }

    private static void CheckBrokerData(BrokerData brokerData, SimGroup group, string source, List<string> violations)
    {
        if (brokerData.Cluster != group.Cluster)
        {
            violations.Add($"{source}: group {group.Name} is in cluster {brokerData.Cluster}, expected {group.Cluster}");
        }
        // Allocation-free: this runs for every group of every checked route.
        var expectedCount = 0;
        var same = true;
        foreach (var member in group.Members)
        {
            if (member.InNameServer)
            {
                expectedCount++;
                same &= brokerData.BrokerAddrs.TryGetValue(member.BrokerId, out var addr) && addr == member.Addr;
            }
        }
        if (!same || brokerData.BrokerAddrs.Count != expectedCount)
        {
            violations.Add($"{source}: group {group} lists {Format(brokerData.BrokerAddrs)}, expected the registered {Format(Expected(group))}");
        }
    }

    private static Dictionary<long, string> Expected(SimGroup group) =>
        group.Members.Where(m => m.InNameServer).ToDictionary(m => m.BrokerId, m => m.Addr);

    private static string Format(IEnumerable<KeyValuePair<long, string>> addrs) =>
        "{" + string.Join(", ", addrs.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}")) + "}";

    private static bool SameRoute(TopicRouteData a, TopicRouteData b) =>
        a.QueueDatas.SequenceEqual(b.QueueDatas)
        && a.BrokerDatas.SequenceEqual(b.BrokerDatas)
        && a.FilterServerTable.Count == b.FilterServerTable.Count;

    private static bool SameClusterInfo(ClusterInfo a, ClusterInfo b) =>
        a.BrokerAddrTable.Count == b.BrokerAddrTable.Count
        && a.BrokerAddrTable.All(e => b.BrokerAddrTable.TryGetValue(e.Key, out var other) && other == e.Value)
        && a.ClusterAddrTable.Count == b.ClusterAddrTable.Count
        && a.ClusterAddrTable.All(e => b.ClusterAddrTable.TryGetValue(e.Key, out var other)
            && other.ToHashSet(StringComparer.Ordinal).SetEquals(e.Value));
}
