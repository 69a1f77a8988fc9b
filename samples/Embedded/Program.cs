using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Server;

// A .NET service that embeds a NameServer in its own generic host, next to its other hosted services.
// Run: dotnet run --project samples/Embedded -- --nameserver:listenPort=9877
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddNameServer(builder.Configuration, (namesrv, server) =>
{
    // Keep KV and configuration files of this demo under the temp folder.
    namesrv.KvConfigPath = Path.Combine(Path.GetTempPath(), "embedded-namesrv", "kvConfig.json");
    namesrv.ConfigStorePath = Path.Combine(Path.GetTempPath(), "embedded-namesrv", "namesrv.properties");
});
builder.Services.AddHostedService<RouteCountReporter>();
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
