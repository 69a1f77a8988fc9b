using System.Net;
using Microsoft.Playwright;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>
/// The dashboard in a real headless chromium against an in-process NameServer: brokers appear and disappear live,
/// a lost connection is shown and recovered from. Screenshots land in <see cref="HeadlessChromium.ArtifactsDirectory"/>;
/// the README's <c>docs/dashboard.png</c> is a copy of <c>dashboard-overview.png</c>.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 10_000 };

    private static readonly Group[] s_groups =
    [
        new("TradeCluster", "broker-trade-a", "10.20.1.11", "10.20.1.12", MqVersion.V5_3_3,
            ["OrderCreated", "OrderPaid", "OrderCancelled", "OrderShipped", "PaymentRequested", "PaymentSettled",
             "RefundIssued", "CartUpdated", "%RETRY%order-service", "%DLQ%order-service", "RMQ_SYS_TRANS_HALF_TOPIC"]),
        new("TradeCluster", "broker-trade-b", "10.20.1.21", "10.20.1.22", MqVersion.V5_3_3,
            ["OrderCreated", "OrderPaid", "PaymentRequested", "PaymentSettled", "InvoiceIssued", "CouponRedeemed",
             "%RETRY%payment-service", "%RETRY%billing-service", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC"]),
        new("LogisticsCluster", "broker-logistics-a", "10.20.2.11", "10.20.2.12", MqVersion.V4_9_8,
            ["ShipmentCreated", "ParcelScanned", "ParcelDelivered", "DeliveryFailed", "WarehouseStockChanged",
             "%RETRY%tracking-service", "%DLQ%tracking-service", "SCHEDULE_TOPIC_XXXX"]),
        new("LogisticsCluster", "broker-logistics-b", "10.20.2.21", "10.20.2.22", MqVersion.V4_9_8,
            ["ShipmentCreated", "ParcelScanned", "RouteOptimized", "CourierAssigned", "ReturnRequested",
             "%RETRY%dispatch-service", "SCHEDULE_TOPIC_XXXX"]),
    ];

    private readonly List<NameServerService> _servers = [];
    private readonly List<SimulatedBroker> _brokers = [];
    private HeadlessChromium? _chromium;

    private HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("chromium was not launched");

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private Task<NameServerService> StartServerAsync(int httpPort = 0) => StartServerAsync(TestSettings.WithFreeHttpPort.Http with { HttpPort = httpPort });

    private async Task<NameServerService> StartServerAsync(HttpSettings? http)
    {
        // A one-hour scan: only the broker's connection close can remove it, as when a broker process is killed.
        var settings = TestSettings.Loopback.WithNamesrv(n => n with { ScanNotActiveBrokerInterval = TimeSpan.FromHours(1) });
        var server = new NameServerService(http is null ? settings : settings with { Http = http }, persist: false, peerReader: TestSettings.PeerReader);
        _servers.Add(server);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private SimulatedBroker Broker(NameServerService server, string name, string addr, params string[] topics)
    {
        var broker = new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", name, 0, addr, addr.Replace(":10911", ":10912", StringComparison.Ordinal))
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", name, topics),
            },
            new NameServerClientOptions { Addresses = $"127.0.0.1:{server.EndPoint.Port}", RequestTimeout = TimeSpan.FromSeconds(5) });
        _brokers.Add(broker);
        return broker;
    }

    private static string Url(IPEndPoint http) => $"http://127.0.0.1:{http.Port}/?refresh=500";

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(HeadlessChromium.ArtifactsDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        log.WriteLine($"screenshot: {path}");
    }

    private static ILocator BrokerRow(IPage page, string name, string address) =>
        page.Locator($"[data-testid=broker][data-broker-name=\"{name}\"][data-address=\"{address}\"]");

    [Fact]
    public async Task Dashboard_removes_broker_row_when_broker_crashes()
    {
        var server = await StartServerAsync();
        var broker = Broker(server, "broker-a", "127.0.0.1:10911", "DashboardOrders");
        await broker.RegisterAsync();
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync(Url(server.HttpEndPoint));

        var row = BrokerRow(page, "broker-a", "127.0.0.1:10911");
        await Expect(row).ToBeVisibleAsync(Visible);
        await Expect(row).ToHaveAttributeAsync("data-broker-id", "0");
        await Expect(row).ToContainTextAsync("master");
        await Expect(page.GetByTestId("updated")).Not.ToHaveTextAsync("never");
        await ScreenshotAsync(page, "dashboard-broker-registered.png");

        broker.Crash();

        await Expect(row).ToHaveCountAsync(0, Count);
        await Expect(page.GetByTestId("broker")).ToHaveCountAsync(0, Count);
        await ScreenshotAsync(page, "dashboard-broker-crashed.png");
    }

    [Fact]
    public async Task Dashboard_shows_route_of_topic_when_searched_and_clicked()
    {
        var server = await StartServerAsync();
        await Broker(server, "broker-a", "127.0.0.1:10911", "DashboardOrders", "DashboardPayments").RegisterAsync();
        await Broker(server, "broker-b", "127.0.0.2:10911", "DashboardOrders").RegisterAsync();
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync(Url(server.HttpEndPoint));

        await page.GetByTestId("topic-search").FillAsync("dashboardord");
        var topic = page.GetByTestId("topic");
        await Expect(topic).ToHaveCountAsync(1, Count);
        await topic.ClickAsync();

        await Expect(page.GetByTestId("route-topic")).ToHaveTextAsync("DashboardOrders", new() { Timeout = 10_000 });
        await Expect(page.Locator("[data-testid=route-broker]")).ToHaveCountAsync(2, Count);
        await Expect(page.GetByTestId("route")).ToContainTextAsync("127.0.0.2:10911");
        await Expect(page.GetByTestId("route-digest")).Not.ToHaveTextAsync("–");
        await ScreenshotAsync(page, "dashboard-route.png");
    }

    [Fact]
    public async Task Dashboard_shows_connection_lost_until_server_is_back_when_server_stops()
    {
        var server = await StartServerAsync();
        var http = server.HttpEndPoint;
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync(Url(http));
        var banner = page.GetByTestId("connection-lost");
        await Expect(page.GetByTestId("state")).ToHaveTextAsync("Ready", new() { Timeout = 10_000 });
        await Expect(banner).ToBeHiddenAsync();

        await server.DisposeAsync();

        await Expect(banner).ToBeVisibleAsync(Visible);
        await ScreenshotAsync(page, "dashboard-connection-lost.png");

        await StartServerAsync(http.Port);

        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("state")).ToHaveTextAsync("Ready", new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Dashboard_shows_busy_two_cluster_deployment_on_laptop_screen_without_horizontal_scrolling()
    {
        // The README's picture (docs/dashboard.png is a copy of dashboard-overview.png): two clusters of master and
        // slave groups registered with this NameServer and a peer, route traffic that rises and falls.
        var peer = await StartServerAsync(http: null);
        var server = await StartServerAsync(TestSettings.WithFreeHttpPort.Http with
        {
            PeerNamesrvAddrs = [$"127.0.0.1:{peer.EndPoint.Port}"],
            PeerCheckInterval = TimeSpan.FromSeconds(1),
        });
        var nameServers = $"127.0.0.1:{server.EndPoint.Port};127.0.0.1:{peer.EndPoint.Port}";
        using var stop = new CancellationTokenSource();
        var running = new List<Task>();
        foreach (var (group, index) in s_groups.Select((g, i) => (g, i)))
        {
            foreach (var (id, host) in new[] { (0L, group.Master), (1L, group.Slave) })
            {
                var broker = new SimulatedBroker(
                    new SimulatedBrokerOptions(group.Cluster, group.Name, id, $"{host}:10911", $"{host}:10912")
                    {
                        Topics = SimulatedBroker.BuildTopicTable(group.Cluster, group.Name, group.Topics),
                    },
                    new NameServerClientOptions { Addresses = nameServers, Version = group.Version });
                _brokers.Add(broker);
                await broker.RegisterAsync();
                // Different periods spread the heartbeat ages a little, as brokers started at different times do.
                running.Add(broker.RunAsync(TimeSpan.FromSeconds(3 + index + id * 2), stop.Token));
            }
        }
        var topics = s_groups.SelectMany(g => g.Topics).Distinct().ToArray();
        running.Add(RouteTrafficAsync(server, topics, stop.Token));

        var page = await Chromium.NewPageAsync();
        await page.GotoAsync(Url(server.HttpEndPoint));
        await Expect(page.GetByTestId("broker")).ToHaveCountAsync(2 * s_groups.Length, Count);
        await Expect(page.GetByTestId("cluster")).ToHaveCountAsync(2, Count);
        await Expect(page.Locator("[data-testid=peer][data-status=same]")).ToBeVisibleAsync(Visible);
        await page.GetByTestId("topic").Filter(new() { HasText = "OrderPaid" }).ClickAsync();
        await Expect(page.GetByTestId("route-topic")).ToHaveTextAsync("OrderPaid", new() { Timeout = 10_000 });
        // Long enough for the sparkline to show a few rises and falls.
        await Task.Delay(TimeSpan.FromSeconds(12));
        await Expect(page.GetByTestId("rate-total")).Not.ToHaveTextAsync("0.00");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "dashboard-overview.png");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");

        await stop.CancelAsync();
        await Task.WhenAll(running);
        Assert.False(overflow, "the dashboard scrolls horizontally at 1366x768");
    }

    /// <summary>Route lookups in waves (busier and quieter seconds), with the odd unknown topic and cluster listing.</summary>
    private static async Task RouteTrafficAsync(NameServerService server, string[] topics, CancellationToken stop)
    {
        await using var client = new NameServerClient(new NameServerClientOptions { Addresses = $"127.0.0.1:{server.EndPoint.Port}" });
        var start = TimeProvider.System.GetTimestamp();
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    _ = i % 5_000 == 0
                        ? await client.GetRouteInfoByTopicAsync("RetiredTopic", cancellationToken: stop)
                        : await client.GetRouteInfoByTopicAsync(topics[i % topics.Length], cancellationToken: stop);
                }
                catch (NameServerException)
                {
                    // The unknown topic: an error answer, counted as such.
                }
                if (i % 200 == 0)
                {
                    await client.GetBrokerClusterInfoAsync(cancellationToken: stop);
                }
                if (i % 4 == 0)
                {
                    // A pause of 1 to 7 ms every 4 requests: a few thousand a second, rising and falling.
                    var seconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds;
                    await Task.Delay(TimeSpan.FromMilliseconds(1 + (int)(3 * (1 + Math.Sin(seconds * 0.9)))), stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done.
        }
    }

    private sealed record Group(string Cluster, string Name, string Master, string Slave, int Version, string[] Topics);
}
