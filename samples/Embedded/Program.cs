using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Client;
using NameServer.Actors.Server;

// A .NET service that embeds a NameServer in its own generic host, next to its other hosted services.
// Run: dotnet run --project samples/Embedded -- --nameserver:listenPort=9886 (its HTTP listener then takes 9887)
// The route watcher follows one topic over the network (--routeWatch:topic=TopicTest --routeWatch:periodSeconds=10).
var builder = Host.CreateApplicationBuilder(args);
// Every setting not in the host's configuration has its default from the reference.conf embedded in the NameServer, and
// the configuration is checked as namesrv checks it (a bad value stops here with a message naming its key).
builder.Services.AddNameServer(builder.Configuration, settings => settings with
{
    // Keep KV and configuration files of this demo under the temp folder.
    Namesrv = settings.Namesrv with
    {
        KvConfigPath = Path.Combine(Path.GetTempPath(), "embedded-namesrv", "kvConfig.json"),
        ConfigStorePath = Path.Combine(Path.GetTempPath(), "embedded-namesrv", "namesrv.properties"),
    },
});
builder.Services.AddHostedService<RouteCountReporter>();
builder.Services.AddHostedService<RouteWatcher>();
await builder.Build().RunAsync();

/// <summary>Reads the embedded NameServer's published routes directly (no network, no actor hop) every 10 s.</summary>
internal sealed class RouteCountReporter(NameServerService nameServer, ILogger<RouteCountReporter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var routes = nameServer.Core.Routes;
            log.LogInformation(
                "NameServer on {EndPoint}: {Topics} topics, {Brokers} broker groups",
                nameServer.EndPoint, routes.Count, routes.ClusterInfo.BrokerAddrTable.Count);
        }
    }
}

/// <summary>
/// Watches one topic's route the way a remote client would: a <see cref="RouteCache"/> over TCP to the embedded server,
/// logging each change. Hosted services start in registration order, so the server is listening by now.
/// </summary>
internal sealed class RouteWatcher(NameServerService nameServer, IConfiguration configuration, ILogger<RouteWatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topic = configuration["routeWatch:topic"] ?? "TopicTest";
        var period = TimeSpan.FromSeconds(configuration.GetValue("routeWatch:periodSeconds", 10.0));
        await using var client = new NameServerClient(AddressOf(nameServer.EndPoint));
        await using var cache = new RouteCache(client, new RouteCacheOptions { RefreshPeriod = period });
        cache.RouteChanged += (_, e) => log.LogInformation(
            "Route of {Topic} changed: {Brokers}",
            e.Topic,
            e.NewRoute is null ? "gone" : string.Join(", ", e.NewRoute.BrokerDatas.Select(b => $"{b.BrokerName}@{string.Join('/', b.BrokerAddrs.Values)}")));
        cache.RefreshFailed += (_, e) => log.LogWarning("Looking up {Topic} failed: {Error}", e.Topic, e.Error.Message);
        await cache.SubscribeAsync(topic, stoppingToken);
        log.LogInformation("Watching the route of {Topic} every {Period}", topic, period);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Host shutdown.
        }
    }

    private static string AddressOf(IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return $"127.0.0.1:{endPoint.Port}";
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{endPoint.Port}" : $"{address}:{endPoint.Port}";
    }
}
