using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Hosting;

namespace NameServer.Actors.AkkaPlatform;

/// <summary>The platform's set-up, shared by its <c>Program</c> and its test.</summary>
internal static class Platform
{
    /// <summary>The name of the platform's actor system: the NameServer's actors are <c>akka://platform/user/nameserver/...</c>.</summary>
    public const string SystemName = "platform";

    public static HostApplicationBuilder Configure(HostApplicationBuilder builder)
    {
        // Under everything else the host reads: this demo keeps its KV and configuration files in the temp folder.
        var files = Path.Combine(Path.GetTempPath(), "akka-platform-namesrv");
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["nameserver:kvConfigPath"] = Path.Combine(files, "kvConfig.json"),
                ["nameserver:configStorePath"] = Path.Combine(files, "namesrv.properties"),
            },
        });
        // The NameServer's settings, read and checked now from the host's configuration (nameserver:listenPort, ...),
        // and its listeners, which serve the actors below once the ActorSystem runs and stop before it does.
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka(SystemName, (akka, sp) => akka
            // The platform's logging, not the NameServer's: Akka's log events go to the host's ILoggerFactory.
            .ConfigureLoggers(loggers => loggers.ClearLoggers().AddLoggerFactory())
            .WithNameServer(sp)
            // The platform's own actor, told every route change by the NameServer's RouteTable, found in the registry.
            .WithActors(async (system, registry) =>
            {
                var routeTable = await registry.GetAsync<RouteTable>();
                registry.Register<RouteWatcher>(system.ActorOf(RouteWatcher.Props(routeTable), "route-watcher"));
            }));
        return builder;
    }
}
