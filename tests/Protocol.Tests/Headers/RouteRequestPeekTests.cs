using System.Buffers;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

/// <summary>The allocation-free peek at route requests used by the server's hot path.</summary>
public class RouteRequestPeekTests
{
    private static Frame FrameOf(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameReader.TryReadFrame(ref sequence, out var frame));
        return frame;
    }

    private static (bool Ok, RouteRequestInfo Info, string Topic) Peek(byte[] bytes)
    {
        var topic = new char[256];
        var ok = RouteRequestPeek.TryPeek(FrameOf(bytes), topic, out var info);
        return (ok, info, ok ? new string(topic, 0, info.TopicLength) : "");
    }

    private static byte[] Request(Action<RemotingCommand>? change = null, ExtFields? ext = null)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, 77, 479, ext ?? new ExtFields().Set("topic", "TopicTest"));
        change?.Invoke(request);
        return RemotingCommandWriter.ToArray(request);
    }

    [Theory]
    [InlineData("E1.hex")]
    [InlineData("E1b.hex")]
    public void TryPeek_reads_opaque_version_and_topic_when_frame_is_a_worked_example(string example)
    {
        var (ok, info, topic) = Peek(TestData.Hex(example));

        Assert.True(ok);
        Assert.Equal(7, info.Opaque);
        Assert.Equal(479, info.Version);
        Assert.Equal("TopicTest", topic);
        Assert.False(info.IsOneway);
    }

    [Fact]
    public void TryPeek_reads_non_ascii_topic_and_standard_flag_when_present()
    {
        var (ok, info, topic) = Peek(Request(ext: new ExtFields().Set("topic", "主题-é").Set("acceptStandardJsonOnly", "TRUE")));

        Assert.True(ok);
        Assert.Equal("主题-é", topic);
        Assert.True(info.AcceptStandardJsonOnly);
    }

    [Fact]
    public void TryPeek_accepts_go_client_shape_when_remark_and_field_order_differ()
    {
        var header = "{\"code\":105,\"language\":\"GO\",\"version\":317,\"opaque\":1,\"flag\":0,\"remark\":\"\",\"extFields\":{\"topic\":\"T\"}}"u8.ToArray();
        var frame = new byte[8 + header.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, 4 + header.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), header.Length);
        header.CopyTo(frame, 8);

        var (ok, info, topic) = Peek(frame);

        Assert.True(ok);
        Assert.Equal(317, info.Version);
        Assert.Equal("T", topic);
    }

    [Fact]
    public void TryPeek_declines_so_full_path_answers_when_request_is_not_a_plain_route_query()
    {
        Assert.False(Peek(Request(r => r.Code = RequestCode.GetBrokerClusterInfo)).Ok);
        Assert.False(Peek(Request(ext: new ExtFields().Set("topic", "T").Set("__ZONE_MODE", "true"))).Ok);
        Assert.False(Peek(Request(ext: new ExtFields().Set("topic", "quote\"inside"))).Ok);
        Assert.False(Peek(Request(ext: new ExtFields())).Ok);
        Assert.False(Peek(Request(ext: new ExtFields().Set("topic", new string('x', 300)))).Ok);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void SuccessResponseWriter_writes_the_same_bytes_as_the_command_writer_when_answering(SerializeType type)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, 123456, 479);
        request.SerializeType = type;
        var body = "{\"brokerDatas\":[]}"u8.ToArray();
        var expected = RemotingCommandWriter.ToArray(new RemotingCommand
        {
            Code = 0,
            Flag = RemotingCommand.ResponseFlag,
            Opaque = 123456,
            Version = 479,
            SerializeType = type,
            Body = body,
        });
        var output = new ArrayBufferWriter<byte>();

        SuccessResponseWriter.Write(output, 123456, type, body);

        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }
}
