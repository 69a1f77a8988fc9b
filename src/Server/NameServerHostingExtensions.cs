using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server;

/// <summary>Adds a NameServer to any <c>Microsoft.Extensions.Hosting</c> host; <c>namesrv</c> starts through it too.</summary>
public static class NameServerHostingExtensions
{
    /// <summary>
    /// Registers a <see cref="NameServerService"/> (also as a hosted service) and its <see cref="NameServerSettings"/>,
    /// created and checked now by <see cref="NameServerSettings.Create"/> from <paramref name="configuration"/> layered
    /// over the embedded reference.conf (Java key names under <c>nameserver</c>, e.g. <c>nameserver:listenPort</c>;
    /// Akka's under <c>akka</c>), then passed through <paramref name="configure"/>. Resolve
    /// <see cref="NameServerService"/> to reach its routes and actors.
    /// </summary>
    /// <exception cref="SettingsException">The configuration has an unusable value; the message names its key (as <c>namesrv</c> prints it).</exception>
    public static IServiceCollection AddNameServer(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<NameServerSettings, NameServerSettings>? configure = null) =>
        services.AddNameServer(NameServerSettings.Create(configuration, configure));

    /// <summary>
    /// Registers a <see cref="NameServerService"/> (also as a hosted service) running with <paramref name="settings"/>.
    /// A <see cref="PeerDigestReader"/> registered in the container compares the configured peers' routes.
    /// </summary>
    public static IServiceCollection AddNameServer(this IServiceCollection services, NameServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new NameServerService(
            settings, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>(),
            meterFactory: sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(), peerReader: sp.GetService<PeerDigestReader>()));
        services.AddHostedService(sp => sp.GetRequiredService<NameServerService>());
        return services;
    }
}
