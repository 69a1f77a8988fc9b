using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests;

/// <summary>Settings for tests: reference.conf's (<see cref="NameServerSettings.Default"/>) with changes made by <c>with</c>.</summary>
internal static class TestSettings
{
    /// <summary>The defaults, listening on a free loopback port, without the HTTP listener.</summary>
    public static NameServerSettings Loopback { get; } = NameServerSettings.Default
        .WithServer(s => s with { ListenPort = 0 })
        .WithHttp(h => h with { HttpEnabled = false });

    /// <summary><see cref="Loopback"/> with the HTTP listener on a free loopback port.</summary>
    public static NameServerSettings WithFreeHttpPort { get; } = Loopback.WithHttp(h => h with { HttpEnabled = true, HttpPort = 0 });

    public static NameServerSettings WithNamesrv(this NameServerSettings settings, Func<NamesrvSettings, NamesrvSettings> change) =>
        settings with { Namesrv = change(settings.Namesrv) };

    public static NameServerSettings WithServer(this NameServerSettings settings, Func<ServerSettings, ServerSettings> change) =>
        settings with { Server = change(settings.Server) };

    public static NameServerSettings WithHttp(this NameServerSettings settings, Func<HttpSettings, HttpSettings> change) =>
        settings with { Http = change(settings.Http) };

    public static NameServerSettings WithSecurity(this NameServerSettings settings, Func<SecuritySettings, SecuritySettings> change) =>
        settings with { Security = change(settings.Security) };

    public static NameServerSettings WithTls(this NameServerSettings settings, Func<TlsSettings, TlsSettings> change) =>
        settings with { Tls = change(settings.Tls) };

    /// <summary>Reads peers' routes as namesrv does (Program.cs plugs the same client in).</summary>
    public static PeerDigestReader PeerReader { get; } = (address, ct) => Client.RouteComparison.FetchDigestsAsync(address, cancellationToken: ct);

    /// <summary>The KV and configuration files in <paramref name="directory"/>, for tests that persist.</summary>
    public static NameServerSettings WithFilesIn(this NameServerSettings settings, string directory) =>
        settings.WithNamesrv(n => n with
        {
            KvConfigPath = Path.Combine(directory, "kvConfig.json"),
            ConfigStorePath = Path.Combine(directory, "namesrv.properties"),
        });
}
