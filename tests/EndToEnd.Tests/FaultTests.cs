using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Server;
using Xunit.Abstractions;

namespace NameServer.Actors.EndToEnd.Tests;

/// <summary>Faults end to end: killed brokers, restarted NameServers, a NameServer process killed while writing KV.</summary>
public sealed class FaultTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "faults-" + Guid.NewGuid().ToString("N"));
    private readonly List<NameServerService> _servers = [];
    private readonly List<SimulatedBroker> _brokers = [];
    private readonly CancellationTokenSource _stop = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<NameServerService> StartServerAsync(int port, TimeSpan scan)
    {
        var server = new NameServerService(
            NameServerSettings.Default with
            {
                Namesrv = NameServerSettings.Default.Namesrv with { ScanNotActiveBrokerInterval = scan },
                Server = NameServerSettings.Default.Server with { ListenPort = port },
                Http = NameServerSettings.Default.Http with { HttpEnabled = false },
            },
            persist: false);
        _servers.Add(server);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private SimulatedBroker Broker(string name, string addr, string nameServers, string[] topics) =>
        Track(new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", name, 0, addr, addr + "2") { Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", name, topics) },
            new NameServerClientOptions { Addresses = nameServers, RequestTimeout = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(1) }));

    private SimulatedBroker Track(SimulatedBroker broker)
    {
        _brokers.Add(broker);
        return broker;
    }

    [Fact]
    public async Task Killed_broker_is_gone_from_routes_by_its_connection_close_long_before_any_scan()
    {
        // A one-hour scan: only the connection close can remove the broker.
        var server = await StartServerAsync(0, TimeSpan.FromHours(1));
        var broker = Broker("broker-a", "127.0.0.1:10911", $"127.0.0.1:{server.EndPoint.Port}", ["Killed"]);
        await broker.RegisterAsync();
        Assert.True(server.Core.Routes.TryGet("Killed", out _));

        var watch = Stopwatch.StartNew();
        broker.Crash();
        while (server.Core.Routes.TryGet("Killed", out _))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the route outlived the connection");
            await Task.Delay(1);
        }
        log.WriteLine($"route gone {watch.Elapsed.TotalMilliseconds:F1} ms after the broker's connection was reset");
    }

    [Fact]
    public async Task Restarted_nameserver_converges_while_clients_fail_over_when_one_of_three_restarts()
    {
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort()).ToArray();
        foreach (var port in ports)
        {
            await StartServerAsync(port, TimeSpan.FromSeconds(1));
        }
        var addresses = string.Join(";", ports.Select(p => $"127.0.0.1:{p}"));
        foreach (var (name, index) in new[] { "broker-a", "broker-b" }.Select((n, i) => (n, i)))
        {
            var broker = Broker(name, $"127.0.0.{index + 1}:10911", addresses, ["Converge"]);
            _ = broker.RunAsync(TimeSpan.FromMilliseconds(300), _stop.Token);
        }
        await Eventually(() => _servers.All(s => s.Core.Routes.TryGet("Converge", out var r) && r.Route.BrokerDatas.Count == 2));

        await _servers[1].DisposeAsync();
        await using (var client = new NameServerClient(new NameServerClientOptions { Addresses = addresses, RequestTimeout = TimeSpan.FromSeconds(1) }))
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(2, (await client.GetRouteInfoByTopicAsync("Converge")).BrokerDatas.Count);
            }
        }
        var restarted = await StartServerAsync(ports[1], TimeSpan.FromSeconds(1));

        await Eventually(() => restarted.Core.Routes.TryGet("Converge", out var r) && r.Route.BrokerDatas.Count == 2);
        Assert.True(_servers[0].Core.Routes.TryGet("Converge", out var expected));
        Assert.True(restarted.Core.Routes.TryGet("Converge", out var actual));
        Assert.Equal(
            expected.Route.BrokerDatas.Select(b => b.BrokerName + "=" + b.BrokerAddrs[0]).Order(),
            actual.Route.BrokerDatas.Select(b => b.BrokerName + "=" + b.BrokerAddrs[0]).Order());
    }

    [Fact]
    public async Task Kv_file_stays_whole_when_the_nameserver_process_is_killed_while_writing()
    {
        var kvPath = Path.Combine(_dir, "kvConfig.json");
        var value = new string('x', 200_000);
        for (var round = 0; round < 3; round++)
        {
            var port = FreePort();
            using var process = Process.Start(new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "namesrv.dll"), $"--listenPort={port}", $"--kvConfigPath={kvPath}",
                    $"--configStorePath={Path.Combine(_dir, "namesrv.properties")}", $"--maxKvValueSize=1MiB",
                    // A free port for the HTTP listener too: the default (listenPort + 1) may be anyone's.
                    "--httpPort=0",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var acknowledged = -1;
            try
            {
                await using var client = new NameServerClient(new NameServerClientOptions { Addresses = $"127.0.0.1:{port}" });
                await Eventually(async () =>
                {
                    try
                    {
                        await client.GetKvListByNamespaceAsync("ns");
                        return true;
                    }
                    catch (RemotingException)
                    {
                        return false;
                    }
                });
                var killAfter = TimeSpan.FromMilliseconds(200 + (round * 150));
                var watch = Stopwatch.StartNew();
                for (var i = 0; watch.Elapsed < killAfter; i++)
                {
                    await client.PutKvConfigAsync("ns", "k", $"{round}-{i}-{value}");
                    acknowledged = i;
                }
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            // The file parses, and holds the last acknowledged value or the one being written when the process died.
            var stored = KvConfigFile.Load(kvPath).Get("ns", "k")!;
            var index = int.Parse(stored.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"{round}-", stored);
            Assert.InRange(index, acknowledged, acknowledged + 1);
            log.WriteLine($"round {round}: killed after {acknowledged + 1} acknowledged writes; file holds write {index}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(50);
        }
    }
}
