using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>
/// The string→string "custom header" map of a command. Keeps insertion order (so a decoded header re-encodes byte for
/// byte); setting an existing key replaces its value in place. Lookups are linear: headers carry a handful of entries.
/// </summary>
public sealed class ExtFields : IReadOnlyDictionary<string, string>
{
    private readonly List<KeyValuePair<string, string>> _entries;

    public ExtFields()
    {
        _entries = [];
    }

    public ExtFields(int capacity)
    {
        _entries = new List<KeyValuePair<string, string>>(capacity);
    }

    public ExtFields(IEnumerable<KeyValuePair<string, string>> entries)
        : this()
    {
        foreach (var (key, value) in entries)
        {
            Set(key, value);
        }
    }

    public int Count => _entries.Count;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Key;
            }
        }
    }

    public IEnumerable<string> Values
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Value;
            }
        }
    }

    public string this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No ext field '{key}'.");

    /// <summary>Entry at a position (insertion order).</summary>
    public KeyValuePair<string, string> GetAt(int index) => _entries[index];

    /// <summary>Adds the entry, or replaces the value of an existing key keeping its position. Returns this for chaining.</summary>
    public ExtFields Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var index = IndexOf(key);
        if (index >= 0)
        {
            _entries[index] = new KeyValuePair<string, string>(key, value);
        }
        else
        {
            _entries.Add(new KeyValuePair<string, string>(key, value));
        }
        return this;
    }

    public bool Remove(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }
        _entries.RemoveAt(index);
        return true;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            value = _entries[index].Value;
            return true;
        }
        value = null;
        return false;
    }

    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() =>
        _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
