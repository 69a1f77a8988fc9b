using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// The HTTP listener of metrics, the read-only admin API and the dashboard, read from the <c>nameserver</c> section
/// beside the remoting settings by <see cref="Create"/> (no Java equivalent: the Java NameServer has no HTTP side).
/// Immutable; every default is in <c>reference.conf</c>, none here.
/// </summary>
public sealed record HttpSettings
{
    /// <summary><c>httpEnabled</c>: serve <c>/metrics</c>, <c>/api/*</c>, <c>/health</c>, <c>/rocketmq/nsaddr</c> and the dashboard.</summary>
    public required bool HttpEnabled { get; init; }

    /// <summary><c>httpBindAddress</c>: address of the HTTP listener.</summary>
    public required IPAddress HttpBindAddress { get; init; }

    /// <summary>
    /// <c>httpPort</c> as configured; 0 picks a free port. Null (unset, the default) makes the port follow the listen
    /// port: <see cref="PortFor"/>. Kept unresolved so that a saved configuration never pins a port that was derived.
    /// </summary>
    public required int? HttpPort { get; init; }

    /// <summary>
    /// <c>nsAddrList</c>: the NameServer list answered at <c>/rocketmq/nsaddr</c>, in the address-server format RocketMQ
    /// clients fetch (<c>host:port;host:port</c>). Empty: the path answers 404.
    /// </summary>
    public required IReadOnlyList<string> NsAddrList { get; init; }

    /// <summary>
    /// <c>peerNamesrvAddrs</c>: remoting addresses of other NameServers of the same cluster, whose routes are fetched
    /// every <see cref="PeerCheckInterval"/> and compared with ours. Works with Java NameServers too.
    /// </summary>
    public required IReadOnlyList<string> PeerNamesrvAddrs { get; init; }

    /// <summary><c>peerCheckInterval</c>: how often peers are compared, positive.</summary>
    public required TimeSpan PeerCheckInterval { get; init; }

    /// <summary>
    /// The HTTP port of a NameServer listening on <paramref name="listenPort"/> when none is set: the next port, so a
    /// second NameServer on another listen port does not collide with the first; 0 (a free port) when listenPort is 0.
    /// </summary>
    public static int PortAfter(int listenPort) => listenPort == 0 ? 0 : listenPort + 1;

    /// <summary>The port to listen on beside the remoting port <paramref name="listenPort"/>: <see cref="HttpPort"/>, else <see cref="PortAfter"/>.</summary>
    public int PortFor(int listenPort) => HttpPort ?? PortAfter(listenPort);

    /// <summary>Reads and checks the HTTP keys of the <c>nameserver</c> section, whose <c>listenPort</c> the port follows unless set.</summary>
    /// <exception cref="SettingsException">A key is missing or its value unusable; the message names it.</exception>
    public static HttpSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section);
        int? httpPort = read.OptionalText("httpPort") is null ? null : read.Port("httpPort");
        if (httpPort is null && PortAfter(read.Port("listenPort")) > 65535)
        {
            throw read.Invalid("httpPort", $"follows listenPort unless set, and listenPort {read.Port("listenPort")} + 1 is not a TCP port: set httpPort");
        }
        return new HttpSettings
        {
            HttpEnabled = read.Boolean("httpEnabled"),
            HttpBindAddress = read.Address("httpBindAddress"),
            HttpPort = httpPort,
            NsAddrList = Addresses(read, "nsAddrList"),
            PeerNamesrvAddrs = Addresses(read, "peerNamesrvAddrs"),
            PeerCheckInterval = read.PositiveDuration("peerCheckInterval"),
        };
    }

    /// <summary>The keys in the Java form (<c>-p</c>, <c>GET_NAMESRV_CONFIG</c>), the port as it is used beside <paramref name="listenPort"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties(int listenPort)
    {
        yield return new("httpEnabled", HttpEnabled ? "true" : "false");
        yield return new("httpBindAddress", HttpBindAddress.ToString());
        yield return new("httpPort", PortFor(listenPort).ToString(CultureInfo.InvariantCulture));
        yield return new("nsAddrList", string.Join(';', NsAddrList));
        yield return new("peerNamesrvAddrs", string.Join(';', PeerNamesrvAddrs));
        yield return new("peerCheckInterval", ((long)PeerCheckInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
    }

    // host:port;host:port, as RocketMQ writes NameServer lists; unset or blank is none.
    private static IReadOnlyList<string> Addresses(SettingsReader read, string key)
    {
        if (read.OptionalText(key) is not { } list)
        {
            return [];
        }
        try
        {
            return NameServerAddresses.Parse(list);
        }
        catch (ArgumentException e)
        {
            throw read.Invalid(key, $"'{list}': {e.Message}");
        }
    }
}
