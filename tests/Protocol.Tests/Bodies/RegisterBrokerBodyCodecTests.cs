using System.Buffers.Binary;
using System.IO.Compression;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Tests.Bodies;

public sealed class RegisterBrokerBodyCodecTests
{
    private static RegisterBrokerBody Sample5x() => new(
        new TopicConfigSerializeWrapper(
            new DataVersion(1700000000000, 3, 2),
            new Dictionary<string, TopicConfig>
            {
                ["Orders"] = new("Orders", 8, 8, 6, TopicConfig.MultiTag, Attributes: new Dictionary<string, string> { ["+message.type"] = "FIFO with space" }),
                ["TBW102"] = new("TBW102", 8, 8, 7, Attributes: new Dictionary<string, string>()),
            },
            new Dictionary<string, TopicQueueMappingInfo>
            {
                ["Static"] = new("Static", "broker-a", 4, 1700000000000, false, CurrIdMap: new Dictionary<int, int> { [0] = 0, [1] = 1 }),
            }),
        ["10.0.0.1:20000"]);

    [Fact]
    public void Compressed_body_round_trips_when_broker_is_5x()
    {
        var original = Sample5x();

        var compressed = RegisterBrokerBodyCodec.EncodeCompressed(original, MqVersion.V5_3_3);
        var decoded = RegisterBrokerBodyCodec.Decode(compressed, compressed: true, MqVersion.V5_3_3);

        Assert.Equal(0x78, compressed[0]);
        Assert.Equal(0xDA, compressed[1]);
        Assert.Equal(original.TopicConfigSerializeWrapper.DataVersion, decoded.TopicConfigSerializeWrapper.DataVersion);
        Assert.Equal(original.TopicConfigSerializeWrapper.TopicConfigTable, decoded.TopicConfigSerializeWrapper.TopicConfigTable);
        Assert.True(DictionaryEquality.Equal(original.TopicConfigSerializeWrapper.TopicQueueMappingInfoMap, decoded.TopicConfigSerializeWrapper.TopicQueueMappingInfoMap));
        Assert.Equal(original.FilterServerList, decoded.FilterServerList);
    }

    [Fact]
    public void Compressed_body_drops_sys_flag_and_order_when_encoded_like_java()
    {
        var body = new RegisterBrokerBody(
            new TopicConfigSerializeWrapper(new DataVersion(1, 1), new Dictionary<string, TopicConfig> { ["U"] = new("U", 1, 1, 6, TopicSysFlag: 1, Order: true) }),
            []);

        var decoded = RegisterBrokerBodyCodec.Decode(RegisterBrokerBodyCodec.EncodeCompressed(body, MqVersion.V4_9_8), true, MqVersion.V4_9_8);

        Assert.Equal(new TopicConfig("U", 1, 1, 6), decoded.TopicConfigSerializeWrapper.TopicConfigTable["U"]);
    }

    [Fact]
    public void Compressed_body_skips_mapping_section_when_request_version_is_below_5()
    {
        var payload = RegisterBrokerBodyCodec.EncodeInflatedPayload(Sample5x(), MqVersion.V5_3_3);

        // A 5.x payload read as 4.9 leaves the mapping section unread rather than misparsing it.
        var decoded = RegisterBrokerBodyCodec.DecodeInflated(payload, MqVersion.V4_9_8);

        Assert.Null(decoded.TopicConfigSerializeWrapper.TopicQueueMappingInfoMap);
        Assert.Equal(2, decoded.TopicConfigSerializeWrapper.TopicConfigTable.Count);
    }

