using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Client;
using NameServer.Actors.Hocon;
using NameServer.Actors.Host;
using NameServer.Actors.Host.Logging;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Server;
using NameServer.Actors.Server.Observability;

// namesrv: the NameServer executable. Exit codes: 0 stopped normally, 1 bad configuration or start failure,
// 2 unusable KV file (never overwritten).
try
{
    var command = NameServerConfiguration.ParseArgs(args);
    if (command.Help)
    {
        Console.WriteLine("""
            usage: namesrv [-c <file>] [-p] [-h] [--<key>=<value> ...]
              -c <file>        configuration file: HOCON (.conf) or a Java NameServer .properties file
              -p               print every configuration item and exit
              -h               this help
              --<key>=<value>  override a setting by its Java name, e.g. --listenPort=10000 --scanNotActiveBrokerInterval=5000,
                               or an Akka setting by its path, e.g. --akka.loglevel=DEBUG
            Layers, later wins: reference.conf, -c file, configStorePath file, environment (NAMESERVER__LISTENPORT,
            AKKA__LOGLEVEL), command line.
            Metrics, read-only API and dashboard: http://127.0.0.1:9877/, the port after listenPort unless set
            (--httpPort, --httpBindAddress, --httpEnabled=false).
            """);
        return 0;
    }
    var configuration = NameServerConfiguration.Build(command);
    // The embedders' start-up path: the settings are created and checked once, from the layered configuration.
    var settings = NameServerSettings.Create(configuration);
    if (command.PrintConfig)
    {
        foreach (var line in NameServerConfiguration.PrintedItems(settings, configuration))
        {
            Console.WriteLine(line);
        }
        return 0;
    }

    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
    builder.Logging.AddNamesrvLogging(settings.LogFile);
    // One knob for the log level: akka.loglevel filters the actors' events in Akka and, through it, the whole log of namesrv.
    builder.Logging.SetMinimumLevel(NamesrvLogging.MinimumLevel(settings.Akka));
    builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
    // A failed start is reported once, on one line, by the catch blocks below instead of as the host's stack trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    builder.Services.AddNameServer(settings);
    // The peers (peerNamesrvAddrs) are read by the remoting client; Server has none of its own.
    builder.Services.AddSingleton(new PeerDigestReader((address, ct) => RouteComparison.FetchDigestsAsync(address, cancellationToken: ct)));
    if (settings.Server.MemoryTrimIntervalSeconds > 0)
    {
        builder.Services.AddHostedService(sp => new MemoryTrimmer(
            TimeSpan.FromSeconds(settings.Server.MemoryTrimIntervalSeconds), sp.GetRequiredService<ILogger<MemoryTrimmer>>(), TimeProvider.System));
    }
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.Server.ShutdownWaitTimeSeconds + 5));
    using var host = builder.Build();
    // Before the first socket operation, which is the NameServer's start.
    var socketThreads = SocketThreads.Apply(
        settings.Server.SocketIoThreads, Environment.ProcessorCount, Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);
    host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("namesrv").LogInformation("{SocketThreads}", socketThreads);
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (e is ConfigurationProblem or SettingsException)
{
    Console.Error.WriteLine($"namesrv: {e.Message}");
    return 1;
}
catch (HoconParseException e)
{
    Console.Error.WriteLine($"namesrv: {e.Message}");
    return 1;
}
catch (KvConfigFileException e)
{
    Console.Error.WriteLine($"namesrv: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or SocketException or AddressInUseException)
{
    Console.Error.WriteLine($"namesrv: cannot start: {e.Message}");
    return 1;
}
