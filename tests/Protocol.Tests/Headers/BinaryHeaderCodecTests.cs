using System.Buffers.Binary;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

public sealed class BinaryHeaderCodecTests
{
    private static byte[] Encode(RemotingCommand command) => RemotingCommandWriter.EncodeHeader(command);

    [Fact]
    public void Encode_then_decode_round_trips_when_all_fields_are_set()
    {
        var command = new RemotingCommand
        {
            SerializeType = SerializeType.RocketMq,
            Code = 103,
            Language = LanguageCode.DOTNET,
            Version = 479,
            Opaque = -5,
            Flag = 2,
            Remark = "主题",
            ExtFields = new ExtFields().Set("b", "2").Set("a", "1"),
        };

        var decoded = BinaryHeaderCodec.Decode(Encode(command));

        Assert.Equal(command.Code, decoded.Code);
        Assert.Equal(command.Language, decoded.Language);
        Assert.Equal(command.Version, decoded.Version);
        Assert.Equal(command.Opaque, decoded.Opaque);
        Assert.Equal(command.Flag, decoded.Flag);
        Assert.Equal(command.Remark, decoded.Remark);
        Assert.Equal(command.ExtFields.ToList(), decoded.ExtFields!.ToList());
    }

    [Fact]
    public void Decode_turns_empty_strings_into_missing_when_lengths_are_zero()
    {
        var command = new RemotingCommand
        {
            SerializeType = SerializeType.RocketMq,
            Remark = "",
            ExtFields = new ExtFields().Set("empty", "").Set("k", "v"),
        };

        var decoded = BinaryHeaderCodec.Decode(Encode(command));

        Assert.Null(decoded.Remark);
        Assert.Equal([KeyValuePair.Create("k", "v")], decoded.ExtFields!.ToList());
    }

    [Fact]
    public void Decode_yields_null_language_when_byte_is_unknown()
    {
        var bytes = Encode(new RemotingCommand { SerializeType = SerializeType.RocketMq });
        bytes[2] = 200;

        Assert.Null(BinaryHeaderCodec.Decode(bytes).Language);
    }

    [Fact]
    public void Decode_fails_when_header_is_shorter_than_fixed_part()
    {
        var error = Assert.Throws<HeaderFormatException>(() => BinaryHeaderCodec.Decode(new byte[20]));
        Assert.Contains("too short", error.Message);
    }

    [Theory]
    [InlineData(13, 1000)]
    [InlineData(13, -1)]
    [InlineData(17, 1000)]
    [InlineData(17, -7)]
    public void Decode_fails_when_a_length_exceeds_the_header(int offset, int length)
    {
        var bytes = Encode(new RemotingCommand { SerializeType = SerializeType.RocketMq });
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), length);

        var error = Assert.Throws<HeaderFormatException>(() => BinaryHeaderCodec.Decode(bytes));
        Assert.Contains("exceeds", error.Message);
    }

    [Fact]
    public void Decode_fails_when_ext_entry_is_truncated()
    {
        var bytes = Encode(new RemotingCommand { SerializeType = SerializeType.RocketMq, ExtFields = new ExtFields().Set("key", "value") });
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(17), 6);

        Assert.Throws<HeaderFormatException>(() => BinaryHeaderCodec.Decode(bytes));
    }

    [Fact]
    public void Encode_fails_when_code_does_not_fit_int16()
    {
        var command = new RemotingCommand { SerializeType = SerializeType.RocketMq, Code = 40000 };

        Assert.Throws<ProtocolException>(() => Encode(command));
    }
}
