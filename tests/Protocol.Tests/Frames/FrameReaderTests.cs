using System.Buffers;
using System.Buffers.Binary;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Frames;

public sealed class FrameReaderTests
{
    private static byte[] Prefix(int totalLength, int typeAndHeaderLength)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, totalLength);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), typeAndHeaderLength);
        return bytes;
    }

    private static byte[] SampleFrame(int opaque, byte[]? body = null)
    {
        var command = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, opaque, extFields: new ExtFields().Set("topic", "T"));
        command.Body = body ?? [];
        return RemotingCommandWriter.ToArray(command);
    }

    [Fact]
    public void TryReadFrame_returns_false_until_complete_when_fed_byte_by_byte()
    {
        var bytes = SampleFrame(3, [1, 2, 3]);
        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(FrameReader.TryReadFrame(ref partial, out _));
            Assert.Equal(length, partial.Length);
        }

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameReader.TryReadFrame(ref whole, out var frame));
        Assert.True(whole.IsEmpty);
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.Body.ToArray());
        Assert.Equal(bytes.Length - 4, frame.TotalLength);
    }

    [Fact]
    public void TryReadFrame_reads_each_frame_when_buffer_holds_several()
    {
        var buffer = new ReadOnlySequence<byte>([.. SampleFrame(1), .. SampleFrame(2, [9]), .. SampleFrame(3), 0, 0]);
        var opaques = new List<int>();

        while (FrameReader.TryReadFrame(ref buffer, out var frame))
        {
            opaques.Add(RemotingCommandReader.Decode(frame).Opaque);
        }

        Assert.Equal([1, 2, 3], opaques);
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_reads_frame_when_split_across_segments()
    {
        var bytes = SampleFrame(5, [7, 7]);
        var first = new Segment(bytes.AsMemory(0, 5));
        var last = first.Append(bytes.AsMemory(5, 6)).Append(bytes.AsMemory(11));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.True(FrameReader.TryReadFrame(ref buffer, out var frame));

        var command = RemotingCommandReader.Decode(frame);
        Assert.Equal(5, command.Opaque);
        Assert.Equal("T", command.ExtFields!["topic"]);
    }

    [Fact]
    public void TryReadFrame_accepts_largest_length_when_only_prefix_is_buffered()
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(16_777_212, 0));

        Assert.False(FrameReader.TryReadFrame(ref buffer, FrameReader.DefaultMaxFrameLength, out _));
    }

    [Fact]
    public void TryReadFrame_rejects_oversized_length_when_only_prefix_is_buffered()
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(16_777_213, 0).AsMemory(0, 4));

        var error = Assert.Throws<FrameFormatException>(() => FrameReader.TryReadFrame(ref buffer, FrameReader.DefaultMaxFrameLength, out _));
        Assert.Contains("16777213", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void TryReadFrame_rejects_length_when_negative(int length)
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(length, 0).AsMemory(0, 4));

        var error = Assert.Throws<FrameFormatException>(() => FrameReader.TryReadFrame(ref buffer, out _));
        Assert.Contains("Negative", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void TryReadFrame_rejects_length_when_too_small_for_header_length_field(int length)
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(length, 0));

        Assert.Throws<FrameFormatException>(() => FrameReader.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void TryReadFrame_rejects_header_length_when_larger_than_frame()
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(10, 7));

        var error = Assert.Throws<FrameFormatException>(() => FrameReader.TryReadFrame(ref buffer, out _));
        Assert.Contains("header length", error.Message);
    }

    [Fact]
    public void TryReadFrame_accepts_header_length_when_equal_to_frame_minus_four()
    {
        var buffer = new ReadOnlySequence<byte>([.. Prefix(10, 6), 1, 2, 3, 4, 5, 6]);

        Assert.True(FrameReader.TryReadFrame(ref buffer, out var frame));
        Assert.Equal(6, frame.Header.Length);
        Assert.True(frame.Body.IsEmpty);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void TryReadFrame_rejects_serialize_type_when_unknown(int type)
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(4, type << 24));

        var error = Assert.Throws<FrameFormatException>(() => FrameReader.TryReadFrame(ref buffer, out _));
        Assert.Contains("serialize type", error.Message);
    }

    [Fact]
    public void TryReadFrame_honours_custom_limit_when_given()
    {
        var bytes = SampleFrame(1);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Throws<FrameFormatException>(() => FrameReader.TryReadFrame(ref buffer, bytes.Length - 1, out _));
        Assert.True(FrameReader.TryReadFrame(ref buffer, bytes.Length, out _));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
