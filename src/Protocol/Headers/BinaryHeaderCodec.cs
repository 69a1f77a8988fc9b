using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>The ROCKETMQ binary (serialize type 1) command header (<c>RocketMQSerializable</c>).</summary>
public static class BinaryHeaderCodec
{
    /// <summary>Size of the part before the remark.</summary>
    public const int FixedLength = 21;

    private static readonly UTF8Encoding _strictUtf8 = new(false, true);

    /// <exception cref="HeaderFormatException">Truncated header or a length that exceeds the header.</exception>
    public static RemotingCommand Decode(ReadOnlySpan<byte> header)
    {
        if (header.Length < FixedLength)
        {
            throw new HeaderFormatException(
                $"Binary command header too short: {header.Length} bytes, at least {FixedLength} needed.");
        }
        var command = new RemotingCommand
        {
            SerializeType = SerializeType.RocketMq,
            Code = BinaryPrimitives.ReadInt16BigEndian(header),
            Language = LanguageCodes.FromOrdinal(header[2]),
            Version = BinaryPrimitives.ReadInt16BigEndian(header[3..]),
            Opaque = BinaryPrimitives.ReadInt32BigEndian(header[5..]),
            Flag = BinaryPrimitives.ReadInt32BigEndian(header[9..]),
        };
        var pos = 13;
        var remarkLength = BinaryPrimitives.ReadInt32BigEndian(header[pos..]);
        pos += 4;
        command.Remark = ReadString(header, ref pos, remarkLength, "remark");

        if (pos + 4 > header.Length)
        {
            throw new HeaderFormatException("Binary command header truncated: the ext fields length is missing.");
        }
        var mapLength = BinaryPrimitives.ReadInt32BigEndian(header[pos..]);
        pos += 4;
        if (mapLength < 0 || mapLength > header.Length - pos)
        {
            throw new HeaderFormatException(
                $"Binary command header: ext fields length {mapLength} exceeds the {header.Length - pos} remaining bytes.");
        }
        if (mapLength > 0)
        {
            var ext = new ExtFields();
            var end = pos + mapLength;
            while (pos < end)
            {
                if (pos + 2 > end)
                {
                    throw new HeaderFormatException("Binary command header: ext field key length truncated.");
                }
                var keyLength = BinaryPrimitives.ReadInt16BigEndian(header[pos..]);
                pos += 2;
                var key = ReadString(header[..end], ref pos, keyLength, "ext field key");
                if (pos + 4 > end)
                {
                    throw new HeaderFormatException($"Binary command header: value length of ext field '{key}' truncated.");
                }
                var valueLength = BinaryPrimitives.ReadInt32BigEndian(header[pos..]);
                pos += 4;
                var value = ReadString(header[..end], ref pos, valueLength, $"ext field '{key}'");
                // Zero-length strings decode as Java null, so such entries are simply absent.
                if (key is not null && value is not null)
                {
                    ext.Set(key, value);
                }
            }
            command.ExtFields = ext;
        }
        return command;
    }

    public static RemotingCommand Decode(ReadOnlySequence<byte> header) =>
        header.IsSingleSegment ? Decode(header.FirstSpan) : Decode(header.ToArray());

    /// <summary>Exact byte length <see cref="Encode"/> will produce.</summary>
    public static int GetEncodedLength(RemotingCommand command)
    {
        long length = FixedLength + Utf8Length(command.Remark);
        if (command.ExtFields is { } ext)
        {
            foreach (var (key, value) in ext)
            {
                length += 2 + Utf8Length(key) + 4 + Utf8Length(value);
            }
        }
        if (length > FrameReader.MaxHeaderLength)
        {
            throw new ProtocolException($"Binary command header of {length} bytes exceeds the 24-bit header length field.");
        }
        return (int)length;
    }

    public static void Encode(RemotingCommand command, IBufferWriter<byte> output)
    {
        if (command.Code is < short.MinValue or > short.MaxValue)
        {
            throw new ProtocolException($"Code {command.Code} cannot be expressed in a binary header (int16).");
        }
        if (command.Version is < short.MinValue or > short.MaxValue)
        {
            throw new ProtocolException($"Version {command.Version} cannot be expressed in a binary header (int16).");
        }
        var length = GetEncodedLength(command);
        var span = output.GetSpan(length);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)command.Code);
        span[2] = (byte)(command.Language ?? LanguageCode.OTHER);
        BinaryPrimitives.WriteInt16BigEndian(span[3..], (short)command.Version);
        BinaryPrimitives.WriteInt32BigEndian(span[5..], command.Opaque);
        BinaryPrimitives.WriteInt32BigEndian(span[9..], command.Flag);
        var pos = 13;
        WriteString32(span, ref pos, command.Remark);
        var mapLengthPos = pos;
        pos += 4;
        if (command.ExtFields is { } ext)
        {
            foreach (var (key, value) in ext)
            {
                var keyLength = Encoding.UTF8.GetBytes(key, span[(pos + 2)..]);
                if (keyLength > short.MaxValue)
                {
                    throw new ProtocolException($"Ext field key of {keyLength} bytes is too long for a binary header.");
                }
                BinaryPrimitives.WriteInt16BigEndian(span[pos..], (short)keyLength);
                pos += 2 + keyLength;
                WriteString32(span, ref pos, value);
            }
        }
        BinaryPrimitives.WriteInt32BigEndian(span[mapLengthPos..], pos - mapLengthPos - 4);
        output.Advance(length);
    }

    private static int Utf8Length(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    private static void WriteString32(Span<byte> span, ref int pos, string? text)
    {
        var written = text is null ? 0 : Encoding.UTF8.GetBytes(text, span[(pos + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(span[pos..], written);
        pos += 4 + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> header, ref int pos, int length, string what)
    {
        if (length == 0)
        {
            return null;
        }
        if (length < 0 || length > header.Length - pos)
        {
            throw new HeaderFormatException(
                $"Binary command header: {what} length {length} exceeds the {header.Length - pos} remaining bytes.");
        }
        string text;
        try
        {
            text = _strictUtf8.GetString(header.Slice(pos, length));
        }
        catch (DecoderFallbackException e)
        {
            throw new HeaderFormatException($"Binary command header: {what} is not valid UTF-8.", e);
        }
        pos += length;
        return text;
    }
}