    [Fact]
    public void Decode_rejects_zlib_bomb_when_inflated_size_exceeds_cap()
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[10_000_000]);
        }
        var bomb = output.ToArray();
        Assert.True(bomb.Length < 20_000);

        var error = Assert.Throws<BodyFormatException>(() => RegisterBrokerBodyCodec.Decode(bomb, true, MqVersion.V4_9_8, maxInflatedLength: 1_000_000));

        Assert.Contains("1000000", error.Message);
    }

    [Fact]
    public void Decode_fails_clearly_when_compressed_body_is_not_zlib()
    {
        var error = Assert.Throws<BodyFormatException>(() => RegisterBrokerBodyCodec.Decode(TestData.Utf8("{\"not\":\"zlib\"}"), true, MqVersion.V5_3_3));

        Assert.Contains("zlib", error.Message);
    }

    [Fact]
    public void DecodeInflated_fails_clearly_when_payload_is_truncated()
    {
        var payload = RegisterBrokerBodyCodec.EncodeInflatedPayload(Sample5x(), MqVersion.V4_9_8);

        for (var length = 0; length < payload.Length; length += 7)
        {
            var error = Assert.Throws<BodyFormatException>(() => RegisterBrokerBodyCodec.DecodeInflated(payload.AsSpan(0, length), MqVersion.V4_9_8));
            Assert.Contains("Compressed register body", error.Message);
        }
    }

    [Fact]
    public void DecodeInflated_fails_when_topic_count_is_impossible()
    {
        var payload = RegisterBrokerBodyCodec.EncodeInflatedPayload(Sample5x(), MqVersion.V4_9_8);
        var dvLength = BinaryPrimitives.ReadInt32BigEndian(payload);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4 + dvLength), int.MaxValue);

        var error = Assert.Throws<BodyFormatException>(() => RegisterBrokerBodyCodec.DecodeInflated(payload, MqVersion.V4_9_8));

        Assert.Contains("topic count", error.Message);
    }

    [Theory]
    [InlineData("T 1 1 6")]
    [InlineData("T x 1 6 SINGLE_TAG")]
    [InlineData("T 1 1 6 OTHER_TAG")]
    public void DecodeInflated_fails_when_topic_line_is_malformed(string line)
    {
        var payload = BuildPayload("{\"counter\":1,\"timestamp\":2}", [line], "[]");

        var error = Assert.Throws<BodyFormatException>(() => RegisterBrokerBodyCodec.DecodeInflated(payload, MqVersion.V4_9_8));

        Assert.Contains("line 0", error.Message);
    }

    [Fact]
    public void DecodeInflated_ignores_attributes_when_they_are_not_json()
    {
        var payload = BuildPayload("{\"counter\":1,\"timestamp\":2}", ["T 1 2 6 SINGLE_TAG {broken"], "[]");

        var config = RegisterBrokerBodyCodec.DecodeInflated(payload, MqVersion.V5_3_3).TopicConfigSerializeWrapper.TopicConfigTable["T"];

        Assert.Equal(new TopicConfig("T", 1, 2, 6), config);
    }

    [Fact]
    public void DecodeJson_reads_bare_wrapper_when_version_is_below_3_0_11()
    {
        var body = TestData.Utf8("{\"dataVersion\":{\"counter\":2,\"timestamp\":3},\"topicConfigTable\":{\"T\":{\"perm\":6}}}");

        var decoded = RegisterBrokerBodyCodec.Decode(body, false, 36);

        Assert.Equal(new DataVersion(3, 2), decoded.TopicConfigSerializeWrapper.DataVersion);
        Assert.Equal(new TopicConfig("T", 16, 16, 6), decoded.TopicConfigSerializeWrapper.TopicConfigTable["T"]);
    }

    [Fact]
    public void DecodeJson_reads_bare_integer_keys_when_5x_broker_has_static_topics()
    {
        var body = TestData.Utf8("{\"filterServerList\":[],\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{},\"topicQueueMappingDetailMap\":{\"S\":{\"hostedQueues\":{0:[{\"bname\":\"b\"}]}}},\"topicQueueMappingInfoMap\":{\"S\":{\"bname\":\"b\",\"currIdMap\":{0:3,1:4},\"dirty\":false,\"epoch\":5,\"scope\":\"__global__\",\"topic\":\"S\",\"totalQueues\":2}}}}");

        var decoded = RegisterBrokerBodyCodec.Decode(body, false, MqVersion.V5_3_3);

        var info = decoded.TopicConfigSerializeWrapper.TopicQueueMappingInfoMap!["S"];
        Assert.Equal(new TopicQueueMappingInfo("S", "b", 2, 5, false, CurrIdMap: new Dictionary<int, int> { [0] = 3, [1] = 4 }), info);
    }

    [Fact]
    public void Decode_returns_empty_body_when_body_is_empty()
    {
        Assert.Same(RegisterBrokerBody.Empty, RegisterBrokerBodyCodec.Decode([], false, MqVersion.V5_3_3));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"topicConfigSerializeWrapper\":[]}")]
    [InlineData("{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"T\":{\"readQueueNums\":\"many\"}}}}")]
    [InlineData("{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"T\":{\"topicFilterType\":\"NOPE\"}}}}")]
    public void DecodeJson_fails_clearly_when_shape_is_wrong(string json)
    {
        Assert.Throws<BodyFormatException>(() => RegisterBrokerBodyCodec.Decode(TestData.Utf8(json), false, MqVersion.V5_3_3));
    }

    [Fact]
    public void Json_body_round_trips_when_broker_is_5x()
    {
        var original = Sample5x();

        var decoded = RegisterBrokerBodyCodec.DecodeJson(RegisterBrokerBodyCodec.EncodeJson(original), MqVersion.V5_3_3);

        Assert.Equal(original.TopicConfigSerializeWrapper.TopicConfigTable, decoded.TopicConfigSerializeWrapper.TopicConfigTable);
        Assert.Equal(original.TopicConfigSerializeWrapper.DataVersion, decoded.TopicConfigSerializeWrapper.DataVersion);
        Assert.True(DictionaryEquality.Equal(original.TopicConfigSerializeWrapper.TopicQueueMappingInfoMap, decoded.TopicConfigSerializeWrapper.TopicQueueMappingInfoMap));
    }

    private static byte[] BuildPayload(string dataVersion, string[] lines, string filters)
    {
        var bytes = new List<byte>();
        void Block(string text)
        {
            var data = TestData.Utf8(text);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            bytes.AddRange(length);
            bytes.AddRange(data);
        }
        Block(dataVersion);
        var count = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(count, lines.Length);
        bytes.AddRange(count);
        foreach (var line in lines)
        {
            Block(line);
        }
        Block(filters);
        return [.. bytes];
    }
}
