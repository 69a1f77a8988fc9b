using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Tests.Bodies;

public sealed class BodyEncoderTests
{
    [Fact]
    public void EncodeBrokerMemberGroup_wraps_group_when_encoded()
    {
        var group = new BrokerMemberGroup("C", "broker-a", new Dictionary<long, string> { [1] = "b:1", [0] = "a:1" });

        var body = BodyEncoder.EncodeBrokerMemberGroup(group);

        Assert.Equal("{\"brokerMemberGroup\":{\"brokerAddrs\":{1:\"b:1\",0:\"a:1\"},\"brokerName\":\"broker-a\",\"cluster\":\"C\"}}", TestData.Utf8(body));
        var decoded = BodyDecoder.DecodeBrokerMemberGroup(body);
        Assert.Equal(group.Cluster, decoded.Cluster);
        Assert.Equal(group.BrokerName, decoded.BrokerName);
        Assert.True(DictionaryEquality.Equal(group.BrokerAddrs, decoded.BrokerAddrs));
    }

    [Fact]
    public void EncodeTopicRouteData_sorts_every_map_when_standard()
    {
        var route = new TopicRouteData(
            [],
            [new BrokerData("C", "b", new Dictionary<long, string> { [10] = "x", [2] = "y" })],
            new Dictionary<string, IReadOnlyList<string>> { ["z"] = [], ["a"] = ["f"] });

        var json = TestData.Utf8(BodyEncoder.EncodeTopicRouteData(route, JsonMode.Standard));

        Assert.Equal("{\"brokerDatas\":[{\"brokerAddrs\":{\"2\":\"y\",\"10\":\"x\"},\"brokerName\":\"b\",\"cluster\":\"C\",\"enableActingMaster\":false}],\"filterServerTable\":{\"a\":[\"f\"],\"z\":[]},\"queueDatas\":[]}", json);
    }

    [Fact]
    public void EncodeTopicRouteData_always_emits_collections_when_route_is_empty()
    {
        var route = new TopicRouteData([], [], new Dictionary<string, IReadOnlyList<string>>());

        Assert.Equal("{\"brokerDatas\":[],\"filterServerTable\":{},\"queueDatas\":[]}", TestData.Utf8(BodyEncoder.EncodeTopicRouteData(route, JsonMode.Legacy)));
    }

    [Fact]
    public void EncodeClusterInfo_omits_acting_master_when_emulating_4_9()
    {
        var info = new ClusterInfo(
            new Dictionary<string, BrokerData> { ["b"] = new("C", "b", new Dictionary<long, string> { [0] = "a:1" }) },
            new Dictionary<string, IReadOnlyCollection<string>> { ["C"] = ["b"] });

        Assert.Equal(
            "{\"brokerAddrTable\":{\"b\":{\"brokerAddrs\":{0:\"a:1\"},\"brokerName\":\"b\",\"cluster\":\"C\"}},\"clusterAddrTable\":{\"C\":[\"b\"]}}",
            TestData.Utf8(BodyEncoder.EncodeClusterInfo(info, includeEnableActingMaster: false)));
    }

    [Fact]
    public void EncodeKvConfigSerializeWrapper_writes_java_layout_when_namespaces_exist()
    {
        var table = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["ORDER_TOPIC_CONFIG"] = new Dictionary<string, string> { ["TopicOrder"] = "broker-a:4;broker-b:4" },
            ["empty"] = new Dictionary<string, string>(),
        };

        var bytes = BodyEncoder.EncodeKvConfigSerializeWrapper(table);

        Assert.Equal("{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicOrder\":\"broker-a:4;broker-b:4\"},\"empty\":{}}}", TestData.Utf8(bytes));
        var decoded = BodyDecoder.DecodeKvConfigSerializeWrapper(bytes);
        Assert.Equal("broker-a:4;broker-b:4", decoded["ORDER_TOPIC_CONFIG"]["TopicOrder"]);
        Assert.Empty(decoded["empty"]);
    }
}
