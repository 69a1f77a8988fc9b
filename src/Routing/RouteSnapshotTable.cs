namespace NameServer.Actors.Routing;

/// <summary>
/// The published snapshots by topic name, for one writer (RouteTable, through <see cref="RouteSnapshots"/>) and
/// readers on any thread without a lock: an open-addressing array of snapshot references, probed linearly from the
/// name's hash. A snapshot already carries its topic name, so a topic costs one slot (8 bytes, about 13 at the usual
/// load) where a <c>ConcurrentDictionary</c> spends a 48-byte node and a bucket on it: at 320,000 topics 4 MB
/// against 20 MB.
/// </summary>
/// <remarks>
/// Readers see a slot as one reference, so always a whole snapshot. A probe chain never breaks under a reader: a slot
/// only ever changes from empty to a snapshot, from a snapshot to a newer one of the same name or to the tombstone,
/// and from the tombstone to a snapshot. Growing, shrinking and dropping tombstones fill a new array and publish it
/// whole; a reader still on the old one sees the table as it was a moment before.
/// </remarks>
internal sealed class RouteSnapshotTable
{
    internal const int MinCapacity = 16;

    // Marks a removed entry: probes go on past it (an empty slot would end them early).
    private static readonly RouteSnapshot Tombstone = new(string.Empty, null!, -1);

    private RouteSnapshot?[] _slots = new RouteSnapshot?[MinCapacity];
    private int _count;

    // Slots that are not empty (live entries and tombstones); kept at most three quarters of the array, so every probe
    // meets an empty slot.
    private int _used;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The array's length (tests and diagnostics).</summary>
    internal int Capacity => Volatile.Read(ref _slots).Length;

    public RouteSnapshot? Find(ReadOnlySpan<char> topic)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        for (var i = string.GetHashCode(topic) & mask; ; i = (i + 1) & mask)
        {
            var slot = Volatile.Read(ref slots[i]);
            if (slot is null)
            {
                return null;
            }
            if (!ReferenceEquals(slot, Tombstone) && topic.SequenceEqual(slot.Topic))
            {
                return slot;
            }
        }
    }

    /// <summary>Every live snapshot, in no particular order, as of the array the enumeration started on.</summary>
    public IEnumerable<RouteSnapshot> Snapshots
    {
        get
        {
            var slots = Volatile.Read(ref _slots);
            for (var i = 0; i < slots.Length; i++)
            {
                if (Volatile.Read(ref slots[i]) is { } slot && !ReferenceEquals(slot, Tombstone))
                {
                    yield return slot;
                }
            }
        }
    }

    /// <summary>Adds the snapshot, or replaces the one of the same topic name. Single writer only.</summary>
    public void Set(RouteSnapshot snapshot)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var free = -1;
        var i = string.GetHashCode(snapshot.Topic) & mask;
        for (; slots[i] is { } slot; i = (i + 1) & mask)
        {
            if (ReferenceEquals(slot, Tombstone))
            {
                free = free < 0 ? i : free;
            }
            else if (string.Equals(slot.Topic, snapshot.Topic, StringComparison.Ordinal))
            {
                Volatile.Write(ref slots[i], snapshot);
                return;
            }
        }
        if (free >= 0)
        {
            Volatile.Write(ref slots[free], snapshot);
        }
        else if ((_used + 1) * 4L > slots.Length * 3L)
        {
            Rebuild(CapacityFor(_count + 1));
            Insert(_slots, snapshot);
            _used++;
        }
        else
        {
            Volatile.Write(ref slots[i], snapshot);
            _used++;
        }
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Removes the topic's snapshot and returns it, or null. Single writer only.</summary>
    public RouteSnapshot? Remove(string topic)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = string.GetHashCode(topic) & mask; slots[i] is { } slot; i = (i + 1) & mask)
        {
            if (!ReferenceEquals(slot, Tombstone) && string.Equals(slot.Topic, topic, StringComparison.Ordinal))
            {
                Volatile.Write(ref slots[i], Tombstone);
                Volatile.Write(ref _count, _count - 1);
                // A table that lost most of its topics gives the memory back.
                if (slots.Length > MinCapacity && _count * 8L < slots.Length)
                {
                    Rebuild(CapacityFor(_count));
                }
                return slot;
            }
        }
        return null;
    }

    // The smallest power of two that holds count entries at most half full (room to grow before the next rebuild).
    private static int CapacityFor(int count)
    {
        var capacity = MinCapacity;
        while (capacity < count * 2L)
        {
            capacity *= 2;
        }
        return capacity;
    }

    private void Rebuild(int capacity)
    {
        var old = _slots;
        var slots = new RouteSnapshot?[capacity];
        foreach (var slot in old)
        {
            if (slot is not null && !ReferenceEquals(slot, Tombstone))
            {
                Insert(slots, slot);
            }
        }
        _used = _count;
        Volatile.Write(ref _slots, slots);
    }

    private static void Insert(RouteSnapshot?[] slots, RouteSnapshot snapshot)
    {
        var mask = slots.Length - 1;
        var i = string.GetHashCode(snapshot.Topic) & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }
        Volatile.Write(ref slots[i], snapshot);
    }
}
