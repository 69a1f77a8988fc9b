using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Tests.Bodies;

public sealed class BodyDecoderTests
{
    [Fact]
    public void DecodeDataVersion_defaults_state_version_when_sent_by_4x()
    {
        Assert.Equal(new DataVersion(7, 3), BodyDecoder.DecodeDataVersion(TestData.Utf8("{\"counter\":3,\"timestamp\":7}")));
        Assert.Equal(new DataVersion(7, 3, 1), BodyDecoder.DecodeDataVersion(TestData.Utf8("{\"counter\":\"3\",\"stateVersion\":1,\"timestamp\":7}")));
    }

    [Fact]
    public void DecodeTopicRouteData_reads_register_topic_body_when_only_queue_datas_are_present()
    {
        var route = BodyDecoder.DecodeTopicRouteData(TestData.Utf8("{\"queueDatas\":[{\"brokerName\":\"b\",\"perm\":6,\"readQueueNums\":2,\"writeQueueNums\":2,\"topicSysFlag\":0,\"extra\":1}]}"));

        Assert.Equal([new QueueData("b", 2, 2, 6, 0)], route.QueueDatas);
        Assert.Empty(route.BrokerDatas);
        Assert.Empty(route.FilterServerTable);
        Assert.Null(route.TopicQueueMappingByBroker);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("{\"brokerDatas\":[{\"cluster\":\"C\",\"brokerAddrs\":{}}]}", "brokerDatas[0].brokerName is missing")]
    [InlineData("{\"brokerDatas\":[{\"cluster\":\"C\",\"brokerName\":\"b\",\"brokerAddrs\":{\"x\":\"a\"}}]}", "not a broker id")]
    [InlineData("{\"queueDatas\":{}}", "queueDatas: expected an array")]
    [InlineData("{\"queueDatas\":[{\"brokerName\":\"b\",\"perm\":true}]}", "queueDatas[0].perm")]
    public void DecodeTopicRouteData_fails_with_path_when_body_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<BodyFormatException>(() => BodyDecoder.DecodeTopicRouteData(TestData.Utf8(json)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void DecodeTopicList_and_KvTable_read_bodies_when_well_formed()
    {
        var list = BodyDecoder.DecodeTopicList(TestData.Utf8("{\"brokerAddr\":\"a:1\",\"topicList\":[\"x\",\"y\"]}"));
        var table = BodyDecoder.DecodeKvTable(TestData.Utf8("{\"table\":{\"k\":\"v\",\"n\":1}}"));

        Assert.Equal(["x", "y"], list.Topics);
        Assert.Equal("a:1", list.BrokerAddr);
        Assert.Equal("1", table.Table["n"]);
    }

    [Fact]
    public void DecodeClientConfigKeys_reads_keys_when_body_was_encoded_by_us()
    {
        var body = BodyEncoder.EncodeClientConfigKeys(["a", "b"]);

        Assert.Equal("{\"keys\":[\"a\",\"b\"]}", TestData.Utf8(body));
        Assert.Equal(["a", "b"], BodyDecoder.DecodeClientConfigKeys(body));
        Assert.Empty(BodyDecoder.DecodeClientConfigKeys(TestData.Utf8("{}")));
    }

    [Fact]
    public void DecodeKvConfigSerializeWrapper_returns_empty_store_when_config_table_is_absent()
    {
        Assert.Empty(BodyDecoder.DecodeKvConfigSerializeWrapper(TestData.Utf8("{}")));
    }

    [Fact]
    public void DecodeKvConfigSerializeWrapper_fails_clearly_when_file_is_not_json()
    {
        Assert.Throws<JsonFormatException>(() => BodyDecoder.DecodeKvConfigSerializeWrapper(TestData.Utf8("configTable=1")));
    }
}
