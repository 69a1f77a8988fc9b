using System.Diagnostics.Metrics;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Remote;

namespace NameServer.Actors.Server.Hosting;

/// <summary>
/// Embeds the NameServer in an Akka.Hosting platform: its actors in the platform's own <c>ActorSystem</c>
/// (<see cref="WithNameServer(AkkaConfigurationBuilder, IServiceProvider, NameServerSettings?)"/>) and its listeners
/// as a hosted service of the same host (<see cref="AddNameServerListeners(IServiceCollection, IConfiguration, Func{NameServerSettings, NameServerSettings}?)"/>):
/// <code>
/// builder.Services.AddNameServerListeners(builder.Configuration);
/// builder.Services.AddAkka("platform", (akka, sp) => akka.WithNameServer(sp));
/// </code>
/// Two calls because Akka.Hosting's <see cref="AkkaConfigurationBuilder"/> keeps its service collection to itself: a
/// hosted service cannot be registered from inside <c>AddAkka</c>.
/// </summary>
public static class NameServerAkkaHostingExtensions
{
    // How long the listeners look for the actors in the registry once every hosted service has started; they are there
    // by then unless WithNameServer was left out.
    private static readonly TimeSpan RegistryWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the NameServer's actors in the builder's <c>ActorSystem</c> when it starts, through
    /// <see cref="NameServerActors.StartAsync"/> (the start-up path of <see cref="NameServerService"/>), and registers
    /// them in Akka.Hosting's <see cref="ActorRegistry"/>, so that <c>IRequiredActor&lt;RouteTable&gt;</c>,
    /// <c>&lt;BrokerSessions&gt;</c>, <c>&lt;KvConfig&gt;</c>, <c>&lt;NamesrvConfig&gt;</c> and
    /// <c>&lt;RoutingCore&gt;</c> (the root, which answers <see cref="GetRoutingCore"/>) and <c>&lt;NameServerGateway&gt;</c>
    /// (the entry point of the Akka message contract, docs/AKKA-REMOTE.md) resolve. The system gets the
    /// counting mailboxes of the NameServer's actors and a <c>service-unbind</c> phase long enough to drain requests, as
    /// fallbacks under the platform's configuration; its loggers, log levels and everything else stay the platform's.
    /// </summary>
    /// <param name="services">The host's services: <see cref="NameServerSettings"/> and <see cref="NameServerMetrics"/>
    /// as <see cref="AddNameServerListeners(IServiceCollection, NameServerSettings)"/> registered them, the logger factory.</param>
    /// <param name="settings">What the actors run with when no listeners are registered; by default the registered
    /// settings, else <see cref="NameServerSettings.Create"/> of the host's <see cref="IConfiguration"/>.</param>
    /// <exception cref="SettingsException">The host's configuration has an unusable value; the message names its key.</exception>
    /// <remarks>
    /// The KV file is loaded when the system starts: an unusable one stops the host's start-up
    /// (<see cref="KvConfigFileException"/>) and is left as it is. A platform that wants the NameServer's Akka logger
    /// instead of its own adds <c>AddSetup(new MicrosoftLoggerSetup(loggerFactory))</c> and
    /// <c>ConfigureLoggers(l => l.ClearLoggers().AddLogger(typeof(MicrosoftLogger)))</c>.
    /// </remarks>
    public static AkkaConfigurationBuilder WithNameServer(this AkkaConfigurationBuilder builder, IServiceProvider services, NameServerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.GetService<NameServerSettings>();
        if (settings is not null && registered is not null && !ReferenceEquals(settings, registered))
        {
            // The listeners would serve ports and limits of other settings than the actors run with.
            throw new InvalidOperationException(
                "WithNameServer was given settings while AddNameServerListeners registered others: pass none, the actors then use the registered ones.");
        }
        settings ??= registered ?? NameServerSettings.Create(services.GetRequiredService<IConfiguration>());
        var metrics = services.GetService<NameServerMetrics>();
        var log = services.GetService<ILoggerFactory>()?.CreateLogger("NameServer");
        // Fallbacks (Append): what the platform configures itself wins.
        builder.AddHocon(AkkaConfig(settings), HoconAddMode.Append);
        return builder.WithActors(async (system, registry) =>
        {
            var core = await NameServerActors.StartAsync(system, settings, metrics, log: log).ConfigureAwait(false);
            registry.Register<RoutingCore>(core.Root);
            registry.Register<RouteTable>(core.RouteTable);
            registry.Register<BrokerSessions>(core.Sessions);
            registry.Register<KvConfig>(core.KvConfig);
            registry.Register<NamesrvConfig>(core.NamesrvConfig);
            registry.Register<NameServerGateway>(await NameServerRemoting.GatewayOfAsync(core).ConfigureAwait(false));
        });
    }

    /// <summary>
    /// What the NameServer adds to a platform's Akka configuration: the counting mailboxes of its actors
    /// (<see cref="RoutingConfig.Default"/>), the message contract's serializer and binding
    /// (<see cref="NameServerRemoting.Config"/>) and, since a coordinated shutdown that the platform starts (a cluster leaving,
    /// <c>CoordinatedShutdown.Run</c>) stops the listeners in its <c>service-unbind</c> phase, a timeout for that phase
    /// that lets requests in flight end (<c>shutdownWaitTimeSeconds</c>, plus time to close connections).
    /// </summary>
    public static Config AkkaConfig(NameServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var unbind = settings.Server.ShutdownWaitTimeSeconds + 5;
        return ConfigurationFactory.ParseString($"akka.coordinated-shutdown.phases.service-unbind.timeout = {unbind}s")
            .WithFallback(RoutingConfig.Default)
            .WithFallback(NameServerRemoting.Config);
    }

    /// <summary>
    /// Registers the NameServer's <see cref="NameServerSettings"/>, created and checked now by
    /// <see cref="NameServerSettings.Create"/> from <paramref name="configuration"/> (as <c>AddNameServer</c> does) and
    /// passed through <paramref name="configure"/>, and its listeners (<see cref="NameServerListeners"/>) as a hosted
    /// service that serves the actors <see cref="WithNameServer"/> starts in the host's Akka.Hosting <c>ActorSystem</c>.
    /// </summary>
    /// <exception cref="SettingsException">The configuration has an unusable value; the message names its key.</exception>
    public static IServiceCollection AddNameServerListeners(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<NameServerSettings, NameServerSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = NameServerSettings.Create(configuration);
        return services.AddNameServerListeners(configure is null ? settings : configure(settings));
    }

    /// <summary>
    /// Registers <paramref name="settings"/>, the NameServer's instruments (<see cref="NameServerMetrics"/>, shared by
    /// its actors and listeners) and its <see cref="NameServerListeners"/>, run by a hosted service: they bind once
    /// every hosted service has started, Akka.Hosting's included, over the actors they find in its
    /// <see cref="ActorRegistry"/>, and they drain and close before any hosted service stops, so before the
    /// <c>ActorSystem</c> terminates, whatever the order of registration. Resolve <see cref="NameServerListeners"/> for
    /// their addresses.
    /// </summary>
    public static IServiceCollection AddNameServerListeners(this IServiceCollection services, NameServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.TryAddSingleton(sp => new NameServerMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new NameServerListeners(
            settings, sp.GetRequiredService<NameServerMetrics>(), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => new NameServerListenersService(
            sp.GetRequiredService<NameServerListeners>(), sp, RegistryWait, (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<NameServerListeners>()));
        return services;
    }
}
