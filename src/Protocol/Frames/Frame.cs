using System.Buffers;

namespace NameServer.Actors.Protocol.Frames;

/// <summary>
/// One undecoded frame. <see cref="Header"/> and <see cref="Body"/> are slices of the buffer the frame was read from:
/// they are only valid until that buffer is released (e.g. <c>PipeReader.AdvanceTo</c> past them), so decode or copy first.
/// </summary>
public readonly struct Frame
{
    public Frame(SerializeType serializeType, ReadOnlySequence<byte> header, ReadOnlySequence<byte> body)
    {
        SerializeType = serializeType;
        Header = header;
        Body = body;
    }

    public SerializeType SerializeType { get; }

    public ReadOnlySequence<byte> Header { get; }

    /// <summary>Empty when the frame has no body (Java cannot tell an empty body from no body).</summary>
    public ReadOnlySequence<byte> Body { get; }

    /// <summary>The value of the length prefix: everything after it.</summary>
    public int TotalLength => checked(4 + (int)Header.Length + (int)Body.Length);
}
