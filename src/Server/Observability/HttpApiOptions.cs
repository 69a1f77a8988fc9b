using NameServer.Actors.Client;
using NameServer.Actors.Hocon;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// The HTTP listener of metrics, the read-only admin API and the dashboard, bound from the <c>nameserver</c>
/// configuration section beside the remoting settings (no Java equivalent: the Java NameServer has no HTTP side).
/// </summary>
public sealed class HttpApiOptions
{
    /// <summary>Serve <c>/metrics</c>, <c>/api/*</c>, <c>/health</c>, <c>/rocketmq/nsaddr</c> and the dashboard. Default true.</summary>
    public bool HttpEnabled { get; set; } = true;

    /// <summary>Address of the HTTP listener. Default 127.0.0.1: the API shows the cluster's layout, so it stays local unless opened.</summary>
    public string HttpBindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Port of the HTTP listener; 0 picks a free port (tests). Default 9877, beside the default listen port; where the
    /// configuration leaves it unset, <c>namesrv</c> puts it after the listen port instead (<see cref="PortAfter"/>).
    /// </summary>
    public int HttpPort { get; set; } = 9877;

    /// <summary>
    /// The HTTP port of a NameServer listening on <paramref name="listenPort"/> when none is set: the next port, so a
    /// second NameServer on another listen port does not collide with the first; 0 (a free port) when listenPort is 0.
    /// </summary>
    public static int PortAfter(int listenPort) => listenPort == 0 ? 0 : listenPort + 1;

    /// <summary>
    /// The NameServer list answered at <c>/rocketmq/nsaddr</c>, in the address-server format RocketMQ clients fetch
    /// (<c>host:port;host:port</c>). Default empty: the path answers 404.
    /// </summary>
    public string NsAddrList { get; set; } = "";

    /// <summary>
    /// Remoting addresses (<c>host:port;host:port</c>) of other NameServers of the same cluster, whose routes are
    /// fetched every <see cref="PeerCheckInterval"/> and compared with ours (dashboard, <c>/api/overview</c>,
    /// metrics). Works with Java NameServers too. Default empty.
    /// </summary>
    public string PeerNamesrvAddrs { get; set; } = "";

    /// <summary>How often peers are compared. Default 30 s (a route-poll period of the clients).</summary>
    public HoconDuration PeerCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The peers as a list (none when unset).</summary>
    /// <exception cref="ArgumentException">An entry is not <c>host:port</c>.</exception>
    public IReadOnlyList<string> Peers => ParseList(PeerNamesrvAddrs);

    /// <summary>The address-server list as a list (none when unset).</summary>
    /// <exception cref="ArgumentException">An entry is not <c>host:port</c>.</exception>
    public IReadOnlyList<string> NsAddrs => ParseList(NsAddrList);

    private static IReadOnlyList<string> ParseList(string list) =>
        string.IsNullOrWhiteSpace(list) ? [] : NameServerAddresses.Parse(list);

    /// <summary>The keys above in the Java form (<c>-p</c>, <c>GET_NAMESRV_CONFIG</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        yield return new("httpEnabled", HttpEnabled ? "true" : "false");
        yield return new("httpBindAddress", HttpBindAddress);
        yield return new("httpPort", HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("nsAddrList", NsAddrList);
        yield return new("peerNamesrvAddrs", PeerNamesrvAddrs);
        yield return new("peerCheckInterval", ((long)PeerCheckInterval.Value.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
