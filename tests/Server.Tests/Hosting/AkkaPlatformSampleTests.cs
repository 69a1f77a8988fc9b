using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NameServer.Actors.AkkaPlatform;
using NameServer.Actors.Protocol;
using NameServer.Actors.Routing;

namespace NameServer.Actors.Server.Tests.Hosting;

/// <summary>
/// <c>samples/AkkaPlatform</c> as its <c>Program</c> sets it up (<see cref="Platform.Configure"/>), on free loopback
/// ports: the NameServer inside the platform's ActorSystem, a broker over TCP, the platform's own actor told of it.
/// </summary>
public sealed class AkkaPlatformSampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("akka-platform-").FullName;
    private readonly FakeLogCollector _log = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RouteWatcher_prints_the_route_when_a_broker_registers_over_tcp_and_its_removal_when_the_connection_closes()
    {
        var builder = TestHost.Builder(_dir);
        builder.Logging.AddProvider(new FakeLoggerProvider(_log));
        Platform.Configure(builder);
        using var host = builder.Build();
        await host.StartAsync();
        var routeTable = host.Services.GetRequiredService<IRequiredActor<RouteTable>>().ActorRef;
        Assert.Equal("akka://platform/user/nameserver/route-table", routeTable.Path.ToString());
        var listeners = host.Services.GetRequiredService<NameServerListeners>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // The platform's actor subscribed to RouteTable when it started, so every change from here on is told to it.
        await WaitForLine("Watching the routes of akka://platform/user/nameserver/route-table", timeout.Token);

        await using (var broker = await RawConnection.ConnectAsync(listeners.EndPoint))
        {
            var registered = await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]));
            Assert.Equal(ResponseCode.Success, registered.Code);

            await WaitForLine("Route of TopicA: broker-a@10.0.0.1:10911", timeout.Token);
            await WaitForLine("Route of TopicB: broker-a@10.0.0.1:10911", timeout.Token);
        }

        // The connection closed: its session stops, RouteTable removes the broker and withdraws its topics' routes.
        await WaitForLine("Route of TopicA removed", timeout.Token);
        await WaitForLine("Route of TopicB removed", timeout.Token);
        await host.StopAsync();
    }

    // The collector yields every record from the first one on, then waits for more: bounded by the token.
    private async Task WaitForLine(string text, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var record in _log.GetLogsAsync(cancellationToken))
            {
                if (record.Message.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        Assert.Fail($"no log line with '{text}' within 10 s");
    }
}
