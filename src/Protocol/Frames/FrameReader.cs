using System.Buffers;
using System.Buffers.Binary;

namespace NameServer.Actors.Protocol.Frames;

/// <summary>Cuts length-prefixed frames out of a byte stream, enforcing the limits Java's <c>NettyDecoder</c> enforces.</summary>
public static class FrameReader
{
    /// <summary>Java's default <c>com.rocketmq.remoting.frameMaxLength</c>; it bounds <c>totalLength + 4</c>.</summary>
    public const int DefaultMaxFrameLength = 16 * 1024 * 1024;

    /// <summary>Largest header length the 24-bit field can carry.</summary>
    public const int MaxHeaderLength = 0xFFFFFF;

    /// <summary>
    /// Tries to read one frame from the start of <paramref name="buffer"/>. Returns false when more data is needed
    /// (buffer untouched); on success advances <paramref name="buffer"/> past the frame. The limits are checked as soon as
    /// the 4-byte prefix (resp. the 8 fixed bytes) are there, so an oversized frame is rejected before it is buffered.
    /// </summary>
    /// <exception cref="FrameFormatException">The stream is corrupt; the connection must be closed.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameLength, out Frame frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> fixedPart = stackalloc byte[8];
        var available = (int)Math.Min(buffer.Length, 8);
        buffer.Slice(0, available).CopyTo(fixedPart);

        var totalLength = BinaryPrimitives.ReadInt32BigEndian(fixedPart);
        if (totalLength < 0)
        {
            throw new FrameFormatException($"Negative frame length {totalLength}.");
        }
        if ((long)totalLength + 4 > maxFrameLength)
        {
            throw new FrameFormatException(
                $"Frame length {totalLength} exceeds the maximum (length + 4 must not exceed {maxFrameLength}).");
        }
        if (totalLength < 4)
        {
            throw new FrameFormatException($"Frame length {totalLength} is too small to hold the header length field.");
        }
        if (available < 8)
        {
            return false;
        }

        var typeAndLength = BinaryPrimitives.ReadInt32BigEndian(fixedPart[4..]);
        var typeByte = (byte)((typeAndLength >> 24) & 0xFF);
        var headerLength = typeAndLength & 0xFFFFFF;
        if (typeByte > (byte)SerializeType.RocketMq)
        {
            throw new FrameFormatException($"Unknown serialize type {typeByte}.");
        }
        if (headerLength > totalLength - 4)
        {
            throw new FrameFormatException(
                $"Bad header length {headerLength}: larger than the frame length {totalLength} minus 4.");
        }
        if (buffer.Length < (long)totalLength + 4)
        {
            return false;
        }

        var header = buffer.Slice(8, headerLength);
        var body = buffer.Slice(8 + headerLength, totalLength - 4 - headerLength);
        frame = new Frame((SerializeType)typeByte, header, body);
        buffer = buffer.Slice(totalLength + 4L);
        return true;
    }

    /// <summary><see cref="TryReadFrame(ref ReadOnlySequence{byte}, int, out Frame)"/> with the Java default limit.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame) =>
        TryReadFrame(ref buffer, DefaultMaxFrameLength, out frame);
}
