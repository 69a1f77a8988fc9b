using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>
/// Writes a plain SUCCESS answer (no remark, no ext fields) around a pre-encoded body, straight into the output and
/// without allocating: the same bytes <see cref="RemotingCommandWriter"/> produces for
/// <see cref="RemotingCommand.CreateResponse"/>.
/// </summary>
public static class SuccessResponseWriter
{
    private static ReadOnlySpan<byte> JsonPrefix => "{\"code\":0,\"flag\":1,\"language\":\"JAVA\",\"opaque\":"u8;

    private static ReadOnlySpan<byte> JsonMiddle => ",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":"u8;

    public static void Write(IBufferWriter<byte> output, int opaque, SerializeType serializeType, ReadOnlySpan<byte> body, int version = RemotingCommand.DefaultResponseVersion)
    {
        if (serializeType == SerializeType.RocketMq)
        {
            const int headerLength = 21;
            var span = output.GetSpan(8 + headerLength);
            BinaryPrimitives.WriteInt32BigEndian(span, 4 + headerLength + body.Length);
            BinaryPrimitives.WriteInt32BigEndian(span[4..], (1 << 24) | headerLength);
            var h = span[8..];
            BinaryPrimitives.WriteInt16BigEndian(h, ResponseCode.Success);
            h[2] = 0; // JAVA
            BinaryPrimitives.WriteInt16BigEndian(h[3..], (short)version);
            BinaryPrimitives.WriteInt32BigEndian(h[5..], opaque);
            BinaryPrimitives.WriteInt32BigEndian(h[9..], RemotingCommand.ResponseFlag);
            BinaryPrimitives.WriteInt32BigEndian(h[13..], 0);
            BinaryPrimitives.WriteInt32BigEndian(h[17..], 0);
            output.Advance(8 + headerLength);
        }
        else
        {
            Span<byte> digits = stackalloc byte[24];
            Utf8Formatter.TryFormat(opaque, digits, out var opaqueLength);
            Utf8Formatter.TryFormat(version, digits[12..], out var versionLength);
            var headerLength = JsonPrefix.Length + opaqueLength + JsonMiddle.Length + versionLength + 1;
            var span = output.GetSpan(8 + headerLength);
            BinaryPrimitives.WriteInt32BigEndian(span, 4 + headerLength + body.Length);
            BinaryPrimitives.WriteInt32BigEndian(span[4..], headerLength);
            var at = 8;
            JsonPrefix.CopyTo(span[at..]);
            at += JsonPrefix.Length;
            digits[..opaqueLength].CopyTo(span[at..]);
            at += opaqueLength;
            JsonMiddle.CopyTo(span[at..]);
            at += JsonMiddle.Length;
            digits.Slice(12, versionLength).CopyTo(span[at..]);
            at += versionLength;
            span[at++] = (byte)'}';
            output.Advance(at);
        }
        while (!body.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(body.Length, 64 * 1024));
            var n = Math.Min(span.Length, body.Length);
            body[..n].CopyTo(span);
            output.Advance(n);
            body = body[n..];
        }
    }
}
