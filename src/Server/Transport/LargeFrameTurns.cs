using System.Collections.Concurrent;

namespace NameServer.Actors.Server.Transport;

/// <summary>
/// Turns at holding a receive buffer grown for a large frame (a registration), shared by the connections of one
/// <see cref="SocketTransport"/>. Brokers re-register on the same 30 s beat, so 32 brokers' 1.5 MB registrations
/// arrive together: each connection growing its own buffer at once held 32 of them (the first registration's peak),
/// and the buffers the pool could not keep became large-object garbage every period (the steady state's). With turns,
/// a few connections receive their large frame at a time and the rest wait, unread, in TCP's buffers.
/// </summary>
/// <remarks>
/// A connection waits at most <see cref="Patience"/> for a turn and then goes on without one, so a peer that holds a
/// turn with a slowly sent frame (closed after <c>frameReadTimeoutSeconds</c>) delays the others by that much at most.
/// </remarks>
internal sealed class LargeFrameTurns(int turns, TimeSpan patience)
{
    /// <summary>One per core, at least two: decoding uses all cores but one, and an unchanged registration is only hashed.</summary>
    public static readonly int DefaultTurns = Math.Max(2, Environment.ProcessorCount);

    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Larger buffers are not kept: a registration of 10,000 topics takes about 2.3 MB, and a rare larger frame should
    /// not hold its memory for good.
    /// </summary>
    public const int MaxKeptBuffer = 8 * 1024 * 1024;

    private readonly SemaphoreSlim _turns = new(turns, turns);

    // Buffers of finished large frames, at most one per turn: a turn's holder takes one and gives one back.
    private readonly ConcurrentStack<byte[]> _kept = new();

    public TimeSpan Patience { get; } = patience;

    /// <summary>Turns not taken (tests and diagnostics).</summary>
    public int Available => _turns.CurrentCount;

    /// <summary>Buffers kept for the next large frames (tests and diagnostics).</summary>
    public int KeptBuffers => _kept.Count;

    /// <summary>True when a turn was taken (give it back with <see cref="Release"/>), false when the wait ran out.</summary>
    public Task<bool> TakeAsync() => _turns.WaitAsync(Patience);

    /// <summary>For a turn's holder: the buffer an earlier large frame left, if one is kept.</summary>
    public byte[]? TakeKept() => _kept.TryPop(out var buffer) ? buffer : null;

    /// <summary>Gives the turn back, with the buffer its frame was received in to keep for the next (or null).</summary>
    public void Release(byte[]? buffer)
    {
        // Holders push at most one each and only take one when one is there, so no more than one per turn is kept.
        if (buffer is not null && buffer.Length <= MaxKeptBuffer)
        {
            _kept.Push(buffer);
        }
        _turns.Release();
    }
}
