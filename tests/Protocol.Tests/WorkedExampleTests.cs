using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Tests;

/// <summary>Every worked example of <c>Examples/</c> (<c>docs/PROTOCOL.md</c>, "Test vectors"), decoded and re-encoded byte for byte.</summary>
public sealed class WorkedExampleTests
{
    private static readonly TopicRouteData _brokerARoute = new(
        [new QueueData("broker-a", 4, 4, 6, 0)],
        [new BrokerData("DefaultCluster", "broker-a", new Dictionary<long, string> { [0] = "192.168.0.10:10911", [1] = "192.168.0.11:10911" })],
        new Dictionary<string, IReadOnlyList<string>>());

    private static RemotingCommand RequestWithOpaque(int opaque, SerializeType type = SerializeType.Json) =>
        new() { Code = RequestCode.GetRouteInfoByTopic, Opaque = opaque, Version = 479, SerializeType = type };

    [Theory]
    [InlineData("E1.hex")]
    [InlineData("E1b.hex")]
    [InlineData("E4.hex")]
    [InlineData("E5.hex")]
    [InlineData("E6-request.hex")]
    [InlineData("E8.hex")]
    public void Request_example_reencodes_byte_for_byte_when_decoded(string file)
    {
        var bytes = TestData.Hex(file);

        var command = RemotingCommandReader.DecodeFrame(bytes);

        Assert.Equal(bytes, RemotingCommandWriter.ToArray(command));
    }

    [Fact]
    public void E1_decodes_route_request_fields_when_header_is_json()
    {
        var command = RemotingCommandReader.DecodeFrame(TestData.Hex("E1.hex"));

        Assert.Equal(SerializeType.Json, command.SerializeType);
        Assert.Equal(105, command.Code);
        Assert.Equal(LanguageCode.JAVA, command.Language);
        Assert.Equal(479, command.Version);
        Assert.Equal(7, command.Opaque);
        Assert.Equal(0, command.Flag);
        Assert.Null(command.Remark);
        Assert.True(command.Body.IsEmpty);
        Assert.True(GetRouteInfoRequestHeader.TryParse(command.ExtFields, out var header, out _));
        Assert.Equal("TopicTest", header.Topic);
    }

    [Fact]
    public void E1b_decodes_same_fields_when_header_is_binary()
    {
        var json = RemotingCommandReader.DecodeFrame(TestData.Hex("E1.hex"));
        var binary = RemotingCommandReader.DecodeFrame(TestData.Hex("E1b.hex"));

        Assert.Equal(SerializeType.RocketMq, binary.SerializeType);
        Assert.Equal(json.Code, binary.Code);
        Assert.Equal(json.Language, binary.Language);
        Assert.Equal(json.Version, binary.Version);
        Assert.Equal(json.Opaque, binary.Opaque);
        Assert.Equal(json.Flag, binary.Flag);
        Assert.Equal(json.ExtFields, binary.ExtFields);
    }

    [Fact]
    public void E2_route_response_matches_when_built_in_standard_mode()
    {
        var request = RemotingCommandReader.DecodeFrame(TestData.Hex("E1.hex"));
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);

        var bytes = WriteWithBody(response, BodyEncoder.EncodeTopicRouteData(_brokerARoute, JsonMode.Standard));

