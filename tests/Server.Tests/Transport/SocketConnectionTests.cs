using System.Buffers.Binary;
using NameServer.Actors.Server.Transport;

namespace NameServer.Actors.Server.Tests.Transport;

/// <summary>How a plaintext connection's receive buffer follows the frame being received.</summary>
public sealed class SocketConnectionTests
{
    [Fact]
    public void MakeRoom_keeps_the_buffer_when_a_prefix_announces_a_large_frame_but_few_bytes_arrived()
    {
        var buffer = new byte[SocketConnection.InitialBuffer];
        BinaryPrimitives.WriteInt32BigEndian(buffer, 16 * 1024 * 1024 - 4);
        int start = 0, end = 8;

        var room = SocketConnection.MakeRoom(buffer, ref start, ref end);

        Assert.Same(buffer, room);
        Assert.Equal((0, 8), (start, end));
    }

    [Fact]
    public void MakeRoom_grows_at_most_fourfold_keeping_the_bytes_when_the_buffer_is_full_of_an_unfinished_frame()
    {
        var buffer = new byte[SocketConnection.InitialBuffer];
        BinaryPrimitives.WriteInt32BigEndian(buffer, 16 * 1024 * 1024 - 4);
        buffer[^1] = 42;
        int start = 0, end = buffer.Length;

        var room = SocketConnection.MakeRoom(buffer, ref start, ref end);

        Assert.InRange(room.Length, 2 * buffer.Length, 4 * buffer.Length);
        Assert.Equal((0, buffer.Length), (start, end));
        Assert.Equal(buffer.AsSpan(0, 8).ToArray(), room.AsSpan(0, 8).ToArray());
        Assert.Equal(42, room[buffer.Length - 1]);
    }

    [Fact]
    public void MakeRoom_moves_an_unfinished_frame_to_the_front_when_it_would_not_fit_where_it_is()
    {
        var buffer = new byte[SocketConnection.InitialBuffer];
        var start = buffer.Length - 100;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(start), 1000);
        var end = buffer.Length;

        var room = SocketConnection.MakeRoom(buffer, ref start, ref end);

        Assert.Same(buffer, room);
        Assert.Equal((0, 100), (start, end));
        Assert.Equal(1000, BinaryPrimitives.ReadInt32BigEndian(room));
    }

    [Theory]
    [InlineData(0, 8, 100_000, false)] // the prefix alone: nothing arrived to make room for
    [InlineData(0, SocketConnection.InitialBuffer, 100_000, true)] // full of a frame larger than the buffer
    [InlineData(0, SocketConnection.InitialBuffer, 1_000, false)] // full of whole frames and a small one's start
    [InlineData(100, SocketConnection.InitialBuffer, 100_000, true)] // full, the large frame starting further in
    public void NeedsLargerBuffer_is_true_only_when_the_buffer_is_full_of_an_unfinished_larger_frame(int start, int end, int frameLength, bool expected)
    {
        var buffer = new byte[SocketConnection.InitialBuffer];
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(start), frameLength);

        Assert.Equal(expected, SocketConnection.NeedsLargerBuffer(buffer, start, end));
    }
}
