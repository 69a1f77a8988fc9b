using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.LoadGen.Tests;

public class ResponseHeaderTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Response_header_yields_code_and_opaque_when_encoded_by_the_protocol_writer(SerializeType type)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, 77);
        request.SerializeType = type;
        var response = RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, "No topic route info in name server for the topic: \"code\":5");

        var header = RemotingCommandWriter.EncodeHeader(response);

        Assert.True(ResponseHeader.TryRead(type, header, out var code, out var opaque));
        Assert.Equal(ResponseCode.TopicNotExist, code);
        Assert.Equal(77, opaque);
    }

    [Fact]
    public void Response_header_is_refused_when_fields_are_missing()
    {
        Assert.False(ResponseHeader.TryRead(SerializeType.Json, "{\"flag\":1}"u8, out _, out _));
        Assert.False(ResponseHeader.TryRead(SerializeType.RocketMq, new byte[4], out _, out _));
    }
}
