using System.Collections.Concurrent;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Routing;

/// <summary>
/// The byte budget of the encoded route bodies that <see cref="RouteShape"/>s keep (<c>routeBodyCacheBytes</c>). Bodies
/// follow distinct routes, not topics, so a usual table keeps a few dozen; a table whose topics all have routes of
/// their own (every topic on its own set of brokers or queue counts) would otherwise keep one per topic and JSON form.
/// Beyond the budget, bodies are dropped in CLOCK order: a body answered since the hand last passed it gets a second
/// chance. A dropped body is encoded again by the next query that needs it.
/// </summary>
/// <remarks>
/// Readers call <see cref="Keep"/> after encoding a body and evict on the spot, so the budget holds without a thread
/// of its own; RouteTable (the single writer) calls <see cref="Release"/> for a route no topic holds any more.
/// </remarks>
internal sealed class RouteBodyBudget(long limitBytes)
{
    private readonly ConcurrentQueue<(RouteShape Shape, JsonMode Mode)> _clock = new();
    private long _bytes;

    // Clock entries whose body was dropped by Release; swept out once they are half the clock.
    private int _stale;

    /// <summary>The most bytes of bodies kept; 0 keeps none (every query encodes its answer).</summary>
    public long LimitBytes { get; } = limitBytes >= 0 ? limitBytes : throw new ArgumentOutOfRangeException(nameof(limitBytes));

    /// <summary>Bytes of the bodies kept now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Offers a freshly encoded body to its shape; false when it is not kept (over the budget on its own, or a racing reader kept its own).</summary>
    public bool Keep(RouteShape shape, JsonMode mode, byte[] body)
    {
        if (body.Length > LimitBytes || !shape.TrySetBody(mode, body))
        {
            return false;
        }
        Interlocked.Add(ref _bytes, body.Length);
        _clock.Enqueue((shape, mode));
        // Twice round the clock at most: the first pass may only take second chances away.
        for (var steps = 2 * _clock.Count; Bytes > LimitBytes && steps > 0 && _clock.TryDequeue(out var entry); steps--)
        {
            Pass(entry, evict: true);
        }
        return true;
    }

    /// <summary>A route no topic holds any more gives its bodies' bytes back (their clock entries are skipped later).</summary>
    public void Release(RouteShape shape)
    {
        foreach (var mode in (ReadOnlySpan<JsonMode>)[JsonMode.Legacy, JsonMode.Standard])
        {
            if (shape.ClearBody(mode, onlyIfUnused: false) is { } dropped)
            {
                Interlocked.Add(ref _bytes, -dropped.Length);
                Interlocked.Increment(ref _stale);
            }
        }
        // Entries of released routes keep those routes alive until the hand passes them: sweep them out in one pass
        // once they are half the clock (so the sweeps cost the releases a constant each, on average).
        var stale = Volatile.Read(ref _stale);
        if (stale > 64 && 2 * stale > _clock.Count)
        {
            for (var n = _clock.Count; n > 0 && _clock.TryDequeue(out var entry); n--)
            {
                Pass(entry, evict: false);
            }
        }
    }

    // The hand passes one entry: drops the body unless it was answered since (evicting), puts the entry back while its
    // body is kept, and forgets entries whose body is gone.
    private void Pass((RouteShape Shape, JsonMode Mode) entry, bool evict)
    {
        if (evict && entry.Shape.ClearBody(entry.Mode, onlyIfUnused: true) is { } dropped)
        {
            Interlocked.Add(ref _bytes, -dropped.Length);
        }
        else if (entry.Shape.HasBody(entry.Mode))
        {
            _clock.Enqueue(entry);
        }
        else
        {
            Interlocked.Decrement(ref _stale);
        }
    }
}
