using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Unicode;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>What the route hot path needs from a <c>GET_ROUTEINFO_BY_TOPIC</c> request header.</summary>
public readonly record struct RouteRequestInfo(
    int Opaque,
    int Version,
    int Flag,
    SerializeType SerializeType,
    int TopicLength,
    bool AcceptStandardJsonOnly)
{
    public bool IsOneway => (Flag & RemotingCommand.OnewayFlag) != 0;
}

/// <summary>
/// Reads a route request's header without building a <see cref="RemotingCommand"/>: the topic is decoded into a
/// caller's buffer and nothing is allocated. It only accepts the plain shapes real clients send (code 105, simple
/// strings, no zone keys); anything else returns false and the caller takes the full decoding path, which also
/// produces the proper error for malformed input.
/// </summary>
public static class RouteRequestPeek
{
    private const int MaxStackHeader = 2048;

    public static bool TryPeek(in Frame frame, Span<char> topic, out RouteRequestInfo info)
    {
        info = default;
        var header = frame.Header;
        if (header.Length > MaxStackHeader)
        {
            return false;
        }
        Span<byte> copy = stackalloc byte[MaxStackHeader];
        scoped ReadOnlySpan<byte> bytes;
        if (header.IsSingleSegment)
        {
            bytes = header.FirstSpan;
        }
        else
        {
            header.CopyTo(copy);
            bytes = copy[..(int)header.Length];
        }
        return frame.SerializeType == SerializeType.RocketMq
            ? TryPeekBinary(bytes, topic, out info)
            : TryPeekJson(bytes, topic, out info);
    }

    private static bool TryPeekBinary(ReadOnlySpan<byte> h, Span<char> topic, out RouteRequestInfo info)
    {
        info = default;
        if (h.Length < 21 || BinaryPrimitives.ReadInt16BigEndian(h) != RequestCode.GetRouteInfoByTopic)
        {
            return false;
        }
        var version = BinaryPrimitives.ReadInt16BigEndian(h[3..]);
        var opaque = BinaryPrimitives.ReadInt32BigEndian(h[5..]);
        var flag = BinaryPrimitives.ReadInt32BigEndian(h[9..]);
        var remarkLength = BinaryPrimitives.ReadInt32BigEndian(h[13..]);
        if (remarkLength < 0 || 17 + remarkLength + 4 > h.Length)
        {
            return false;
        }
        var pos = 17 + remarkLength;
        var extLength = BinaryPrimitives.ReadInt32BigEndian(h[pos..]);
        pos += 4;
        if (extLength < 0 || pos + extLength > h.Length)
        {
            return false;
        }
        var ext = h.Slice(pos, extLength);
        var topicLength = -1;
        var standard = false;
        while (!ext.IsEmpty)
        {
            if (ext.Length < 2)
            {
                return false;
            }
            int keyLength = BinaryPrimitives.ReadInt16BigEndian(ext);
            if (keyLength < 0 || ext.Length < 2 + keyLength + 4)
            {
                return false;
            }
            var key = ext.Slice(2, keyLength);
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(ext[(2 + keyLength)..]);
            if (valueLength < 0 || ext.Length < 6 + keyLength + valueLength)
            {
                return false;
            }
            var value = ext.Slice(6 + keyLength, valueLength);
            if (!Accept(key, value, topic, ref topicLength, ref standard))
            {
                return false;
            }
            ext = ext[(6 + keyLength + valueLength)..];
        }
        if (topicLength <= 0)
        {
            return false;
        }
        info = new RouteRequestInfo(opaque, version, flag, SerializeType.RocketMq, topicLength, standard);
        return true;
    }

