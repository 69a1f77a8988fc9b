using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

public sealed partial class RouteTableState
{
    /// <summary><c>BROKER_HEARTBEAT</c> (5.x <c>DefaultRequestProcessor.brokerHeartbeat</c>): refreshes liveness of a registered broker; false if unknown.</summary>
    public bool Heartbeat(string clusterName, string brokerAddr, long nowMillis)
    {
        RegisterBrokerCommand.Require(clusterName, nameof(clusterName));
        RegisterBrokerCommand.Require(brokerAddr, nameof(brokerAddr));
        var key = new BrokerLiveKey(clusterName, brokerAddr);
        if (!_brokerLiveTable.TryGetValue(key, out var live))
        {
            return false;
        }
        _brokerLiveTable[key] = live with { LastUpdateMillis = nowMillis };
        return true;
    }

    /// <summary>
    /// <c>QUERY_DATA_VERSION</c> (<c>DefaultRequestProcessor.queryBrokerTopicConfig</c>). The live entry is refreshed whether or not the version changed (the 5.x
    /// rule, which 5.x acting-master brokers rely on as a heartbeat; for 4.9 brokers it only keeps a broker alive
    /// a little more often than 4.9 would). The header's broker name and id play no part in the rule.
    /// </summary>
    public DataVersionQueryResult QueryDataVersion(string clusterName, string brokerAddr, DataVersion dataVersion, long nowMillis)
    {
        RegisterBrokerCommand.Require(clusterName, nameof(clusterName));
        RegisterBrokerCommand.Require(brokerAddr, nameof(brokerAddr));
        var key = new BrokerLiveKey(clusterName, brokerAddr);
        if (!_brokerLiveTable.TryGetValue(key, out var live))
        {
            return new DataVersionQueryResult(true, null);
        }
        _brokerLiveTable[key] = live with { LastUpdateMillis = nowMillis };
        return new DataVersionQueryResult(live.DataVersion != dataVersion, live.DataVersion);
    }

    /// <summary><c>WIPE_WRITE_PERM_OF_BROKER</c> (<c>RouteInfoManager.wipeWritePermOfBrokerByLock</c>): clears WRITE on every queue data of the broker name.</summary>
    public PermChangeResult WipeWritePerm(string brokerName)
    {
        RegisterBrokerCommand.Require(brokerName, nameof(brokerName));
        var changes = new ChangeTracker(this);
        var count = RewritePerm(brokerName, perm => perm & ~Perm.Write, changes);
        return new PermChangeResult(count, changes.Build());
    }

    /// <summary><c>ADD_WRITE_PERM_OF_BROKER</c> (<c>RouteInfoManager.addWritePermOfBrokerByLock</c>): sets perm to exactly READ|WRITE (6), dropping other bits.</summary>
    public PermChangeResult AddWritePerm(string brokerName)
    {
        RegisterBrokerCommand.Require(brokerName, nameof(brokerName));
        var changes = new ChangeTracker(this);
        var count = RewritePerm(brokerName, _ => Perm.ReadWrite, changes);
        return new PermChangeResult(count, changes.Build());
    }

    /// <summary>
    /// <c>DELETE_TOPIC_IN_NAMESRV</c> (<c>RouteInfoManager.deleteTopic</c>): the whole topic when <paramref name="clusterName"/> is null or empty,
    /// else only the queue datas of that cluster's brokers (unknown cluster: nothing). Mapping info is kept.
    /// </summary>
    public RouteChanges DeleteTopic(string topic, string? clusterName = null)
    {
        RegisterBrokerCommand.Require(topic, nameof(topic));
        if (!_topicQueueTable.TryGetValue(topic, out var map))
        {
            return RouteChanges.None;
        }
        var changes = new ChangeTracker(this);
        if (string.IsNullOrEmpty(clusterName))
        {
            foreach (var brokerName in map.Keys.ToList())
            {
                RemoveQueueData(topic, brokerName);
            }
            changes.AddTopic(topic);
        }
        else if (_clusterAddrTable.TryGetValue(clusterName, out var names))
        {
            foreach (var brokerName in names)
            {
                if (RemoveQueueData(topic, brokerName))
                {
                    changes.AddTopic(topic);
                }
            }
        }
        return changes.Build();
    }

    /// <summary>
    /// <c>REGISTER_TOPIC_IN_NAMESRV</c> (5.x <c>RouteInfoManager.registerTopic</c>): puts each queue data in order and stops at the first one
    /// whose broker name is unknown. For a new topic nothing is created unless all broker names are known;
    /// for an existing topic the entries put before the unknown one stay.
    /// </summary>
    public RegisterTopicResult RegisterTopic(string topic, IReadOnlyList<QueueData>? queueDatas)
    {
        RegisterBrokerCommand.Require(topic, nameof(topic));
        if (queueDatas is null || queueDatas.Count == 0)
        {
            return new RegisterTopicResult(RouteChanges.None, null);
        }
        var firstUnknown = -1;
        for (var i = 0; i < queueDatas.Count; i++)
        {
            if (queueDatas[i]?.BrokerName is not { } name || !_brokerAddrTable.ContainsKey(name))
            {
                firstUnknown = i;
                break;
            }
        }
        var unknownName = firstUnknown < 0 ? null : queueDatas[firstUnknown]?.BrokerName ?? "<null>";
        if (unknownName is not null && !_topicQueueTable.ContainsKey(topic))
        {
            return new RegisterTopicResult(RouteChanges.None, unknownName);
        }
        var changes = new ChangeTracker(this);
        var count = firstUnknown < 0 ? queueDatas.Count : firstUnknown;
        for (var i = 0; i < count; i++)
        {
            if (PutQueueData(topic, queueDatas[i]))
            {
                changes.AddTopic(topic);
            }
        }
        return new RegisterTopicResult(changes.Build(), unknownName);
    }
}
