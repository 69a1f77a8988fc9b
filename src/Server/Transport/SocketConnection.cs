using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Server.Transport;

/// <summary>
/// One plaintext connection of <see cref="SocketTransport"/>, in Garnet's style: one loop receives into a buffer of
/// the connection's own, cuts whole frames out of it, answers route queries into the connection's send buffer and
/// sends them once per receive, on the thread the receive completed on; no pipe and no second loop in between. Frames
/// are always contiguous in the buffer (it grows to the frame being received, up to the frame limit), so large bodies
/// are decoded where they were received. Its idle and frame-read deadlines are checked by the transport's sweep.
/// </summary>
internal sealed class SocketConnection
{
    // Enough for a few dozen pipelined route queries per receive; grown for a larger frame, shrunk back after it.
    internal const int InitialBuffer = 8 * 1024;

    // Buffers of the first size come from the shared pool. Larger ones are allocated as a frame's bytes arrive and,
    // once the frame is done, kept by LargeFrameTurns for the next large frame (one per turn, of the size frames had):
    // a pool of power-of-two sizes kept every size a 2 MB registration grew through, twice (14 MB for 2 turns).
    private static byte[] RentInitial() => ArrayPool<byte>.Shared.Rent(InitialBuffer);

    private readonly Socket _socket;
    private readonly RemotingFrames _frames;
    private readonly LargeFrameTurns _turns;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private long _lastReceived;
    private long _partialSince;
    private int _closed;

