namespace NameServer.Actors.Routing.Kv;

/// <summary>
/// The KV store (Java's <c>KVConfigManager</c>; <c>docs/BEHAVIOUR.md</c>, "KV store"): namespace → (key → value), plain data with no I/O.
/// A namespace keeps existing (possibly empty) after its last key is deleted, because the broker-registration
/// answer distinguishes "namespace absent" (no body) from "namespace empty" (an empty table).
/// </summary>
public sealed class KvConfigState
{
    /// <summary>The one namespace with a built-in meaning: ordered-topic queue layout, <c>brokerName:queueNum;...</c>.</summary>
    public const string OrderTopicConfigNamespace = "ORDER_TOPIC_CONFIG";

    private readonly Dictionary<string, Dictionary<string, string?>> _table = new(StringComparer.Ordinal);

    public KvConfigState()
    {
    }

    public KvConfigState(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> initial)
    {
        foreach (var (ns, entries) in initial)
        {
            var map = Namespace(ns);
            foreach (var (key, value) in entries)
            {
                map[key] = value;
            }
        }
    }

    public int NamespaceCount => _table.Count;

    /// <summary>Stores a value. A null value mirrors a Java PUT without <c>value</c>: kept in memory, invisible to GET and not persisted.</summary>
    public void Put(string ns, string key, string? value) => Namespace(ns)[key] = value;

    /// <summary>Removes a key; returns whether it was there. The namespace itself stays.</summary>
    public bool Delete(string ns, string key) => _table.TryGetValue(ns, out var map) && map.Remove(key);

    public string? Get(string ns, string key) =>
        _table.TryGetValue(ns, out var map) && map.TryGetValue(key, out var value) ? value : null;

    public bool HasNamespace(string ns) => _table.ContainsKey(ns);

    /// <summary>A copy of one namespace (null values left out), or null when the namespace does not exist.</summary>
    public IReadOnlyDictionary<string, string>? GetNamespace(string ns)
    {
        if (!_table.TryGetValue(ns, out var map))
        {
            return null;
        }
        var copy = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (value is not null)
            {
                copy[key] = value;
            }
        }
        return copy;
    }

    /// <summary>A deep copy of what would be persisted: every namespace, null values left out.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Snapshot()
    {
        var copy = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var ns in _table.Keys)
        {
            copy[ns] = GetNamespace(ns)!;
        }
        return copy;
    }

    private Dictionary<string, string?> Namespace(string ns)
    {
        if (!_table.TryGetValue(ns, out var map))
        {
            map = new Dictionary<string, string?>(StringComparer.Ordinal);
            _table[ns] = map;
        }
        return map;
    }
}
