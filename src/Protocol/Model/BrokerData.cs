namespace NameServer.Actors.Protocol.Model;

/// <summary>
/// One broker group (<c>BrokerData</c>): its cluster, name and the address of each member by broker id (0 = master).
/// Immutable: the routing state hands out copies, never its working maps.
/// </summary>
public sealed record BrokerData(
    string Cluster,
    string BrokerName,
    IReadOnlyDictionary<long, string> BrokerAddrs,
    bool EnableActingMaster = false,
    string? ZoneName = null)
{
    public bool Equals(BrokerData? other) =>
        other is not null
        && Cluster == other.Cluster
        && BrokerName == other.BrokerName
        && EnableActingMaster == other.EnableActingMaster
        && ZoneName == other.ZoneName
        && DictionaryEquality.Equal(BrokerAddrs, other.BrokerAddrs);

    public override int GetHashCode() => HashCode.Combine(Cluster, BrokerName, BrokerAddrs.Count);
}