    private static bool TryPeekJson(ReadOnlySpan<byte> h, Span<char> topic, out RouteRequestInfo info)
    {
        info = default;
        var pos = 0;
        int code = -1, opaque = 0, flag = 0, version = 0, topicLength = -1;
        var standard = false;
        if (!Expect(h, ref pos, (byte)'{'))
        {
            return false;
        }
        while (true)
        {
            SkipWhitespace(h, ref pos);
            if (pos < h.Length && h[pos] == (byte)'}')
            {
                break;
            }
            if (!TryReadString(h, ref pos, out var key) || !Expect(h, ref pos, (byte)':'))
            {
                return false;
            }
            SkipWhitespace(h, ref pos);
            if (key.SequenceEqual("extFields"u8))
            {
                if (pos < h.Length && h[pos] == (byte)'n')
                {
                    if (!TrySkipScalar(h, ref pos))
                    {
                        return false;
                    }
                }
                else if (!TryReadExtFields(h, ref pos, topic, ref topicLength, ref standard))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("code"u8))
            {
                if (!TryReadInt(h, ref pos, out code))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("opaque"u8))
            {
                if (!TryReadInt(h, ref pos, out opaque))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("flag"u8))
            {
                if (!TryReadInt(h, ref pos, out flag))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("version"u8))
            {
                if (!TryReadInt(h, ref pos, out version))
                {
                    return false;
                }
            }
            else if (!TrySkipScalar(h, ref pos))
            {
                return false;
            }
            SkipWhitespace(h, ref pos);
            if (pos < h.Length && h[pos] == (byte)',')
            {
                pos++;
            }
        }
        if (code != RequestCode.GetRouteInfoByTopic || topicLength <= 0)
        {
            return false;
        }
        info = new RouteRequestInfo(opaque, version, flag, SerializeType.Json, topicLength, standard);
        return true;
    }

    private static bool TryReadExtFields(ReadOnlySpan<byte> h, ref int pos, Span<char> topic, ref int topicLength, ref bool standard)
    {
        if (!Expect(h, ref pos, (byte)'{'))
        {
            return false;
        }
        while (true)
        {
            SkipWhitespace(h, ref pos);
            if (pos < h.Length && h[pos] == (byte)'}')
            {
                pos++;
                return true;
            }
            if (!TryReadString(h, ref pos, out var key) || !Expect(h, ref pos, (byte)':'))
            {
                return false;
            }
            SkipWhitespace(h, ref pos);
            if (!TryReadString(h, ref pos, out var value) || !Accept(key, value, topic, ref topicLength, ref standard))
            {
                return false;
            }
            SkipWhitespace(h, ref pos);
            if (pos < h.Length && h[pos] == (byte)',')
            {
                pos++;
            }
        }
    }

    // Keeps the fields the hot path uses; zone keys send the request down the full path (zone filtering).
    private static bool Accept(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, Span<char> topic, ref int topicLength, ref bool standard)
    {
        if (key.SequenceEqual("topic"u8))
        {
            if (Utf8.ToUtf16(value, topic, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return false;
            }
            topicLength = written;
        }
        else if (key.SequenceEqual("acceptStandardJsonOnly"u8))
        {
            standard = value.Length == 4 && (value[0] | 0x20) == 't' && (value[1] | 0x20) == 'r' && (value[2] | 0x20) == 'u' && (value[3] | 0x20) == 'e';
        }
        else if (key.StartsWith("__ZONE"u8))
        {
            return false;
        }
        return true;
    }

    // A double-quoted string without escapes (escaped text takes the full path).
    private static bool TryReadString(ReadOnlySpan<byte> h, ref int pos, out ReadOnlySpan<byte> value)
    {
        value = default;
        SkipWhitespace(h, ref pos);
        if (pos >= h.Length || h[pos] != (byte)'"')
        {
            return false;
        }
        var end = h[(pos + 1)..].IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || h[pos + 1 + end] != (byte)'"')
        {
            return false;
        }
        value = h.Slice(pos + 1, end);
        pos += end + 2;
        return true;
    }

    private static bool TryReadInt(ReadOnlySpan<byte> h, ref int pos, out int value)
    {
        if (!Utf8Parser.TryParse(h[pos..], out value, out var consumed) || consumed == 0)
        {
            return false;
        }
        pos += consumed;
        return true;
    }

    // Strings, numbers, true/false/null; nested structures take the full path.
    private static bool TrySkipScalar(ReadOnlySpan<byte> h, ref int pos)
    {
        if (pos >= h.Length)
        {
            return false;
        }
        if (h[pos] == (byte)'"')
        {
            return TryReadString(h, ref pos, out _);
        }
        var end = h[pos..].IndexOfAny((byte)',', (byte)'}');
        if (end <= 0)
        {
            return false;
        }
        var token = h.Slice(pos, end);
        if (token.IndexOfAny((byte)'{', (byte)'[') >= 0)
        {
            return false;
        }
        pos += end;
        return true;
    }

    private static bool Expect(ReadOnlySpan<byte> h, ref int pos, byte c)
    {
        SkipWhitespace(h, ref pos);
        if (pos < h.Length && h[pos] == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private static void SkipWhitespace(ReadOnlySpan<byte> h, ref int pos)
    {
        while (pos < h.Length && h[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            pos++;
        }
    }
}
