using System.Buffers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Bodies;

/// <summary>
/// fastjson-identical JSON for the bodies a NameServer sends. Bean properties are alphabetical and null ones omitted.
/// <c>includeEnableActingMaster=false</c> emulates 4.9, whose <c>BrokerData</c> has no such property.
/// </summary>
public static class BodyEncoder
{
    public static void WriteTopicRouteData(
        IBufferWriter<byte> output,
        TopicRouteData route,
        JsonMode mode,
        bool includeEnableActingMaster = true) =>
        WriteTopicRouteData(new FastJsonWriter(output, mode), route, includeEnableActingMaster);

    public static void WriteTopicRouteData(FastJsonWriter w, TopicRouteData route, bool includeEnableActingMaster = true)
    {
        w.WriteStartObject();
        w.WritePropertyName("brokerDatas");
        w.WriteStartArray();
        // Index loops: interface foreach would allocate an enumerator on the route hot path.
        var brokers = route.BrokerDatas;
        for (var i = 0; i < brokers.Count; i++)
        {
            WriteBrokerData(w, brokers[i], includeEnableActingMaster);
        }
        w.WriteEndArray();

        w.WritePropertyName("filterServerTable");
        w.WriteStartObject();
        foreach (var addr in w.SortedKeys(route.FilterServerTable))
        {
            w.WritePropertyName(addr);
            WriteStringArray(w, route.FilterServerTable[addr]);
        }
        w.WriteEndObject();

        if (route.OrderTopicConf is not null)
        {
            w.WriteString("orderTopicConf", route.OrderTopicConf);
        }

        w.WritePropertyName("queueDatas");
        w.WriteStartArray();
        var queues = route.QueueDatas;
        for (var i = 0; i < queues.Count; i++)
        {
            WriteQueueData(w, queues[i]);
        }
        w.WriteEndArray();

        if (route.TopicQueueMappingByBroker is { } mappings)
        {
            w.WritePropertyName("topicQueueMappingByBroker");
            w.WriteStartObject();
            foreach (var brokerName in w.SortedKeys(mappings))
            {
                w.WritePropertyName(brokerName);
                WriteTopicQueueMappingInfo(w, mappings[brokerName]);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static void WriteBrokerData(FastJsonWriter w, BrokerData broker, bool includeEnableActingMaster = true)
    {
        w.WriteStartObject();
        w.WritePropertyName("brokerAddrs");
        WriteBrokerAddrs(w, broker.BrokerAddrs);
        w.WriteString("brokerName", broker.BrokerName);
        w.WriteString("cluster", broker.Cluster);
        if (includeEnableActingMaster)
        {
            w.WriteBoolean("enableActingMaster", broker.EnableActingMaster);
        }
        if (broker.ZoneName is not null)
        {
            w.WriteString("zoneName", broker.ZoneName);
        }
        w.WriteEndObject();
    }

    public static void WriteQueueData(FastJsonWriter w, QueueData queue)
    {
        w.WriteStartObject();
        w.WriteString("brokerName", queue.BrokerName);
        w.WriteNumber("perm", queue.Perm);
        w.WriteNumber("readQueueNums", queue.ReadQueueNums);
        w.WriteNumber("topicSysFlag", queue.TopicSysFlag);
        w.WriteNumber("writeQueueNums", queue.WriteQueueNums);
        w.WriteEndObject();
    }

    public static void WriteTopicQueueMappingInfo(FastJsonWriter w, TopicQueueMappingInfo info)
    {
        w.WriteStartObject();
        if (info.Bname is not null)
        {
            w.WriteString("bname", info.Bname);
        }
        if (info.CurrIdMap is { } currIdMap)
        {
            w.WritePropertyName("currIdMap");
            w.WriteStartObject();
            foreach (var key in w.SortedKeys(currIdMap))
            {
                w.WritePropertyName(key);
                w.WriteNumber(currIdMap[key]);
            }
            w.WriteEndObject();
        }
        w.WriteBoolean("dirty", info.Dirty);
        w.WriteNumber("epoch", info.Epoch);
        if (info.Scope is not null)
        {
            w.WriteString("scope", info.Scope);
        }
        if (info.Topic is not null)
        {
            w.WriteString("topic", info.Topic);
        }
        w.WriteNumber("totalQueues", info.TotalQueues);
        w.WriteEndObject();
    }

    /// <summary><c>GET_BROKER_CLUSTER_INFO</c> answer (Java always uses legacy mode).</summary>
    public static void WriteClusterInfo(
        IBufferWriter<byte> output,
        ClusterInfo info,
        bool includeEnableActingMaster = true,
        JsonMode mode = JsonMode.Legacy)
    {
        var w = new FastJsonWriter(output, mode);
        w.WriteStartObject();
        w.WritePropertyName("brokerAddrTable");
        w.WriteStartObject();
        foreach (var name in w.SortedKeys(info.BrokerAddrTable))
        {
            w.WritePropertyName(name);
            WriteBrokerData(w, info.BrokerAddrTable[name], includeEnableActingMaster);
        }
        w.WriteEndObject();
        w.WritePropertyName("clusterAddrTable");
        w.WriteStartObject();
        foreach (var cluster in w.SortedKeys(info.ClusterAddrTable))
        {
            w.WritePropertyName(cluster);
            WriteStringArray(w, info.ClusterAddrTable[cluster]);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteTopicList(IBufferWriter<byte> output, TopicList list)
    {
        var w = new FastJsonWriter(output, JsonMode.Legacy);
        w.WriteStartObject();
        if (list.BrokerAddr is not null)
        {
            w.WriteString("brokerAddr", list.BrokerAddr);
        }
        w.WritePropertyName("topicList");
        WriteStringArray(w, list.Topics);
        w.WriteEndObject();
    }

    public static void WriteKvTable(IBufferWriter<byte> output, KvTable table)
    {
        var w = new FastJsonWriter(output, JsonMode.Legacy);
        w.WriteStartObject();
        w.WritePropertyName("table");
        w.WriteStringMap(table.Table);
        w.WriteEndObject();
    }

    /// <summary><c>DataVersion</c>; 4.x has no <c>stateVersion</c> property.</summary>
    public static void WriteDataVersion(IBufferWriter<byte> output, DataVersion version, bool includeStateVersion = true) =>
        WriteDataVersion(new FastJsonWriter(output, JsonMode.Legacy), version, includeStateVersion);

    public static void WriteDataVersion(FastJsonWriter w, DataVersion version, bool includeStateVersion = true)
    {
        w.WriteStartObject();
        w.WriteNumber("counter", version.Counter);
        if (includeStateVersion)
        {
            w.WriteNumber("stateVersion", version.StateVersion);
        }
        w.WriteNumber("timestamp", version.Timestamp);
        w.WriteEndObject();
    }

    /// <summary>5.x <c>GetBrokerMemberGroupResponseBody</c>: <c>{"brokerMemberGroup":{...}}</c>.</summary>
    public static void WriteBrokerMemberGroup(IBufferWriter<byte> output, BrokerMemberGroup group)
    {
        var w = new FastJsonWriter(output, JsonMode.Legacy);
        w.WriteStartObject();
        w.WritePropertyName("brokerMemberGroup");
        w.WriteStartObject();
        w.WritePropertyName("brokerAddrs");
        WriteBrokerAddrs(w, group.BrokerAddrs);
        w.WriteString("brokerName", group.BrokerName);
        w.WriteString("cluster", group.Cluster);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>5.0.0–5.1.3 <c>GET_CLIENT_CONFIG</c> request body: <c>{"keys":[...]}</c>.</summary>
    public static byte[] EncodeClientConfigKeys(IEnumerable<string> keys)
    {
        using var buffer = new PooledBufferWriter();
        var w = new FastJsonWriter(buffer, JsonMode.Legacy);
        w.WriteStartObject();
        w.WritePropertyName("keys");
        WriteStringArray(w, keys);
        w.WriteEndObject();
        return buffer.ToArray();
    }

    public static byte[] EncodeTopicRouteData(TopicRouteData route, JsonMode mode, bool includeEnableActingMaster = true)
    {
        using var buffer = new PooledBufferWriter(512);
        WriteTopicRouteData(buffer, route, mode, includeEnableActingMaster);
        return buffer.ToArray();
    }

    public static byte[] EncodeClusterInfo(ClusterInfo info, bool includeEnableActingMaster = true)
    {
        using var buffer = new PooledBufferWriter(1024);
        WriteClusterInfo(buffer, info, includeEnableActingMaster);
        return buffer.ToArray();
    }

    public static byte[] EncodeTopicList(TopicList list)
    {
        using var buffer = new PooledBufferWriter(1024);
        WriteTopicList(buffer, list);
        return buffer.ToArray();
    }

    public static byte[] EncodeKvTable(KvTable table)
    {
        using var buffer = new PooledBufferWriter();
        WriteKvTable(buffer, table);
        return buffer.ToArray();
    }

    /// <summary>
    /// The persisted KV store <c>kvConfig.json</c> (Java's <c>KVConfigSerializeWrapper</c>):
    /// <c>{"configTable":{namespace:{key:value}}}</c>, in fastjson's compact form.
    /// </summary>
    public static byte[] EncodeKvConfigSerializeWrapper(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> configTable)
    {
        using var buffer = new PooledBufferWriter(1024);
        var w = new FastJsonWriter(buffer, JsonMode.Legacy);
        w.WriteStartObject();
        w.WritePropertyName("configTable");
        w.WriteStartObject();
        foreach (var (ns, table) in configTable)
        {
            if (table is null)
            {
                continue;
            }
            w.WritePropertyName(ns);
            w.WriteStringMap(table);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        return buffer.ToArray();
    }

    public static byte[] EncodeDataVersion(DataVersion version, bool includeStateVersion = true)
    {
        using var buffer = new PooledBufferWriter(64);
        WriteDataVersion(buffer, version, includeStateVersion);
        return buffer.ToArray();
    }

    public static byte[] EncodeBrokerMemberGroup(BrokerMemberGroup group)
    {
        using var buffer = new PooledBufferWriter();
        WriteBrokerMemberGroup(buffer, group);
        return buffer.ToArray();
    }

    internal static void WriteBrokerAddrs(FastJsonWriter w, IReadOnlyDictionary<long, string> addrs)
    {
        w.WriteStartObject();
        foreach (var id in w.SortedKeys(addrs))
        {
            var addr = addrs[id];
            if (addr is null)
            {
                continue;
            }
            w.WritePropertyName(id);
            w.WriteString(addr);
        }
        w.WriteEndObject();
    }

    internal static void WriteStringArray(FastJsonWriter w, IEnumerable<string> items)
    {
        w.WriteStartArray();
        if (items is IReadOnlyList<string> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                w.WriteString(list[i]);
            }
        }
        else
        {
            foreach (var item in items)
            {
                w.WriteString(item);
            }
        }
        w.WriteEndArray();
    }
}
