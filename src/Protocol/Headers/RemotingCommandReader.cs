using System.Buffers;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>Turns a <see cref="Frame"/> into a <see cref="RemotingCommand"/>.</summary>
public static class RemotingCommandReader
{
    /// <summary>
    /// Decodes header and body. The body is copied, so the command outlives the buffer the frame was cut from.
    /// </summary>
    /// <exception cref="HeaderFormatException">The header cannot be decoded (the connection should be closed).</exception>
    public static RemotingCommand Decode(in Frame frame)
    {
        var command = frame.SerializeType switch
        {
            SerializeType.Json => JsonHeaderCodec.Decode(frame.Header),
            SerializeType.RocketMq => BinaryHeaderCodec.Decode(frame.Header),
            _ => throw new FrameFormatException($"Unknown serialize type {(byte)frame.SerializeType}."),
        };
        if (!frame.Body.IsEmpty)
        {
            command.Body = frame.Body.ToArray();
        }
        return command;
    }

    /// <summary>Decodes exactly one whole frame (length prefix included), e.g. a captured one.</summary>
    /// <exception cref="FrameFormatException">The bytes are not exactly one valid frame.</exception>
    public static RemotingCommand DecodeFrame(ReadOnlyMemory<byte> wholeFrame, int maxFrameLength = FrameReader.DefaultMaxFrameLength)
    {
        var sequence = new ReadOnlySequence<byte>(wholeFrame);
        if (!FrameReader.TryReadFrame(ref sequence, maxFrameLength, out var frame))
        {
            throw new FrameFormatException($"Incomplete frame: {wholeFrame.Length} bytes.");
        }
        if (!sequence.IsEmpty)
        {
            throw new FrameFormatException($"{sequence.Length} bytes follow the frame.");
        }
        return Decode(frame);
    }
}
