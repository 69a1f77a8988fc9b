namespace NameServer.Actors.Protocol;

/// <summary>Base of every decoding/encoding failure of the remoting protocol; the message always says what was wrong.</summary>
public class ProtocolException : Exception
{
    public ProtocolException(string message)
        : base(message)
    {
    }

    public ProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The framing is broken (length prefix, header length, serialize type): the connection must be closed.</summary>
public sealed class FrameFormatException : ProtocolException
{
    public FrameFormatException(string message)
        : base(message)
    {
    }
}

/// <summary>A command header (JSON or binary) could not be decoded.</summary>
public sealed class HeaderFormatException : ProtocolException
{
    public HeaderFormatException(string message)
        : base(message)
    {
    }

    public HeaderFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Invalid JSON text or invalid UTF-8 inside it; <see cref="Position"/> is the byte offset of the problem.</summary>
public sealed class JsonFormatException : ProtocolException
{
    public JsonFormatException(string message, long position)
        : base($"Invalid JSON at byte {position}: {message}")
    {
        Position = position;
    }

    public long Position { get; }
}

/// <summary>A body is well-formed text but does not have the expected shape or values.</summary>
public sealed class BodyFormatException : ProtocolException
{
    public BodyFormatException(string message)
        : base(message)
    {
    }

    public BodyFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
