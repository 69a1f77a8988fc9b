using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

public sealed class RemotingCommandWriterTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public void Write_uses_given_body_when_body_is_pre_encoded(SerializeType type)
    {
        var header = new RemotingCommand { Code = 0, Flag = 1, Opaque = 4, SerializeType = type, Body = new byte[] { 9, 9 } };
        byte[] preEncoded = [1, 2, 3, 4, 5];
        using var buffer = new PooledBufferWriter(4);

        RemotingCommandWriter.Write(header, preEncoded, buffer);

        var decoded = RemotingCommandReader.DecodeFrame(buffer.WrittenMemory);
        Assert.Equal(preEncoded, decoded.Body.ToArray());
        Assert.Equal(4, decoded.Opaque);
        Assert.Equal(type, decoded.SerializeType);
    }

    [Fact]
    public void Write_produces_one_frame_when_body_is_larger_than_the_writers_chunks()
    {
        var body = new byte[200_000];
        new Random(1).NextBytes(body);
        var command = new RemotingCommand { Body = body };

        var decoded = RemotingCommandReader.DecodeFrame(RemotingCommandWriter.ToArray(command));

        Assert.Equal(body, decoded.Body.ToArray());
    }

    [Fact]
    public void DecodeFrame_fails_when_bytes_follow_the_frame()
    {
        byte[] bytes = [.. RemotingCommandWriter.ToArray(new RemotingCommand()), 0];

        Assert.Throws<FrameFormatException>(() => RemotingCommandReader.DecodeFrame(bytes));
    }

    [Fact]
    public void DecodeFrame_fails_when_frame_is_incomplete()
    {
        var bytes = RemotingCommandWriter.ToArray(new RemotingCommand());

        Assert.Throws<FrameFormatException>(() => RemotingCommandReader.DecodeFrame(bytes.AsMemory(0, bytes.Length - 1)));
    }

    [Fact]
    public void Write_allocates_nothing_when_json_header_is_written_repeatedly()
    {
        var command = new RemotingCommand { Code = 0, Flag = 1, Opaque = 9, Version = 479, Remark = "r", ExtFields = new ExtFields().Set("k", "v") };
        byte[] body = [1, 2, 3];
        using var buffer = new PooledBufferWriter(4096);
        RemotingCommandWriter.Write(command, body, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            buffer.Clear();
            RemotingCommandWriter.Write(command, body, buffer);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(9, RemotingCommandReader.DecodeFrame(buffer.WrittenMemory).Opaque);
    }
}
