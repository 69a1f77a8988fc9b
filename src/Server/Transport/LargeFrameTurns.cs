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

    private readonly SemaphoreSlim _turns = new(turns, turns);

    public TimeSpan Patience { get; } = patience;

    /// <summary>Turns not taken (tests and diagnostics).</summary>
    public int Available => _turns.CurrentCount;

    /// <summary>True when a turn was taken (give it back with <see cref="Release"/>), false when the wait ran out.</summary>
    public Task<bool> TakeAsync() => _turns.WaitAsync(Patience);

    public void Release() => _turns.Release();
}
