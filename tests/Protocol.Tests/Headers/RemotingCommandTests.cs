using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

public sealed class RemotingCommandTests
{
    [Fact]
    public void CreateResponse_copies_opaque_and_serialize_type_when_answering()
    {
        var request = new RemotingCommand
        {
            Code = 105,
            Opaque = 77,
            Flag = 0,
            Language = LanguageCode.GO,
            Version = 317,
            SerializeType = SerializeType.RocketMq,
            ExtFields = new ExtFields().Set("topic", "T"),
        };

        var response = RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist, "none");

        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.Equal(77, response.Opaque);
        Assert.Equal(1, response.Flag);
        Assert.True(response.IsResponse);
        Assert.False(response.IsOneway);
        Assert.Equal(LanguageCode.JAVA, response.Language);
        Assert.Equal(RemotingCommand.DefaultResponseVersion, response.Version);
        Assert.Equal(SerializeType.RocketMq, response.SerializeType);
        Assert.Equal("none", response.Remark);
        Assert.Null(response.ExtFields);
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public void CreateResponse_uses_given_version_when_emulating_4_9()
    {
        var response = RemotingCommand.CreateResponse(new RemotingCommand(), 0, version: MqVersion.V4_9_8);

        Assert.Equal(409, response.Version);
    }

    [Fact]
    public void IsOneway_is_true_when_flag_bit_1_is_set()
    {
        Assert.True(new RemotingCommand { Flag = 2 }.IsOneway);
        Assert.False(new RemotingCommand { Flag = 1 }.IsOneway);
        Assert.True(new RemotingCommand { Flag = 3 }.IsResponse);
    }

    [Fact]
    public void WithExtField_creates_map_when_absent()
    {
        var command = new RemotingCommand().WithExtField("a", "1").WithExtField("a", "2");

        Assert.Equal([KeyValuePair.Create("a", "2")], command.ExtFields!.ToList());
    }
}
