using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

/// <summary>Key of the live and filter-server tables: a broker address within a cluster (5.x <c>BrokerAddrInfo</c>).</summary>
public readonly record struct BrokerLiveKey(string ClusterName, string BrokerAddr)
{
    public override string ToString() => $"{ClusterName}/{BrokerAddr}";
}

/// <summary>
/// What the NameServer knows about a registered broker address (<c>BrokerLiveInfo</c>).
/// <see cref="ConnectionEpoch"/> identifies the connection the broker last registered on; only a close of
/// that very connection removes the broker. <see cref="BrokerVersion"/> is the remoting version of its last
/// registration (diagnostics only).
/// </summary>
public sealed record BrokerLiveInfo(
    long LastUpdateMillis,
    long HeartbeatTimeoutMillis,
    DataVersion DataVersion,
    string? HaServerAddr,
    long ConnectionEpoch,
    int? BrokerVersion = null)
{
    /// <summary>The expiry rule (<c>docs/BEHAVIOUR.md</c>, "Expiry"), <c>lastUpdate + timeout &lt; now</c>, written so that it cannot overflow.</summary>
    public bool IsExpired(long nowMillis) => nowMillis - LastUpdateMillis > HeartbeatTimeoutMillis;
}
