using System.Buffers;
using System.Globalization;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Bodies;

/// <summary>
/// Reads JSON bodies (legacy or standard form) into the model. Lenient like fastjson (unknown properties ignored,
/// numbers as strings and vice versa); a wrong shape or a missing required name throws <see cref="BodyFormatException"/>.
/// </summary>
public static class BodyDecoder
{
    // Java's TopicConfig field defaults, used when a property is absent.
    internal const int DefaultQueueNums = 16;

    public static TopicRouteData DecodeTopicRouteData(ReadOnlySpan<byte> body) =>
        ReadTopicRouteData(Root(body, "TopicRouteData"));

    public static ClusterInfo DecodeClusterInfo(ReadOnlySpan<byte> body)
    {
        var root = Root(body, "ClusterInfo");
        var brokers = new Dictionary<string, BrokerData>();
        if (root.Get("brokerAddrTable")?.ExpectObject("brokerAddrTable") is { } table)
        {
            foreach (var (name, value) in table.Properties)
            {
                if (value.ExpectObject($"brokerAddrTable.{name}") is { } broker)
                {
                    brokers[name] = ReadBrokerData(broker, $"brokerAddrTable.{name}");
                }
            }
        }
        var clusters = new Dictionary<string, IReadOnlyCollection<string>>();
        if (root.Get("clusterAddrTable")?.ExpectObject("clusterAddrTable") is { } clusterTable)
        {
            foreach (var (name, value) in clusterTable.Properties)
            {
                clusters[name] = ReadStringList(value, $"clusterAddrTable.{name}");
            }
        }
        return new ClusterInfo(brokers, clusters);
    }

    public static TopicList DecodeTopicList(ReadOnlySpan<byte> body)
    {
        var root = Root(body, "TopicList");
        var topics = root.Get("topicList") is { } list ? ReadStringList(list, "topicList") : [];
        return new TopicList(topics, root.Get("brokerAddr")?.AsString("brokerAddr"));
    }

    public static KvTable DecodeKvTable(ReadOnlySpan<byte> body)
    {
        var root = Root(body, "KVTable");
        return new KvTable(root.Get("table") is { } table ? ReadStringMap(table, "table") : new Dictionary<string, string>());
    }

    /// <summary>
    /// The persisted KV store <c>kvConfig.json</c> (Java's <c>KVConfigSerializeWrapper</c>); a missing
    /// <c>configTable</c> is an empty store.
    /// </summary>
    public static Dictionary<string, Dictionary<string, string>> DecodeKvConfigSerializeWrapper(ReadOnlySpan<byte> content)
    {
        var root = Root(content, "kvConfig.json");
        var result = new Dictionary<string, Dictionary<string, string>>();
        if (root.Get("configTable")?.ExpectObject("configTable") is { } table)
        {
            foreach (var (ns, value) in table.Properties)
            {
                if (!value.IsNull)
                {
                    result[ns] = ReadStringMap(value, $"configTable.{ns}");
                }
            }
        }
        return result;
    }

    public static DataVersion DecodeDataVersion(ReadOnlySpan<byte> body) =>
        ReadDataVersion(Root(body, "DataVersion"), "DataVersion");

    public static BrokerMemberGroup DecodeBrokerMemberGroup(ReadOnlySpan<byte> body)
    {
        var root = Root(body, "GetBrokerMemberGroupResponseBody");
        var group = root.Get("brokerMemberGroup")?.ExpectObject("brokerMemberGroup")
            ?? throw new BodyFormatException("GetBrokerMemberGroupResponseBody: 'brokerMemberGroup' is missing.");
        return new BrokerMemberGroup(
            RequiredString(group, "cluster", "brokerMemberGroup"),
            RequiredString(group, "brokerName", "brokerMemberGroup"),
            ReadBrokerAddrs(group.Get("brokerAddrs"), "brokerMemberGroup.brokerAddrs"));
    }

    /// <summary>5.0.0–5.1.3 <c>GET_CLIENT_CONFIG</c> request body <c>{"keys":[...]}</c> (<c>GetRemoteClientConfigBody</c>).</summary>
    public static IReadOnlyList<string> DecodeClientConfigKeys(ReadOnlySpan<byte> body)
    {
        var root = Root(body, "GetRemoteClientConfigBody");
        return root.Get("keys") is { } keys ? ReadStringList(keys, "keys") : [];
    }

    public static TopicRouteData DecodeTopicRouteData(ReadOnlySequence<byte> body) =>
        body.IsSingleSegment ? DecodeTopicRouteData(body.FirstSpan) : DecodeTopicRouteData(body.ToArray());

    internal static JsonNode Root(ReadOnlySpan<byte> body, string what)
    {
        if (body.IsEmpty)
        {
            throw new BodyFormatException($"{what}: the body is empty.");
        }
        var root = LenientJsonReader.Parse(body);
        return root.Kind == JsonKind.Object
            ? root
            : throw new BodyFormatException($"{what}: expected a JSON object but found {root.Describe()}.");
    }

