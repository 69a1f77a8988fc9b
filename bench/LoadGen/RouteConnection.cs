using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.LoadGen;

/// <summary>
/// One connection of route-query load: keeps <c>depth</c> requests in flight, each in its own slot (the opaque says
/// which slot answered), and records the latency of every answer that arrives inside the measured window. Buffers
/// are allocated once; the steady state allocates nothing.
/// </summary>
public sealed class RouteConnection
{
    private const int InitialReceiveBuffer = 64 * 1024;

    private readonly RouteRequests _requests;
    private readonly TopicPicker _picker;
    private readonly int _depth;
    private readonly int _opaqueRange;
    private readonly int[] _slotOpaque;
    private readonly long[] _slotSentAt;
    private readonly byte[] _send;
    private readonly LatencyHistogram _warmupHistogram = new();
    private readonly Dictionary<int, long> _warmupCodes = [];
    private byte[] _receive = new byte[InitialReceiveBuffer];

    public RouteConnection(RouteRequests requests, TopicPicker picker, int depth)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(picker);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _requests = requests;
        _picker = picker;
        _depth = depth;
        // Opaque offsets cycle through a multiple of depth, so offset % depth is always the slot.
        _opaqueRange = RouteRequests.OpaqueRange / depth * depth;
        _slotOpaque = new int[depth];
        _slotSentAt = new long[depth];
        _send = new byte[depth * requests.MaxFrameLength];
        for (var slot = 0; slot < depth; slot++)
        {
            _slotOpaque[slot] = slot - depth;
        }
    }

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Answers received in the window, by response code (0 = success).</summary>
    public Dictionary<int, long> Codes { get; } = [];

    /// <summary>Completed socket reads, inside the window or not (compare with <see cref="AllAnswers"/>).</summary>
    public long Reads { get; private set; }

    /// <summary>Every matched answer, inside the window or not.</summary>
    public long AllAnswers { get; private set; }

    /// <summary>Answers whose opaque matched no request in flight.</summary>
    public long UnexpectedAnswers { get; private set; }

    /// <summary>Why the connection ended early (connect failure, closed by the server, bad frame); null if it did not.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// Connects, sends until <paramref name="endTimestamp"/> (a <see cref="Stopwatch"/> timestamp), then waits for the
    /// answers still in flight until <paramref name="deadlineTimestamp"/>. Never throws for network problems: they end
    /// up in <see cref="Failure"/>.
    /// </summary>
    public async Task RunAsync(EndPoint endPoint, long windowStartTimestamp, long endTimestamp, long deadlineTimestamp, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // A stalled server must not hold the run past its deadline: closing the socket ends any pending receive.
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadlineTimestamp);
        using var deadline = new Timer(_ => socket.Dispose(), null, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(() => socket.Dispose());
        var outstanding = 0;
        var stopping = false;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            var length = 0;
            var now = Stopwatch.GetTimestamp();
            for (var slot = 0; slot < _depth; slot++)
            {
                length += Issue(slot, now, length);
            }
            outstanding = _depth;
            await SendAsync(socket, length).ConfigureAwait(false);
            var filled = 0;
            while (outstanding > 0)
            {
                if (filled == _receive.Length)
                {
                    Array.Resize(ref _receive, _receive.Length * 2);
                }
                var read = await socket.ReceiveAsync(_receive.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    Failure = "the server closed the connection";
                    return;
                }
                filled += read;
                Reads++;
                now = Stopwatch.GetTimestamp();
                stopping = now >= endTimestamp;
                var measuring = now >= windowStartTimestamp && !stopping;
                length = 0;
                var consumed = 0;
                while (filled - consumed >= 4)
                {
                    var total = BinaryPrimitives.ReadInt32BigEndian(_receive.AsSpan(consumed));
                    if (total < 4 || total > FrameReader.DefaultMaxFrameLength)
                    {
                        Failure = $"bad frame length {total}";
                        return;
                    }
                    if (filled - consumed < 4 + total)
                    {
                        if (4 + total > _receive.Length)
                        {
                            Array.Resize(ref _receive, 4 + total);
                        }
                        break;
                    }
                    var frame = _receive.AsSpan(consumed + 4, total);
                    consumed += 4 + total;
                    var typeAndLength = BinaryPrimitives.ReadInt32BigEndian(frame);
                    var headerLength = typeAndLength & 0xFFFFFF;
                    if (headerLength > total - 4
                        || !ResponseHeader.TryRead((SerializeType)(typeAndLength >>> 24), frame.Slice(4, headerLength), out var code, out var opaque))
                    {
                        Failure = "unreadable response header";
                        return;
                    }
                    var offset = (long)opaque - RouteRequests.OpaqueBase;
                    var slot = offset < 0 ? -1 : (int)(offset % _depth);
                    if (slot < 0 || _slotOpaque[slot] != offset)
                    {
                        UnexpectedAnswers++;
                        continue;
                    }
                    outstanding--;
                    AllAnswers++;
                    if (!stopping)
                    {
                        // Warm-up answers go through exactly the same code into throw-away counters, so that nothing is
                        // compiled for the first time when the window opens (that stalled every connection at once).
                        var histogram = measuring ? Histogram : _warmupHistogram;
                        var codes = measuring ? Codes : _warmupCodes;
                        histogram.Record((long)Stopwatch.GetElapsedTime(_slotSentAt[slot], now).TotalMicroseconds);
                        codes[code] = codes.GetValueOrDefault(code) + 1;
                    }
                    if (!stopping)
                    {
                        length += Issue(slot, now, length);
                        outstanding++;
                    }
                }
                if (consumed > 0)
                {
                    _receive.AsSpan(consumed, filled - consumed).CopyTo(_receive);
                    filled -= consumed;
                }
                if (length > 0)
                {
                    await SendAsync(socket, length).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!stopping)
            {
                Failure = e is SocketException se
                    ? $"{se.SocketErrorCode}: {se.Message}"
                    : "stopped before the end of the run (no answer before the deadline, or cancelled)";
            }
        }
    }

    private int Issue(int slot, long now, int at)
    {
        var next = _slotOpaque[slot] + _depth;
        if (next >= _opaqueRange)
        {
            next = slot;
        }
        _slotOpaque[slot] = next;
        _slotSentAt[slot] = now;
        return _requests.WriteTo(_send.AsSpan(at), _picker.Next(), RouteRequests.OpaqueBase + next);
    }

    private async ValueTask SendAsync(Socket socket, int length)
    {
        var sent = 0;
        while (sent < length)
        {
            sent += await socket.SendAsync(_send.AsMemory(sent, length - sent), SocketFlags.None).ConfigureAwait(false);
        }
    }
}
