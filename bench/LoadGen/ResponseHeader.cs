using System.Buffers.Binary;
using System.Buffers.Text;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.LoadGen;

/// <summary>Cheap extraction of the response code and opaque from a header, without decoding the whole header.</summary>
public static class ResponseHeader
{
    private static ReadOnlySpan<byte> CodeKey => "\"code\":"u8;

    private static ReadOnlySpan<byte> OpaqueKey => "\"opaque\":"u8;

    /// <summary>False when the header is too short or the fields cannot be found.</summary>
    public static bool TryRead(SerializeType type, ReadOnlySpan<byte> header, out int code, out int opaque)
    {
        code = 0;
        opaque = 0;
        if (type == SerializeType.RocketMq)
        {
            if (header.Length < 9)
            {
                return false;
            }
            code = BinaryPrimitives.ReadInt16BigEndian(header);
            opaque = BinaryPrimitives.ReadInt32BigEndian(header[5..]);
            return true;
        }
        // fastjson writes the fields in alphabetical order, so the first "code": is the command's own field
        // ("extFields" values that contain quotes are escaped and cannot match).
        return TryReadInt(header, CodeKey, out code) && TryReadInt(header, OpaqueKey, out opaque);
    }

    private static bool TryReadInt(ReadOnlySpan<byte> header, ReadOnlySpan<byte> key, out int value)
    {
        value = 0;
        var at = header.IndexOf(key);
        if (at < 0)
        {
            return false;
        }
        var rest = header[(at + key.Length)..].TrimStart(" \t\r\n"u8);
        return Utf8Parser.TryParse(rest, out value, out _);
    }
}