    public SocketConnection(Socket socket, RemotingFrames frames, LargeFrameTurns turns, ILogger log)
    {
        _socket = socket;
        _frames = frames;
        _turns = turns;
        _log = log;
        _time = frames.Time;
        RemoteEndPoint = socket.RemoteEndPoint;
        _lastReceived = _time.GetTimestamp();
    }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Closes the socket (idempotent); a pending receive then fails and the loop ends.</summary>
    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        _log.LogDebug("Closing connection {Remote}: {Reason}", RemoteEndPoint, reason);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        _socket.Dispose();
    }

    /// <summary>
    /// Called by the transport's sweep: closes the connection when it received nothing for <paramref name="idle"/>,
    /// or left a frame unfinished for <paramref name="frameDeadline"/>.
    /// </summary>
    public void CheckDeadlines(long now, TimeSpan idle, TimeSpan frameDeadline)
    {
        var partialSince = Volatile.Read(ref _partialSince);
        string? reason = null;
        if (partialSince != 0 && _time.GetElapsedTime(partialSince, now) >= frameDeadline)
        {
            reason = $"incomplete frame for {frameDeadline}";
        }
        else if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) >= idle)
        {
            reason = $"idle for {idle}";
        }
        if (reason is not null && Volatile.Read(ref _closed) == 0)
        {
            _log.LogInformation("Closing connection {Remote}: {Reason}", RemoteEndPoint, reason);
            Abort(reason);
        }
    }

    /// <summary>Serves the connection until it closes: its session opened first, closed last.</summary>
    public async Task RunAsync()
    {
        var session = await _frames.OpenSessionAsync(Abort, RemoteEndPoint).ConfigureAwait(false);
        if (session is null)
        {
            return;
        }
        var writer = new SocketResponseWriter(_socket);
        var connection = new RemotingConnection(session, writer, RemoteEndPoint, Abort);
        try
        {
            await ReceiveLoopAsync(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            _log.LogDebug("Connection {Remote} ended: {Error}", RemoteEndPoint, e.Message);
        }
        finally
        {
            session.Tell(Routing.ConnectionClosed.Instance);
            // Closed first: a late answer blocked sending to a peer that stopped reading fails instead of holding the gate.
            Abort("connection ended");
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(RemotingConnection connection)
    {
        var writer = connection.Writer;
        var buffer = RentInitial();
        // Received bytes not yet cut into frames: buffer[start..end].
        int start = 0, end = 0;
        // Locals that live across an await are fields of this method's state machine: declared here and cleared
        // before each receive, so a waiting connection does not keep the last (large) buffer it cut frames from.
        ReadOnlySequence<byte> pending = default;
        FrameBatch batch = default;
        // Whether this connection holds a LargeFrameTurns turn, or waited for one in vain for the frame it receives.
        var turn = Turn.None;
        try
        {
            while (true)
            {
                pending = default;
                batch = default;
                var received = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }
                end += received;
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                var firstUnread = start;
                // Frames are handled until none is whole; a deferred one is decoded (off this thread) before the next.
                while (true)
                {
                    pending = new ReadOnlySequence<byte>(buffer, start, end - start);
                    await writer.EnterAsync().ConfigureAwait(false);
                    try
                    {
                        batch = _frames.HandleFrames(connection, ref pending);
                        if (batch.Replies > 0)
                        {
                            await writer.FlushAsync().ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        writer.Exit();
                    }
                    if (!batch.KeepOpen)
                    {
                        return;
                    }
                    if (batch.Deferred.HasValue)
                    {
                        // Not through a local: it would outlive the loop as a field of the state machine.
                        await _frames.HandleDeferredAsync(connection, batch.Deferred.Value).ConfigureAwait(false);
                    }
                    start = end - (int)pending.Length;
                    if (batch.Deferred is null)
                    {
                        break;
                    }
                }
                if (start == end)
                {
                    Volatile.Write(ref _partialSince, 0);
                }
                else if (start != firstUnread || Volatile.Read(ref _partialSince) == 0)
                {
                    // Waiting for the rest of a started frame has its own, shorter deadline (slow senders); the frame
                    // left over after whole ones is a new one, whose deadline starts now.
                    Volatile.Write(ref _partialSince, _time.GetTimestamp());
                }
                if (start == end && buffer.Length > InitialBuffer)
                {
                    // Done with large frames: back to the first size, the large buffer kept with the turn (or dropped).
                    ReleaseTurn(ref turn, buffer);
                    buffer = RentInitial();
                    start = end = 0;
                }
                else if (turn == Turn.None && buffer.Length <= InitialBuffer && NeedsLargerBuffer(buffer, start, end))
                {
                    // The wait is ours, not the peer's: its frame deadline starts again once the turn is settled.
                    Volatile.Write(ref _partialSince, 0);
                    turn = await _turns.TakeAsync().ConfigureAwait(false) ? Turn.Held : Turn.WaitedOut;
                    Volatile.Write(ref _partialSince, _time.GetTimestamp());
                    if (turn == Turn.WaitedOut)
                    {
                        _log.LogDebug("Connection {Remote} receives a large frame without a turn (none came in {Patience})", RemoteEndPoint, _turns.Patience);
                    }
                    else if (_turns.TakeKept() is { } kept)
                    {
                        // The buffer of an earlier large frame: no allocation, and no growing through the sizes below
                        // the frame's when it fits.
                        buffer.AsSpan(start, end - start).CopyTo(kept);
                        ArrayPool<byte>.Shared.Return(buffer);
                        (buffer, end, start) = (kept, end - start, 0);
                    }
                }
                buffer = MakeRoom(buffer, ref start, ref end);
            }
        }
        finally
        {
            ReleaseTurn(ref turn, buffer);
            if (buffer.Length <= InitialBuffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private enum Turn
    {
        None,
        Held,
        WaitedOut,
    }

    private void ReleaseTurn(ref Turn turn, byte[] buffer)
    {
        if (turn == Turn.Held)
        {
            _turns.Release(buffer.Length > InitialBuffer ? buffer : null);
        }
        turn = Turn.None;
    }

    // Whether MakeRoom would grow the buffer: full, with an unfinished frame larger than it.
    internal static bool NeedsLargerBuffer(byte[] buffer, int start, int end)
    {
        var length = end - start;
        return length > 0 && end == buffer.Length && NeededFor(buffer, start, length) > buffer.Length;
    }

    private static int NeededFor(byte[] buffer, int start, int length) =>
        length >= 4 ? 4 + BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(start, 4)) : InitialBuffer;

    // Room for the next receive. An empty buffer restarts at 0; an unfinished frame moves to the front when it would
    // not fit where it is. A frame larger than the buffer grows it only once the
    // buffer is full, four times over at most (to the frame's size at most): memory follows the bytes that actually
    // arrived, so a length prefix alone (checked against the frame limit already) cannot make it allocate, and a
    // 1 MiB registration is copied less than once on its way in.
    internal static byte[] MakeRoom(byte[] buffer, ref int start, ref int end)
    {
        if (start == end)
        {
            start = end = 0;
            return buffer;
        }
        var length = end - start;
        var needed = NeededFor(buffer, start, length);
        if (NeedsLargerBuffer(buffer, start, end))
        {
            var larger = GC.AllocateUninitializedArray<byte>(Math.Min(needed, Math.Max(2 * buffer.Length, 4 * length)));
            buffer.AsSpan(start, length).CopyTo(larger);
            if (buffer.Length <= InitialBuffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            (buffer, start, end) = (larger, 0, length);
            return buffer;
        }
        if (start > 0 && (start + needed > buffer.Length || end == buffer.Length))
        {
            buffer.AsSpan(start, length).CopyTo(buffer);
            (start, end) = (0, length);
        }
        return buffer;
    }
}
