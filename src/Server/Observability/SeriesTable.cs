using System.Numerics;
using System.Runtime.CompilerServices;

namespace NameServer.Actors.Server.Observability;

/// <summary>The state of one time series (one label set) of an instrument.</summary>
internal abstract class SeriesCell(string labels)
{
    /// <summary>Label text without braces, e.g. <c>code="0",topic="a"</c>; empty when there are no labels.</summary>
    public string Labels { get; } = labels;
}

/// <summary>
/// Finds the cell of a measurement's tag set without locking or allocating once the series exists: a linear scan
/// of a few entries (tag strings compared by reference first), or a hash index when there are more. Only a new
/// series takes the lock. Tag sets are matched regardless of tag order; tag sets that render to the same label
/// text (int 1 and long 1, say) share one cell.
/// </summary>
internal sealed class SeriesTable<TCell>
    where TCell : SeriesCell
{
    // Up to this many entries a linear scan beats hashing every tag value of every measurement.
    private const int LinearLimit = 8;

    private readonly object _lock = new();
    private readonly Func<string, TCell> _createCell;
    private readonly Func<ReadOnlySpan<KeyValuePair<string, object?>>, string> _labelText;
    private readonly int _maxEntries;
    private readonly DroppedCounter _dropped;
    private readonly Dictionary<string, TCell> _cellsByLabels = new(StringComparer.Ordinal);
    private readonly List<Entry> _all = [];

    private Entry[] _linear = [];
    private Entry?[]? _buckets;
    private volatile int _count;

    public SeriesTable(
        Func<string, TCell> createCell,
        Func<ReadOnlySpan<KeyValuePair<string, object?>>, string> labelText,
        int maxEntries,
        DroppedCounter dropped)
    {
        _createCell = createCell;
        _labelText = labelText;
        _maxEntries = maxEntries;
        _dropped = dropped;
    }

    /// <summary>The cell for these tags, created if new; null (and counted as dropped) past the series cap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TCell? GetOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags) => Find(tags) ?? AddSlow(tags);

    private TCell? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var buckets = Volatile.Read(ref _buckets);
        if (buckets is null)
        {
            foreach (var entry in Volatile.Read(ref _linear))
            {
                if (Matches(entry.Tags, tags))
                {
                    return entry.Cell;
                }
            }

            return null;
        }

        var hash = Hash(tags);
        for (var entry = Volatile.Read(ref buckets[hash & (buckets.Length - 1)]); entry is not null; entry = entry.Next)
        {
            if (entry.Hash == hash && Matches(entry.Tags, tags))
            {
                return entry.Cell;
            }
        }

        return null;
    }

    /// <summary>The distinct cells, in no particular order.</summary>
    public List<TCell> Cells()
    {
        lock (_lock)
        {
            return [.. _cellsByLabels.Values];
        }
    }

    private TCell? AddSlow(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_count >= _maxEntries)
        {
            // The table is full and so no longer changes: one more look settles a race with the last addition
            // without making every dropped measurement take the lock.
            var found = Find(tags);
            if (found is null)
            {
                _dropped.Increment();
            }

            return found;
        }

        lock (_lock)
        {
            var hash = Hash(tags);
            foreach (var existing in _all)
            {
                if (existing.Hash == hash && Matches(existing.Tags, tags))
                {
                    return existing.Cell;
                }
            }

            if (_all.Count >= _maxEntries)
            {
                _dropped.Increment();
                return null;
            }

            var labels = _labelText(tags);
            if (!_cellsByLabels.TryGetValue(labels, out var cell))
            {
                cell = _createCell(labels);
                _cellsByLabels.Add(labels, cell);
            }

            var entry = new Entry(tags.ToArray(), cell, hash, next: null);
            _all.Add(entry);
            if (_all.Count <= LinearLimit)
            {
                Volatile.Write(ref _linear, [.. _all]);
            }
            else if (_buckets is null || _all.Count > _buckets.Length)
            {
                Volatile.Write(ref _buckets, BuildBuckets(_all));
            }
            else
            {
                // Entries are immutable: readers walking the old chain still see a consistent list.
                ref var head = ref _buckets[hash & (_buckets.Length - 1)];
                Volatile.Write(ref head, new Entry(entry.Tags, cell, hash, head));
            }

            _count = _all.Count;
            return cell;
        }
    }

    private static Entry?[] BuildBuckets(List<Entry> entries)
    {
        var buckets = new Entry?[(int)BitOperations.RoundUpToPowerOf2((uint)entries.Count * 2)];
        foreach (var entry in entries)
        {
            ref var head = ref buckets[entry.Hash & (buckets.Length - 1)];
            head = new Entry(entry.Tags, entry.Cell, entry.Hash, head);
        }

        return buckets;
    }

    /// <summary>Order-independent hash of the tag values (keys rarely tell series of one instrument apart).</summary>
    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            var value = tag.Value switch
            {
                null => 0,
                string s => s.GetHashCode(),
                var other => other.GetHashCode(),
            };
            hash += (int)BitOperations.RotateLeft((uint)value * 0x9E3779B1u, 15) * 0x27D4EB2F;
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Matches(KeyValuePair<string, object?>[] known, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (known.Length != tags.Length)
        {
            return false;
        }

        for (var i = 0; i < known.Length; i++)
        {
            if (!KeyEquals(known[i].Key, tags[i].Key))
            {
                return MatchesAnyOrder(known, tags);
            }

            if (!ValueEquals(known[i].Value, tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    // Same tags in another order: every tag of each side must be found in the other (equal counts).
    private static bool MatchesAnyOrder(KeyValuePair<string, object?>[] known, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (!Contains(known, tag))
            {
                return false;
            }
        }

        foreach (var tag in known)
        {
            if (!Contains(tags, tag))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(ReadOnlySpan<KeyValuePair<string, object?>> tags, KeyValuePair<string, object?> wanted)
    {
        foreach (var tag in tags)
        {
            if (KeyEquals(tag.Key, wanted.Key) && ValueEquals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool KeyEquals(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ValueEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null)
        {
            return false;
        }

        return a is string sa ? b is string sb && string.Equals(sa, sb) : a.Equals(b);
    }

    private sealed class Entry(KeyValuePair<string, object?>[] tags, TCell cell, int hash, Entry? next)
    {
        public KeyValuePair<string, object?>[] Tags { get; } = tags;
        public TCell Cell { get; } = cell;
        public int Hash { get; } = hash;
        public Entry? Next { get; } = next;
    }
}

/// <summary>Measurements dropped because their instrument reached the series cap, over all instruments.</summary>
internal sealed class DroppedCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
