using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

/// <summary>
/// The mutable working copy of one <c>BrokerData</c>. Addresses are kept sorted by id so that "the minimum id"
/// and "the first address" are cheap and deterministic.
/// </summary>
internal sealed class BrokerGroup(string cluster, string brokerName)
{
    public string Cluster { get; } = cluster;

    public string BrokerName { get; } = brokerName;

    public SortedDictionary<long, string> Addrs { get; } = new();

    public bool EnableActingMaster { get; set; }

    public string? ZoneName { get; set; }

    /// <summary>The smallest broker id; only meaningful when <see cref="Addrs"/> is not empty.</summary>
    public long MinId
    {
        get
        {
            foreach (var id in Addrs.Keys)
            {
                return id;
            }
            throw new InvalidOperationException($"Broker group {BrokerName} has no address.");
        }
    }

    /// <summary>Removes every id holding <paramref name="addr"/>; returns the removed ids (usually none or one).</summary>
    public List<long>? RemoveAddress(string addr, long? exceptId = null)
    {
        List<long>? removed = null;
        foreach (var (id, value) in Addrs)
        {
            if (id != exceptId && string.Equals(value, addr, StringComparison.Ordinal))
            {
                (removed ??= []).Add(id);
            }
        }
        if (removed is not null)
        {
            foreach (var id in removed)
            {
                Addrs.Remove(id);
            }
        }
        return removed;
    }

    public bool ContainsAddress(string addr)
    {
        foreach (var value in Addrs.Values)
        {
            if (string.Equals(value, addr, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>An independent copy, addresses in ascending id order.</summary>
    private BrokerData? _published;

    /// <summary>
    /// The group as an immutable <see cref="BrokerData"/>. The same instance is handed out while the group is
    /// unchanged, so the routes of all its topics share one copy instead of one each (a broker with 10,000 topics
    /// would otherwise hold 10,000 identical copies in the route snapshots).
    /// </summary>
    public BrokerData ToBrokerData()
    {
        if (_published is { } published && IsCurrent(published))
        {
            return published;
        }
        return _published = new BrokerData(Cluster, BrokerName, new Dictionary<long, string>(Addrs), EnableActingMaster, ZoneName);
    }

    private bool IsCurrent(BrokerData published)
    {
        if (published.EnableActingMaster != EnableActingMaster || published.ZoneName != ZoneName || published.BrokerAddrs.Count != Addrs.Count)
        {
            return false;
        }
        foreach (var (id, addr) in Addrs)
        {
            if (!published.BrokerAddrs.TryGetValue(id, out var other) || !string.Equals(addr, other, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
