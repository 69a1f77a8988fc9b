using System.Collections.Concurrent;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Routing;

/// <summary>
/// Keeps the encoded route bodies of <see cref="RouteSnapshot"/>s under a byte budget
/// (<c>nameserver.routeBodyCacheBytes</c>), evicting cold ones with an approximate LRU (CLOCK, second chance). Pure: no
/// clock, no thread, no lock. A hit costs two field reads and, the first time since the hand last passed, a plain write
/// of a reference bit; a miss encodes, adds the body's size with <see cref="Interlocked"/> and puts the snapshot's
/// <see cref="Slot"/> on a ring, and the thread whose insert takes the count over the budget sweeps the ring (one sweeper
/// at a time; a thread that finds a sweep running leaves it the work). Two readers missing the same body at once may
/// both encode it: one copy is kept, and the bytes are identical.
/// </summary>
public sealed class RouteBodyCache
{
    private readonly ConcurrentQueue<Slot> _ring = new();
    private long _ringCount;
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

    /// <summary>Bytes of bodies kept at most (concurrent inserts may pass it until their sweep). Setting it sweeps.</summary>
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

    /// <summary>Bodies dropped to stay within the budget (those of replaced snapshots are not counted).</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Entries on the ring, stale ones included (tests).</summary>
    internal long RingLength => Interlocked.Read(ref _ringCount);

    internal bool Enabled => Volatile.Read(ref _budget) > 0;

    internal void CountEncode() => Interlocked.Increment(ref _encodes);

    /// <summary>A body was stored in <paramref name="slot"/>: counts it, rings it and sweeps when over the budget.</summary>
    internal void Added(Slot slot, int length)
    {
        var bytes = Interlocked.Add(ref _bytes, length);
        Interlocked.Increment(ref _resident);
        // An entry per stored body: every held body has an entry on the ring from after it was stored, so a sweep
        // reaches it; sweeps drop entries whose bodies are gone and all but the last entry of a slot.
        Enqueue(slot);
        if (bytes > Volatile.Read(ref _budget) || NeedsCompaction())
        {
            Sweep();
        }
    }

    /// <summary>Drops the bodies of a snapshot no longer published (replaced or withdrawn). Called by the writer.</summary>
    internal void Release(Slot slot)
    {
        slot.Drop(this);
        if (NeedsCompaction())
        {
            Sweep();
        }
    }

    private void Removed(int length)
    {
        Interlocked.Add(ref _bytes, -length);
        Interlocked.Decrement(ref _resident);
    }

    private void Enqueue(Slot slot)
    {
        Interlocked.Increment(ref slot.RingEntries);
        Interlocked.Increment(ref _ringCount);
        _ring.Enqueue(slot);
    }

    // Entries of released or evicted slots wait on the ring until a sweep passes them (a slot is small: it holds no
    // route); a full pass removes them once they outnumber the bodies held, so the cost per release stays constant.
    private bool NeedsCompaction() => Interlocked.Read(ref _ringCount) > (2 * Interlocked.Read(ref _resident)) + 64;

    /// <summary>
    /// Moves the CLOCK hand: evicts unreferenced bodies from the head of the ring until the count is within the budget,
    /// giving referenced ones a second chance (bit cleared, back to the tail), and drops stale and duplicate entries on
    /// the way; when they are too many, makes one full pass to drop them all. At most two passes over the ring. Returns
    /// at once when another thread is sweeping.
    /// </summary>
    internal void Sweep()
    {
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return;
        }
        try
        {
            var fullPass = NeedsCompaction() ? Interlocked.Read(ref _ringCount) : 0;
            var limit = (2 * Interlocked.Read(ref _ringCount)) + 1;
            for (var i = 0L; i < limit; i++)
            {
                var overBudget = Interlocked.Read(ref _bytes) > Volatile.Read(ref _budget);
                if ((!overBudget && i >= fullPass) || !_ring.TryDequeue(out var slot))
                {
                    return;
                }
                Interlocked.Decrement(ref _ringCount);
                // Another entry of the same slot is (or is about to be) on the ring: this one is not needed.
                if (Interlocked.Decrement(ref slot.RingEntries) > 0 || !slot.HasBodies)
                {
                    continue;
                }
                if (overBudget && !slot.TakeReferenced())
                {
                    if (slot.Drop(this) > 0)
                    {
                        Interlocked.Increment(ref _evictions);
                    }
                    continue;
                }
                Enqueue(slot);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>
    /// One snapshot's kept bodies, apart from the snapshot so that a ring entry left behind by a replaced snapshot does
    /// not keep its route alive.
    /// </summary>
    internal sealed class Slot
    {
        private byte[]? _legacy;
        private byte[]? _standard;
        private bool _referenced;

        /// <summary>Entries of this slot on the ring (or about to be).</summary>
        internal int RingEntries;

        /// <summary>The kept body, marking the slot referenced; null when none is kept.</summary>
        internal byte[]? Get(JsonMode mode)
        {
            var body = mode == JsonMode.Standard ? Volatile.Read(ref _standard) : Volatile.Read(ref _legacy);
            // Written only when clear: a hot slot's cache line is not dirtied by every hit.
            if (body is not null && !Volatile.Read(ref _referenced))
            {
                Volatile.Write(ref _referenced, true);
            }
            return body;
        }

        /// <summary>Keeps <paramref name="body"/> unless a racing reader kept one first; returns the kept one.</summary>
        internal byte[] Keep(JsonMode mode, byte[] body, RouteBodyCache cache)
        {
            ref var field = ref mode == JsonMode.Standard ? ref _standard : ref _legacy;
            if (Interlocked.CompareExchange(ref field, body, null) is { } kept)
            {
                return kept;
            }
            cache.Added(this, body.Length);
            return body;
        }

        internal bool HasBodies => Volatile.Read(ref _legacy) is not null || Volatile.Read(ref _standard) is not null;

        /// <summary>Reads and clears the reference bit (the CLOCK hand passing).</summary>
        internal bool TakeReferenced()
        {
            if (!Volatile.Read(ref _referenced))
            {
                return false;
            }
            Volatile.Write(ref _referenced, false);
            return true;
        }

        /// <summary>Drops both bodies, uncounting each; returns how many were held.</summary>
        internal int Drop(RouteBodyCache cache)
        {
            var dropped = 0;
            if (Interlocked.Exchange(ref _legacy, null) is { } legacy)
            {
                cache.Removed(legacy.Length);
                dropped++;
            }
            if (Interlocked.Exchange(ref _standard, null) is { } standard)
            {
                cache.Removed(standard.Length);
                dropped++;
            }
            return dropped;
        }
    }
}
