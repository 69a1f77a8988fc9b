using System.Net;
using System.Text.Json;
using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>Two real NameServers, one watching the other as its peer, compared over the remoting port.</summary>
public sealed class PeerRouteWatcherTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private NameServerService _peer = null!;
    private NameServerService _server = null!;
    private string _closedPort = "";

    public async Task InitializeAsync()
    {
        _peer = new NameServerService(TestSettings.Loopback, persist: false);
        await _peer.StartAsync(CancellationToken.None);
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _closedPort = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        }
        // A long interval: the test triggers each check itself.
        _server = new NameServerService(
            TestSettings.WithFreeHttpPort.WithHttp(h => h with { PeerNamesrvAddrs = [$"{_peer.EndPoint}", _closedPort], PeerCheckInterval = TimeSpan.FromHours(1) }),
            persist: false, peerReader: TestSettings.PeerReader);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _peer.DisposeAsync();
    }

    private static async Task RegisterAsync(NameServerService server, RawConnection connection, params string[] topics) =>
        Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", topics))).Code);

    [Fact]
    public async Task Peers_are_same_then_differ_then_unreachable_is_reported_when_routes_and_peers_change()
    {
        await using var toServer = await RawConnection.ConnectAsync(_server.EndPoint);
        await using var toPeer = await RawConnection.ConnectAsync(_peer.EndPoint);
        await RegisterAsync(_server, toServer, "T1", "T2");
        await RegisterAsync(_peer, toPeer, "T1", "T2");

        await _server.Peers!.CheckAsync(CancellationToken.None);
        var same = _server.Peers.Statuses;

        Assert.Equal("same", same[0].Status);
        Assert.Equal(_server.Core.Routes.TableDigest(), same[0].TableDigest);
        Assert.Equal("unreachable", same[1].Status);
        Assert.NotNull(same[1].Error);

        await RegisterAsync(_peer, toPeer, "T1", "T2", "OnlyOnPeer");
        await _server.Peers.CheckAsync(CancellationToken.None);

        using var response = await Http.GetAsync(new Uri($"http://{_server.HttpEndPoint}/api/overview"));
        var peers = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("peers");
        Assert.Equal("differs", peers[0].GetProperty("status").GetString());
        Assert.Equal(1, peers[0].GetProperty("differingTopicCount").GetInt32());
        Assert.Equal(["OnlyOnPeer"], peers[0].GetProperty("differingTopics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(_closedPort, peers[1].GetProperty("address").GetString());
        Assert.Equal("unreachable", peers[1].GetProperty("status").GetString());

        using var metrics = await Http.GetAsync(new Uri($"http://{_server.HttpEndPoint}/metrics"));
        var exposition = PrometheusText.Parse(await metrics.Content.ReadAsStringAsync());
        Assert.Equal(1, exposition.Value("namesrv_peers", ("status", "differs")));
        Assert.Equal(1, exposition.Value("namesrv_peers", ("status", "unreachable")));
        Assert.Equal(0, exposition.Value("namesrv_peers", ("status", "same")));
    }

    [Fact]
    public async Task Peer_is_same_when_a_difference_is_gone_by_the_recheck()
    {
        await using var toServer = await RawConnection.ConnectAsync(_server.EndPoint);
        await using var toPeer = await RawConnection.ConnectAsync(_peer.EndPoint);
        await RegisterAsync(_server, toServer, "T1", "T2");
        await RegisterAsync(_peer, toPeer, "T1", "T2", "InFlight");
        var clock = new Client.Tests.Support.ObservedTimeProvider();
        await using var watcher = new PeerRouteWatcher(
            [_peer.EndPoint.ToString()], TestSettings.PeerReader, _server.Core.Routes, TimeSpan.FromSeconds(30), clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var check = watcher.CheckAsync(CancellationToken.None);
        // The first look saw the difference and waits on the clock before looking again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (clock.ArmedTimers == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(1, clock.ArmedTimers);
        await RegisterAsync(_server, toServer, "T1", "T2", "InFlight");
        clock.Advance(watcher.RecheckDelay);
        await check.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("same", Assert.Single(watcher.Statuses).Status);
    }
}