    internal static TopicRouteData ReadTopicRouteData(JsonNode root)
    {
        var queues = new List<QueueData>();
        if (root.Get("queueDatas")?.ExpectArray("queueDatas") is { } queueArray)
        {
            for (var i = 0; i < queueArray.Items.Count; i++)
            {
                if (queueArray.Items[i].ExpectObject($"queueDatas[{i}]") is { } queue)
                {
                    queues.Add(ReadQueueData(queue, $"queueDatas[{i}]"));
                }
            }
        }
        var brokers = new List<BrokerData>();
        if (root.Get("brokerDatas")?.ExpectArray("brokerDatas") is { } brokerArray)
        {
            for (var i = 0; i < brokerArray.Items.Count; i++)
            {
                if (brokerArray.Items[i].ExpectObject($"brokerDatas[{i}]") is { } broker)
                {
                    brokers.Add(ReadBrokerData(broker, $"brokerDatas[{i}]"));
                }
            }
        }
        var filters = new Dictionary<string, IReadOnlyList<string>>();
        if (root.Get("filterServerTable")?.ExpectObject("filterServerTable") is { } filterTable)
        {
            foreach (var (addr, value) in filterTable.Properties)
            {
                filters[addr] = ReadStringList(value, $"filterServerTable.{addr}");
            }
        }
        Dictionary<string, TopicQueueMappingInfo>? mappings = null;
        if (root.Get("topicQueueMappingByBroker")?.ExpectObject("topicQueueMappingByBroker") is { } mappingTable)
        {
            mappings = [];
            foreach (var (brokerName, value) in mappingTable.Properties)
            {
                if (value.ExpectObject($"topicQueueMappingByBroker.{brokerName}") is { } info)
                {
                    mappings[brokerName] = ReadTopicQueueMappingInfo(info, $"topicQueueMappingByBroker.{brokerName}");
                }
            }
        }
        return new TopicRouteData(
            queues,
            brokers,
            filters,
            root.Get("orderTopicConf")?.AsString("orderTopicConf"),
            mappings);
    }

    internal static QueueData ReadQueueData(JsonNode queue, string path) =>
        new(
            RequiredString(queue, "brokerName", path),
            queue.Get("readQueueNums")?.AsInt32($"{path}.readQueueNums") ?? 0,
            queue.Get("writeQueueNums")?.AsInt32($"{path}.writeQueueNums") ?? 0,
            queue.Get("perm")?.AsInt32($"{path}.perm") ?? 0,
            queue.Get("topicSysFlag")?.AsInt32($"{path}.topicSysFlag") ?? 0);

    internal static BrokerData ReadBrokerData(JsonNode broker, string path) =>
        new(
            RequiredString(broker, "cluster", path),
            RequiredString(broker, "brokerName", path),
            ReadBrokerAddrs(broker.Get("brokerAddrs"), $"{path}.brokerAddrs"),
            broker.Get("enableActingMaster")?.AsBoolean($"{path}.enableActingMaster") ?? false,
            broker.Get("zoneName")?.AsString($"{path}.zoneName"));

    internal static TopicQueueMappingInfo ReadTopicQueueMappingInfo(JsonNode info, string path)
    {
        Dictionary<int, int>? currIdMap = null;
        if (info.Get("currIdMap")?.ExpectObject($"{path}.currIdMap") is { } map)
        {
            currIdMap = [];
            foreach (var (key, value) in map.Properties)
            {
                currIdMap[ParseIntKey(key, $"{path}.currIdMap")] =
                    value.AsInt32($"{path}.currIdMap.{key}")
                    ?? throw new BodyFormatException($"{path}.currIdMap.{key}: value is null.");
            }
        }
        return new TopicQueueMappingInfo(
            info.Get("topic")?.AsString($"{path}.topic"),
            info.Get("bname")?.AsString($"{path}.bname"),
            info.Get("totalQueues")?.AsInt32($"{path}.totalQueues") ?? 0,
            info.Get("epoch")?.AsInt64($"{path}.epoch") ?? 0,
            info.Get("dirty")?.AsBoolean($"{path}.dirty") ?? false,
            info.Get("scope") is { } scope ? scope.AsString($"{path}.scope") : TopicQueueMappingInfo.GlobalScope,
            currIdMap);
    }

    internal static DataVersion ReadDataVersion(JsonNode? node, string path)
    {
        if (node?.ExpectObject(path) is not { } version)
        {
            return DataVersion.Zero;
        }
        return new DataVersion(
            version.Get("timestamp")?.AsInt64($"{path}.timestamp") ?? 0,
            version.Get("counter")?.AsInt64($"{path}.counter") ?? 0,
            version.Get("stateVersion")?.AsInt64($"{path}.stateVersion") ?? 0);
    }

    internal static Dictionary<long, string> ReadBrokerAddrs(JsonNode? node, string path)
    {
        var addrs = new Dictionary<long, string>();
        if (node?.ExpectObject(path) is not { } map)
        {
            return addrs;
        }
        foreach (var (key, value) in map.Properties)
        {
            if (!long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            {
                throw new BodyFormatException($"{path}: key '{key}' is not a broker id.");
            }
            if (value.AsString($"{path}.{key}") is { } addr)
            {
                addrs[id] = addr;
            }
        }
        return addrs;
    }

    internal static List<string> ReadStringList(JsonNode node, string path)
    {
        var list = new List<string>();
        if (node.ExpectArray(path) is not { } array)
        {
            return list;
        }
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i].AsString($"{path}[{i}]") is { } item)
            {
                list.Add(item);
            }
        }
        return list;
    }

    internal static Dictionary<string, string> ReadStringMap(JsonNode node, string path)
    {
        var map = new Dictionary<string, string>();
        if (node.ExpectObject(path) is not { } obj)
        {
            return map;
        }
        foreach (var (key, value) in obj.Properties)
        {
            if (value.AsString($"{path}.{key}") is { } text)
            {
                map[key] = text;
            }
        }
        return map;
    }

    internal static string RequiredString(JsonNode obj, string name, string path) =>
        obj.Get(name)?.AsString($"{path}.{name}")
        ?? throw new BodyFormatException($"{path}.{name} is missing.");

    private static int ParseIntKey(string key, string path) =>
        int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BodyFormatException($"{path}: key '{key}' is not an integer.");
}
