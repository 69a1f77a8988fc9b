using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server;

/// <summary>Adds a NameServer to any <c>Microsoft.Extensions.Hosting</c> host.</summary>
public static class NameServerHostingExtensions
{
    /// <summary>
    /// Registers a <see cref="NameServerService"/> (also as a hosted service) configured from the <c>nameserver</c>
    /// section of <paramref name="configuration"/> (Java key names, e.g. <c>nameserver:listenPort</c>), then
    /// <paramref name="configure"/>. Resolve <see cref="NameServerService"/> to reach its routes and actors.
    /// </summary>
    public static IServiceCollection AddNameServer(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<NamesrvOptions, ServerOptions>? configure = null)
    {
        var namesrv = new NamesrvOptions();
        var server = new ServerOptions();
        var section = configuration?.GetSection("nameserver");
        section?.Bind(namesrv);
        section?.Bind(server);
        var security = section is null ? new SecurityOptions() : SecurityOptions.Bind(section.GetSection("security"));
        var tls = new TlsOptions();
        section?.Bind(tls);
        var http = new HttpApiOptions();
        section?.Bind(http);
        var httpWanted = bool.TryParse(section?["httpEnabled"], out var enabled) && enabled;
        configure?.Invoke(namesrv, server);
        tls.FirstByteTimeout = TimeSpan.FromSeconds(Math.Max(1, server.ServerChannelMaxIdleTimeSeconds));
        services.AddSingleton(sp => new NameServerService(
            namesrv, server, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>(), security: security, tls: tls,
            http: httpWanted ? http : null, meterFactory: sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<NameServerService>());
        return services;
    }
}
