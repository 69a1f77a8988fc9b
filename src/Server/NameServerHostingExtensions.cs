using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.Config;

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
        configure?.Invoke(namesrv, server);
        services.AddSingleton(sp => new NameServerService(
            namesrv, server, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<NameServerService>());
        return services;
    }
}
