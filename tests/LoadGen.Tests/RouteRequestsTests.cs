using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.LoadGen.Tests;

public class RouteRequestsTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Requests_carry_the_patched_opaque_and_topic_when_decoded(SerializeType type)
    {
        var requests = new RouteRequests(["TopicA", "Topic-B"], 409, type);
        var buffer = new byte[requests.MaxFrameLength];

        var length = requests.WriteTo(buffer, 1, 1_234_567_890);

        var sequence = new System.Buffers.ReadOnlySequence<byte>(buffer, 0, length);
        Assert.True(FrameReader.TryReadFrame(ref sequence, out var frame));
        var command = RemotingCommandReader.Decode(frame);
        Assert.Equal(RequestCode.GetRouteInfoByTopic, command.Code);
        Assert.Equal(1_234_567_890, command.Opaque);
        Assert.Equal(409, command.Version);
        Assert.Equal("Topic-B", command.ExtFields!["topic"]);
        Assert.Equal(type, command.SerializeType);
    }

    [Fact]
    public void Requests_reject_an_opaque_when_it_has_fewer_than_ten_digits()
    {
        var requests = new RouteRequests(["T"], 479, SerializeType.Json);

        Assert.Throws<ArgumentOutOfRangeException>(() => requests.WriteTo(new byte[requests.MaxFrameLength], 0, 42));
    }
}
