using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.LoadGen;

/// <summary>
/// <c>GET_ROUTEINFO_BY_TOPIC</c> frames encoded once per topic. Opaques are always ten decimal digits
/// (<see cref="OpaqueBase"/> and up), so a JSON frame is reused by overwriting those digits in place; a binary frame has
/// its opaque at a fixed offset anyway.
/// </summary>
public sealed class RouteRequests
{
    /// <summary>Smallest opaque sent: every opaque from here to <see cref="int.MaxValue"/> has exactly ten digits.</summary>
    public const int OpaqueBase = 1_000_000_000;

    /// <summary>Number of distinct opaques available.</summary>
    public const int OpaqueRange = int.MaxValue - OpaqueBase;

    private const int OpaqueDigits = 10;

    private readonly byte[][] _frames;
    private readonly int[] _opaqueOffsets;

    public RouteRequests(IReadOnlyList<string> topics, int version, SerializeType serializeType)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            throw new ArgumentException("At least one topic is needed.", nameof(topics));
        }
        Topics = topics;
        SerializeType = serializeType;
        _frames = new byte[topics.Count][];
        _opaqueOffsets = new int[topics.Count];
        var marker = Encoding.ASCII.GetBytes("\"opaque\":" + OpaqueBase.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < topics.Count; i++)
        {
            var command = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, OpaqueBase, version)
                .WithExtField("topic", topics[i]);
            command.SerializeType = serializeType;
            var frame = RemotingCommandWriter.ToArray(command);
            _frames[i] = frame;
            if (serializeType == SerializeType.RocketMq)
            {
                // Length prefix (4), type | header length (4), then code (2), language (1), version (2), opaque.
                _opaqueOffsets[i] = 8 + 5;
            }
            else
            {
                var at = frame.AsSpan().IndexOf(marker);
                if (at < 0)
                {
                    throw new InvalidOperationException("The encoded request header carries no opaque.");
                }
                _opaqueOffsets[i] = at + marker.Length - OpaqueDigits;
            }
            MaxFrameLength = Math.Max(MaxFrameLength, frame.Length);
        }
    }

    public IReadOnlyList<string> Topics { get; }

    public SerializeType SerializeType { get; }

    public int MaxFrameLength { get; }

    /// <summary>Copies the request for topic <paramref name="topicIndex"/> with <paramref name="opaque"/>; returns its length.</summary>
    public int WriteTo(Span<byte> destination, int topicIndex, int opaque)
    {
        var frame = _frames[topicIndex];
        frame.CopyTo(destination);
        var at = destination[_opaqueOffsets[topicIndex]..];
        if (SerializeType == SerializeType.RocketMq)
        {
            BinaryPrimitives.WriteInt32BigEndian(at, opaque);
        }
        else if (opaque < OpaqueBase || !Utf8Formatter.TryFormat(opaque, at[..OpaqueDigits], out var written) || written != OpaqueDigits)
        {
            throw new ArgumentOutOfRangeException(nameof(opaque), opaque, "Opaque must have ten digits.");
        }
        return frame.Length;
    }
}
