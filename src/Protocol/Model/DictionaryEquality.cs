namespace NameServer.Actors.Protocol.Model;

/// <summary>Content equality for the read-only maps the model records carry (records compare collections by reference).</summary>
public static class DictionaryEquality
{
    public static bool Equal<TKey, TValue>(IReadOnlyDictionary<TKey, TValue>? a, IReadOnlyDictionary<TKey, TValue>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null)
        {
            return (a?.Count ?? 0) == 0 && (b?.Count ?? 0) == 0;
        }
        if (a.Count != b.Count)
        {
            return false;
        }
        var comparer = EqualityComparer<TValue>.Default;
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !comparer.Equals(value, other))
            {
                return false;
            }
        }
        return true;
    }
}
