using System.Net;
using Microsoft.Playwright;
using NameServer.Actors.Client;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>
/// The dashboard in a real headless chromium against an in-process NameServer: brokers appear and disappear live,
/// a lost connection is shown and recovered from. Screenshots land in <see cref="HeadlessChromium.ArtifactsDirectory"/>.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 10_000 };

    private readonly List<NameServerService> _servers = [];
    private readonly List<SimulatedBroker> _brokers = [];
    private HeadlessChromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<NameServerService> StartServerAsync(int httpPort = 0)
    {
        // A one-hour scan: only the broker's connection close can remove it, as when a broker process is killed.
        var server = new NameServerService(
            new NamesrvOptions { ScanNotActiveBrokerInterval = TimeSpan.FromHours(1) }, new ServerOptions { ListenPort = 0 },
            persist: false, http: new HttpApiOptions { HttpPort = httpPort });
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
        var page = await _chromium.NewPageAsync();
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
        var page = await _chromium.NewPageAsync();
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
        var page = await _chromium.NewPageAsync();
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
    public async Task Dashboard_fits_laptop_screen_without_horizontal_scrolling_when_loaded()
    {
        var server = await StartServerAsync();
        await Broker(server, "broker-with-a-rather-long-group-name", "127.0.0.1:10911", "Topic-With-A-Rather-Long-Name-For-A-Laptop-Screen").RegisterAsync();
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(Url(server.HttpEndPoint));
        await Expect(page.GetByTestId("broker")).ToHaveCountAsync(1, Count);
        await Expect(page.GetByTestId("topic")).Not.ToHaveCountAsync(0, new() { Timeout = 10_000 });

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");

        Assert.False(overflow, "the dashboard scrolls horizontally at 1366x768");
    }
}
