using Akka.Actor;
using Akka.Configuration;
using NameServer.Actors.Contracts;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Client.Akka;

/// <summary>
/// Settings of <see cref="NameServerClientActor"/>: which NameServers to use, in fail-over order, and how long to
/// wait for them. Created from the <c>nameserver-client</c> section of an Akka <see cref="Config"/>, whose defaults
/// are <see cref="DefaultConfigText"/>.
/// </summary>
public sealed record NameServerAkkaClientSettings
{
    /// <summary>The section <see cref="Create(Config)"/> reads, with its defaults.</summary>
    public const string DefaultConfigText = """
        nameserver-client {
          # The NameServers' gateways in fail-over order: "host:port" (the NameServer's akka.remote.dot-netty.tcp
          # hostname and port), or a whole actor path (akka.tcp://namesrv@127.0.0.1:2552/user/nameserver/gateway).
          gateways = []
          # Whether the NameServers' Akka.Remote transport has TLS on (host:port entries then become akka.ssl.tcp paths).
          tls = off
          # How long one NameServer may take to be found (Identify) or to answer one query before the next is tried.
          request-timeout = 3s
          # The pause after every NameServer failed in turn, before the first is tried again.
          retry-interval = 1s
        }
        """;

    /// <summary>The gateways' actor paths, in fail-over order; at least one.</summary>
    public required IReadOnlyList<string> Gateways { get; init; }

    /// <summary>How long one NameServer may take to be found or to answer one query before the next is tried.</summary>
    public required TimeSpan RequestTimeout { get; init; }

    /// <summary>The pause after every NameServer failed in turn, before the first is tried again.</summary>
    public required TimeSpan RetryInterval { get; init; }

    /// <summary>The defaults (<see cref="DefaultConfigText"/>).</summary>
    public static Config DefaultConfig { get; } = ConfigurationFactory.ParseString(DefaultConfigText);

    /// <summary>Reads the <c>nameserver-client</c> section of <paramref name="config"/> over <see cref="DefaultConfig"/>.</summary>
    /// <exception cref="ArgumentException">No gateway, an unusable gateway address, or a non-positive duration.</exception>
    public static NameServerAkkaClientSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.WithFallback(DefaultConfig).GetConfig("nameserver-client");
        return FromSection(section, ParseGateways(string.Join(';', section.GetStringList("gateways")), section.GetBoolean("tls")));
    }

    /// <summary>The defaults with these gateways (<see cref="ParseGateways"/>).</summary>
    /// <exception cref="ArgumentException">No gateway, or an unusable gateway address.</exception>
    public static NameServerAkkaClientSettings Create(string? gateways, bool tls = false) =>
        FromSection(DefaultConfig.GetConfig("nameserver-client"), ParseGateways(gateways, tls));

    /// <summary>
    /// Splits <c>"127.0.0.1:2552;127.0.0.1:2553"</c> (also <c>,</c>-separated) into gateway actor paths: a
    /// <c>host:port</c> entry is a <c>namesrv</c>'s Akka.Remote endpoint (<see cref="NameServerContracts.GatewayAddress"/>),
    /// an entry starting with <c>akka</c> a whole actor path. Duplicates are dropped.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, or an entry is neither.</exception>
    public static IReadOnlyList<string> ParseGateways(string? gateways, bool tls = false)
    {
        if (string.IsNullOrWhiteSpace(gateways))
        {
            throw new ArgumentException(
                "The NameServer gateway list is empty (expected \"host:port;host:port\" of the NameServers' Akka.Remote endpoints).", nameof(gateways));
        }
        var result = new List<string>();
        foreach (var entry in gateways.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var path = entry.StartsWith("akka", StringComparison.OrdinalIgnoreCase) ? ActorPathOf(entry) : HostPortPath(entry, tls);
            if (!result.Contains(path, StringComparer.Ordinal))
            {
                result.Add(path);
            }
        }
        return result.Count > 0
            ? result
            : throw new ArgumentException($"The NameServer gateway list '{gateways}' contains no address.", nameof(gateways));
    }

    private static string ActorPathOf(string entry) =>
        ActorPath.TryParse(entry, out var path) && path.Elements.Count > 0
            ? path.ToString()
            : throw new ArgumentException(
                $"NameServer gateway '{entry}' is not an actor path (e.g. {NameServerContracts.GatewayAddress("127.0.0.1", 2552)}).", nameof(entry));

    private static string HostPortPath(string entry, bool tls)
    {
        var (host, port) = NameServerAddresses.SplitHostPort(entry);
        return NameServerContracts.GatewayAddress(host, port, tls);
    }

    private static NameServerAkkaClientSettings FromSection(Config section, IReadOnlyList<string> gateways)
    {
        var settings = new NameServerAkkaClientSettings
        {
            Gateways = gateways,
            RequestTimeout = section.GetTimeSpan("request-timeout"),
            RetryInterval = section.GetTimeSpan("retry-interval"),
        };
        if (settings.RequestTimeout <= TimeSpan.Zero || settings.RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("nameserver-client.request-timeout and retry-interval must be positive.");
        }
        return settings;
    }
}