        Assert.Equal(TestData.Hex("E2.hex"), bytes);
    }

    [Fact]
    public void E2_route_body_decodes_to_model_when_read_back()
    {
        var command = RemotingCommandReader.DecodeFrame(TestData.Hex("E2.hex"));

        var route = BodyDecoder.DecodeTopicRouteData(command.Body.Span);

        AssertRouteEqual(_brokerARoute, route);
    }

    [Theory]
    [InlineData(JsonMode.Legacy, true, """{"brokerDatas":[{"brokerAddrs":{0:"192.168.0.10:10911",1:"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}""")]
    [InlineData(JsonMode.Standard, false, """{"brokerDatas":[{"brokerAddrs":{"0":"192.168.0.10:10911","1":"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}""")]
    [InlineData(JsonMode.Legacy, false, """{"brokerDatas":[{"brokerAddrs":{0:"192.168.0.10:10911",1:"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}""")]
    public void E2_route_variants_match_when_mode_and_version_change(JsonMode mode, bool actingMaster, string expected)
    {
        var body = BodyEncoder.EncodeTopicRouteData(_brokerARoute, mode, actingMaster);

        Assert.Equal(expected, TestData.Utf8(body));
        AssertRouteEqual(_brokerARoute, BodyDecoder.DecodeTopicRouteData(body));
    }

    [Fact]
    public void E2_full_route_matches_when_every_optional_part_is_present()
    {
        const string expected = """{"brokerDatas":[{"brokerAddrs":{"0":"192.168.0.10:10911"},"brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":true,"zoneName":"zone-1"}],"filterServerTable":{"192.168.0.10:10911":["192.168.0.10:20000"]},"orderTopicConf":"broker-a:4","queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}],"topicQueueMappingByBroker":{"broker-a":{"bname":"broker-a","currIdMap":{"0":0,"1":1},"dirty":false,"epoch":1700000000000,"scope":"__global__","topic":"StaticTopic","totalQueues":8}}}""";
        var route = new TopicRouteData(
            [new QueueData("broker-a", 4, 4, 6, 0)],
            [new BrokerData("DefaultCluster", "broker-a", new Dictionary<long, string> { [0] = "192.168.0.10:10911" }, true, "zone-1")],
            new Dictionary<string, IReadOnlyList<string>> { ["192.168.0.10:10911"] = ["192.168.0.10:20000"] },
            "broker-a:4",
            new Dictionary<string, TopicQueueMappingInfo>
            {
                ["broker-a"] = new("StaticTopic", "broker-a", 8, 1700000000000, false, CurrIdMap: new Dictionary<int, int> { [1] = 1, [0] = 0 }),
            });

        var body = BodyEncoder.EncodeTopicRouteData(route, JsonMode.Standard);

        Assert.Equal(expected, TestData.Utf8(body));
        AssertRouteEqual(route, BodyDecoder.DecodeTopicRouteData(body));
    }

    [Fact]
    public void E3_topic_not_exist_response_matches_when_remark_has_newline()
    {
        var response = RemotingCommand.CreateResponse(
            RequestWithOpaque(8),
            ResponseCode.TopicNotExist,
            "No topic route info in name server for the topic: NoSuchTopic\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.");

        Assert.Equal(TestData.Hex("E3.hex"), RemotingCommandWriter.ToArray(response));
        var decoded = RemotingCommandReader.DecodeFrame(TestData.Hex("E3.hex"));
        Assert.Equal(response.Remark, decoded.Remark);
        Assert.True(decoded.IsResponse);
    }

    [Fact]
    public void E4_register_request_decodes_header_body_and_crc_when_body_is_json()
    {
        var command = RemotingCommandReader.DecodeFrame(TestData.Hex("E4.hex"));

        Assert.True(RegisterBrokerRequestHeader.TryParse(command.ExtFields, out var header, out _));
        Assert.Equal(new RegisterBrokerRequestHeader(
            "broker-a", "192.168.0.10:10911", "DefaultCluster", "192.168.0.10:10912", 0, false, 225561810, null, false), header);
        Assert.Equal(header.BodyCrc32, Crc32.ComputeBodyCrc32(command.Body.Span));
        Assert.Equal(header.ToExtFields(), command.ExtFields);
        Assert.Equal(
            ["brokerId", "bodyCrc32", "clusterName", "brokerAddr", "enableActingMaster", "haServerAddr", "compressed", "brokerName"],
            header.ToExtFields().Keys);

        var body = RegisterBrokerBodyCodec.Decode(command.Body.Span, header.Compressed, command.Version);
        var wrapper = body.TopicConfigSerializeWrapper;
        Assert.Equal(new DataVersion(1700000000000, 5), wrapper.DataVersion);
        Assert.Equal(["TopicTest", "TBW102"], wrapper.TopicConfigTable.Keys);
        Assert.Equal(new TopicConfig("TopicTest", 4, 4, 6, Attributes: new Dictionary<string, string>()), wrapper.TopicConfigTable["TopicTest"]);
        Assert.Equal(new TopicConfig("TBW102", 8, 8, 7, Attributes: new Dictionary<string, string>()), wrapper.TopicConfigTable["TBW102"]);
        Assert.Empty(body.FilterServerList);
        Assert.Empty(wrapper.TopicQueueMappingInfoMap!);
    }

    [Fact]
    public void E4_register_body_reencodes_byte_for_byte_when_written_in_5x_format()
    {
        var command = RemotingCommandReader.DecodeFrame(TestData.Hex("E4.hex"));
        var body = RegisterBrokerBodyCodec.DecodeJson(command.Body.Span, command.Version);

        var encoded = RegisterBrokerBodyCodec.EncodeJson(body, v5Format: true, new DataVersion(1700000000001, 0));

        Assert.Equal(command.Body.ToArray(), encoded);
    }

    [Fact]
    public void E5_compressed_register_decodes_topics_and_crc_when_version_is_4_9()
    {
        var command = RemotingCommandReader.DecodeFrame(TestData.Hex("E5.hex"));
        Assert.True(RegisterBrokerRequestHeader.TryParse(command.ExtFields, out var header, out _));
        Assert.True(header.Compressed);
        Assert.Equal(1771398621, header.BodyCrc32);
        Assert.Equal(header.BodyCrc32, Crc32.ComputeBodyCrc32(command.Body.Span));

        using (var inflated = RegisterBrokerBodyCodec.Inflate(command.Body.Span, FrameReader.DefaultMaxFrameLength))
        {
            Assert.Equal(TestData.Hex("E5-payload.hex"), inflated.WrittenSpan.ToArray());
        }

        var body = RegisterBrokerBodyCodec.Decode(command.Body.Span, header.Compressed, command.Version);
        var wrapper = body.TopicConfigSerializeWrapper;
        Assert.Equal(new DataVersion(1700000000000, 5), wrapper.DataVersion);
        Assert.Equal(new TopicConfig("TopicTest", 4, 4, 6), wrapper.TopicConfigTable["TopicTest"]);
        Assert.Equal(new TopicConfig("TBW102", 8, 8, 7), wrapper.TopicConfigTable["TBW102"]);
        Assert.Null(wrapper.TopicQueueMappingInfoMap);
        Assert.Empty(body.FilterServerList);
    }

    [Fact]
    public void E5_inflated_payload_and_json_form_match_when_encoded_like_a_4_9_broker()
    {
        const string json = """{"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":5,"timestamp":1700000000000},"topicConfigTable":{"TopicTest":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4},"TBW102":{"order":false,"perm":7,"readQueueNums":8,"topicFilterType":"SINGLE_TAG","topicName":"TBW102","topicSysFlag":0,"writeQueueNums":8}}}}""";
        var body = RegisterBrokerBodyCodec.DecodeInflated(TestData.Hex("E5-payload.hex"), MqVersion.V4_9_8);

        Assert.Equal(TestData.Hex("E5-payload.hex"), RegisterBrokerBodyCodec.EncodeInflatedPayload(body, MqVersion.V4_9_8));
        Assert.Equal(json, TestData.Utf8(RegisterBrokerBodyCodec.EncodeJson(body, v5Format: false)));
        Assert.Equal(body.TopicConfigSerializeWrapper.TopicConfigTable, RegisterBrokerBodyCodec.DecodeJson(TestData.Utf8(json), 409).TopicConfigSerializeWrapper.TopicConfigTable);
    }

    [Fact]
    public void E6_cluster_info_response_matches_when_built_in_legacy_mode()
    {
        var request = RemotingCommandReader.DecodeFrame(TestData.Hex("E6-request.hex"));
        Assert.Null(request.ExtFields);
        var info = new ClusterInfo(
            new Dictionary<string, BrokerData>
            {
                ["broker-b"] = new("DefaultCluster", "broker-b", new Dictionary<long, string> { [0] = "192.168.0.20:10911" }),
                ["broker-a"] = new("DefaultCluster", "broker-a", new Dictionary<long, string> { [0] = "192.168.0.10:10911", [1] = "192.168.0.11:10911" }),
            },
            new Dictionary<string, IReadOnlyCollection<string>> { ["DefaultCluster"] = ["broker-b", "broker-a"] });

        var bytes = WriteWithBody(RemotingCommand.CreateResponse(request, ResponseCode.Success), BodyEncoder.EncodeClusterInfo(info));

        Assert.Equal(TestData.Hex("E6-response.hex"), bytes);
        var decoded = BodyDecoder.DecodeClusterInfo(RemotingCommandReader.DecodeFrame(bytes).Body.Span);
        Assert.Equal(info.BrokerAddrTable, decoded.BrokerAddrTable);
        Assert.Equal(info.ClusterAddrTable["DefaultCluster"], decoded.ClusterAddrTable["DefaultCluster"]);
    }

    [Fact]
    public void E7_register_response_to_slave_matches_when_kv_body_and_master_addresses_are_set()
    {
        var response = RemotingCommand.CreateResponse(RequestWithOpaque(44), ResponseCode.Success);
        response.ExtFields = new RegisterBrokerResponseHeader("192.168.0.10:10912", "192.168.0.10:10911").ToExtFields();
        response.Body = BodyEncoder.EncodeKvTable(new KvTable(new Dictionary<string, string> { ["TopicOrder"] = "broker-a:4;broker-b:4" }));

        Assert.Equal(TestData.Hex("E7.hex"), RemotingCommandWriter.ToArray(response));
        var decoded = RemotingCommandReader.DecodeFrame(TestData.Hex("E7.hex"));
        Assert.Equal("broker-a:4;broker-b:4", BodyDecoder.DecodeKvTable(decoded.Body.Span).Table["TopicOrder"]);
    }

    [Fact]
    public void E7b_register_response_to_master_has_empty_ext_fields_when_there_is_no_body()
    {
        var response = RemotingCommand.CreateResponse(RequestWithOpaque(42), ResponseCode.Success);
        response.ExtFields = new RegisterBrokerResponseHeader().ToExtFields();

        Assert.Equal(TestData.Hex("E7b.hex"), RemotingCommandWriter.ToArray(response));
        var decoded = RemotingCommandReader.DecodeFrame(TestData.Hex("E7b.hex"));
        Assert.NotNull(decoded.ExtFields);
        Assert.Empty(decoded.ExtFields);
    }

    [Fact]
    public void E8_heartbeat_is_oneway_when_flag_bit_1_is_set()
    {
        var command = RemotingCommandReader.DecodeFrame(TestData.Hex("E8.hex"));

        Assert.True(command.IsOneway);
        Assert.False(command.IsResponse);
        Assert.True(BrokerHeartbeatRequestHeader.TryParse(command.ExtFields, out var header, out _));
        Assert.Equal(new BrokerHeartbeatRequestHeader("DefaultCluster", "192.168.0.10:10911", "broker-a"), header);
    }

    [Fact]
    public void E9_not_supported_response_matches_when_remark_has_leading_space()
    {
        var response = RemotingCommand.CreateResponse(RequestWithOpaque(11), ResponseCode.RequestCodeNotSupported, " request type 9999 not supported");

        Assert.Equal(TestData.Hex("E9.hex"), RemotingCommandWriter.ToArray(response));
    }

    [Fact]
    public void E10_binary_response_matches_when_request_was_binary()
    {
        var response = RemotingCommand.CreateResponse(RequestWithOpaque(7, SerializeType.RocketMq), ResponseCode.Success, version: MqVersion.V4_9_8);

        var bytes = RemotingCommandWriter.ToArray(response);

        Assert.Equal(TestData.Hex("E10.hex"), bytes);
        var decoded = RemotingCommandReader.DecodeFrame(bytes);
        Assert.Equal(SerializeType.RocketMq, decoded.SerializeType);
        Assert.Null(decoded.Remark);
        Assert.Null(decoded.ExtFields);
        Assert.Equal(409, decoded.Version);
    }

    [Fact]
    public void Other_reference_bodies_match_when_encoded()
    {
        Assert.Equal("""{"topicList":["TopicTest","TBW102"]}""", TestData.Utf8(BodyEncoder.EncodeTopicList(new TopicList(["TopicTest", "TBW102"]))));
        Assert.Equal(
            """{"brokerAddr":"192.168.0.10:10911","topicList":["broker-a","DefaultCluster"]}""",
            TestData.Utf8(BodyEncoder.EncodeTopicList(new TopicList(["broker-a", "DefaultCluster"], "192.168.0.10:10911"))));
        Assert.Equal("""{"table":{}}""", TestData.Utf8(BodyEncoder.EncodeKvTable(new KvTable(new Dictionary<string, string>()))));
        Assert.Equal("""{"counter":5,"stateVersion":0,"timestamp":1700000000000}""", TestData.Utf8(BodyEncoder.EncodeDataVersion(new DataVersion(1700000000000, 5))));
        Assert.Equal("""{"counter":5,"timestamp":1700000000000}""", TestData.Utf8(BodyEncoder.EncodeDataVersion(new DataVersion(1700000000000, 5), includeStateVersion: false)));
    }

    [Theory]
    [InlineData(JsonMode.Standard, """{"k":"\u4E3B\u9898\/\u00E9\u0001"}""")]
    [InlineData(JsonMode.Legacy, "{\"k\":\"主题/é\\u0001\"}")]
    public void Other_reference_non_ascii_matches_when_mode_changes(JsonMode mode, string expected)
    {
        Assert.Equal(expected, WriteJson(mode, w => w.WriteString("k", "主题/é\u0001")));
    }

    [Theory]
    [InlineData(JsonMode.Standard, """{"n":"9007199254740993","s":12}""")]
    [InlineData(JsonMode.Legacy, """{"n":9007199254740993,"s":12}""")]
    public void Other_reference_big_long_matches_when_mode_changes(JsonMode mode, string expected)
    {
        Assert.Equal(expected, WriteJson(mode, w =>
        {
            w.WriteNumber("n", 9007199254740993L);
            w.WriteNumber("s", 12L);
        }));
    }

    internal static string WriteJson(JsonMode mode, Action<FastJsonWriter> body)
    {
        using var buffer = new PooledBufferWriter();
        var writer = new FastJsonWriter(buffer, mode);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        return TestData.Utf8(buffer.WrittenSpan);
    }

    private static byte[] WriteWithBody(RemotingCommand header, byte[] body)
    {
        using var buffer = new PooledBufferWriter();
        RemotingCommandWriter.Write(header, body, buffer);
        return buffer.ToArray();
    }

    internal static void AssertRouteEqual(TopicRouteData expected, TopicRouteData actual)
    {
        Assert.Equal(expected.QueueDatas, actual.QueueDatas);
        Assert.Equal(expected.BrokerDatas, actual.BrokerDatas);
        Assert.Equal(expected.FilterServerTable.Count, actual.FilterServerTable.Count);
        foreach (var (addr, servers) in expected.FilterServerTable)
        {
            Assert.Equal(servers, actual.FilterServerTable[addr]);
        }
        Assert.Equal(expected.OrderTopicConf, actual.OrderTopicConf);
        Assert.True(DictionaryEquality.Equal(expected.TopicQueueMappingByBroker, actual.TopicQueueMappingByBroker));
    }
}
