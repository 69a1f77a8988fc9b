using System.Buffers;
using System.Buffers.Binary;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>Writes whole frames: length prefix, serialize type | header length, header, body.</summary>
public static class RemotingCommandWriter
{
    // Per-thread scratch space for JSON headers so steady-state writes allocate nothing.
    private const int MaxRetainedScratch = 64 * 1024;

    [ThreadStatic]
    private static PooledBufferWriter? _threadScratch;

    [ThreadStatic]
    private static FastJsonWriter? _threadJson;

    /// <summary>Writes <paramref name="command"/> (header in its <see cref="RemotingCommand.SerializeType"/>, then its body).</summary>
    public static void Write(RemotingCommand command, IBufferWriter<byte> output) =>
        Write(command, command.Body.Span, output);

    /// <summary>
    /// Writes <paramref name="command"/>'s header followed by <paramref name="body"/> instead of the command's own body:
    /// lets a pre-encoded body (e.g. a cached route) go out without being attached to the command first.
    /// </summary>
    public static void Write(RemotingCommand command, ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        if (command.SerializeType == SerializeType.RocketMq)
        {
            var headerLength = BinaryHeaderCodec.GetEncodedLength(command);
            WritePrefix(output, SerializeType.RocketMq, headerLength, body.Length);
            BinaryHeaderCodec.Encode(command, output);
        }
        else
        {
            // The JSON header length is only known after writing it, so it goes through a per-thread scratch buffer.
            var scratch = _threadScratch ??= new PooledBufferWriter(512);
            var json = _threadJson ??= new FastJsonWriter(scratch);
            scratch.Clear();
            json.Reset(scratch, JsonMode.Legacy);
            try
            {
                JsonHeaderCodec.Encode(command, json);
                if (scratch.WrittenCount > FrameReader.MaxHeaderLength)
                {
                    throw new ProtocolException($"JSON header of {scratch.WrittenCount} bytes exceeds the 24-bit header length field.");
                }
                WritePrefix(output, SerializeType.Json, scratch.WrittenCount, body.Length);
                Copy(scratch.WrittenSpan, output);
            }
            finally
            {
                scratch.Clear();
                if (scratch.Capacity > MaxRetainedScratch)
                {
                    // Do not pin a huge buffer to the thread after an unusually large header.
                    scratch.Dispose();
                    _threadScratch = null;
                    _threadJson = null;
                }
            }
        }
        Copy(body, output);
    }

    /// <summary>Encodes to a new array (tests, tools; the server writes into its pipe instead).</summary>
    public static byte[] ToArray(RemotingCommand command)
    {
        using var buffer = new PooledBufferWriter(256 + command.Body.Length);
        Write(command, buffer);
        return buffer.ToArray();
    }

    /// <summary>Encodes only the header bytes (no prefix, no body).</summary>
    public static byte[] EncodeHeader(RemotingCommand command)
    {
        using var buffer = new PooledBufferWriter();
        if (command.SerializeType == SerializeType.RocketMq)
        {
            BinaryHeaderCodec.Encode(command, buffer);
        }
        else
        {
            JsonHeaderCodec.Encode(command, buffer);
        }
        return buffer.ToArray();
    }

    private static void WritePrefix(IBufferWriter<byte> output, SerializeType type, int headerLength, int bodyLength)
    {
        var totalLength = 4L + headerLength + bodyLength;
        if (totalLength > int.MaxValue - 4)
        {
            throw new ProtocolException($"Frame of {totalLength} bytes is too large to encode.");
        }
        var span = output.GetSpan(8);
        BinaryPrimitives.WriteInt32BigEndian(span, (int)totalLength);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], ((int)type << 24) | (headerLength & 0xFFFFFF));
        output.Advance(8);
    }

    private static void Copy(ReadOnlySpan<byte> source, IBufferWriter<byte> output)
    {
        while (!source.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(source.Length, 64 * 1024));
            var count = Math.Min(span.Length, source.Length);
            source[..count].CopyTo(span);
            output.Advance(count);
            source = source[count..];
        }
    }
}
