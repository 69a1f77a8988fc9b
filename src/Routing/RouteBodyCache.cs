using System.Collections.Concurrent;

namespace NameServer.Actors.Routing;

/// <summary>
/// Keeps the encoded route bodies of <see cref="RouteSnapshot"/>s under a byte budget
/// (<c>nameserver.routeBodyCacheBytes</c>), evicting cold ones with an approximate LRU (CLOCK, second chance). Pure: no
/// clock, no thread, no lock. A hit costs the snapshot a field read and, the first time since the last sweep, a plain
/// write of its reference bit; misses encode, add the body's size with <see cref="Interlocked"/> and put the snapshot on
/// a ring, and the thread whose insert takes the count over the budget sweeps the ring (one sweeper at a time; a thread
/// that finds a sweep running leaves it the work). Two readers missing the same body at once may both encode it: only
/// one copy is kept, and the bytes are identical.
/// </summary>
public sealed class RouteBodyCache
{
    private readonly ConcurrentQueue<RouteSnapshot> _ring = new();
    private long _budget;
    private long _bytes;
    private long _resident;
    private long _encodes;
    private long _evictions;
    private int _sweeping;

    /// <param name="budget">Bytes of bodies kept, 0 for none (every query encodes its answer).</param>
    public RouteBodyCache(long budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        _budget = budget;
    }

    /// <summary>Bytes of bodies kept at most (a sweep may briefly trail a burst of concurrent inserts). Setting it sweeps.</summary>
    public long Budget
    {
        get => Volatile.Read(ref _budget);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _budget, value);
            Sweep();
        }
    }

    /// <summary>Bytes of bodies held now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Bodies held now (each snapshot holds up to two: legacy and standard JSON).</summary>
    public long Count => Interlocked.Read(ref _resident);

    /// <summary>Bodies encoded because none was held (misses, including every query when the budget is 0).</summary>
    public long Encodes => Interlocked.Read(ref _encodes);

    /// <summary>Bodies dropped to stay within the budget (replaced snapshots are not counted).</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    internal bool Enabled => Volatile.Read(ref _budget) > 0;

    internal void CountEncode() => Interlocked.Increment(ref _encodes);

    /// <summary>A body was stored in <paramref name="snapshot"/>: counts it and sweeps when over the budget.</summary>
    internal void Added(RouteSnapshot snapshot, int length)
    {
        var bytes = Interlocked.Add(ref _bytes, length);
        var resident = Interlocked.Increment(ref _resident);
        // An entry per stored body: every held body has an entry on the ring from after it was stored, so a sweep reaches
        // it; a sweep drops entries whose bodies are gone and all but the last entry of a snapshot.
        snapshot.EnterRing();
        _ring.Enqueue(snapshot);
        if (bytes > Volatile.Read(ref _budget) || NeedsCompaction(resident))
        {
            Sweep();
        }
    }

    /// <summary>A body left a snapshot (eviction or release): uncounts it.</summary>
    internal void Removed(int length)
    {
        Interlocked.Add(ref _bytes, -length);
        Interlocked.Decrement(ref _resident);
    }

    /// <summary>Drops the bodies of a snapshot no longer published (replaced or withdrawn). Called by the writer.</summary>
    internal void Release(RouteSnapshot snapshot)
    {
        snapshot.DropBodies(this);
        // A replaced snapshot leaves stale ring entries (they hold its route): compact once they outnumber the bodies.
        if (NeedsCompaction(Interlocked.Read(ref _resident)))
        {
            Sweep();
        }
    }

    private bool NeedsCompaction(long resident) => _ring.Count > 2 * resident + 64;

    /// <summary>
    /// Evicts unreferenced bodies from the head of the ring until the count is within the budget, giving referenced ones a
    /// second chance (bit cleared, back to the tail), and drops stale and duplicate entries on the way. Bounded: two
    /// passes over the ring at most. Returns at once when another thread is sweeping.
    /// </summary>
    internal void Sweep()
    {
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return;
        }
        try
        {
            var limit = 2L * _ring.Count + 1;
            for (var i = 0L; i < limit; i++)
            {
                var overBudget = Interlocked.Read(ref _bytes) > Volatile.Read(ref _budget);
                if ((!overBudget && !NeedsCompaction(Interlocked.Read(ref _resident))) || !_ring.TryDequeue(out var snapshot))
                {
                    return;
                }
                // Another entry of the same snapshot is (or is about to be) on the ring: this one is not needed.
                if (snapshot.LeaveRing() > 0 || !snapshot.HasBodies)
                {
                    continue;
                }
                if (overBudget && !snapshot.TakeReferenced())
                {
                    if (snapshot.DropBodies(this) > 0)
                    {
                        Interlocked.Increment(ref _evictions);
                    }
                    continue;
                }
                snapshot.EnterRing();
                _ring.Enqueue(snapshot);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
