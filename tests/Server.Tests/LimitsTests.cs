using System.Diagnostics;
using System.Net.Http;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Tests;

/// <summary>Each limit is a documented <see cref="ServerSettings"/> setting; these tests prove them over real sockets.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "limits-" + Guid.NewGuid().ToString("N"));
    private readonly List<NameServerService> _servers = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<NameServerService> StartAsync(Func<ServerSettings, ServerSettings> limits, TimeProvider? time = null, bool persist = false)
    {
        var server = new NameServerService(TestSettings.Loopback.WithServer(limits).WithFilesIn(_dir), time: time, persist: persist);
        _servers.Add(server);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static RemotingCommand PutKv(string value) =>
        ServerTestBase.Request(RequestCode.PutKvConfig, new ExtFields().Set("namespace", "ns").Set("key", "k").Set("value", value));

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_closes_connections_beyond_max_connections_when_limit_reached(RemotingTransport transport)
    {
        var server = await StartAsync(s => s with { RemotingTransport = transport, MaxConnections = 2 });
        await using var first = await RawConnection.ConnectAsync(server.EndPoint);
        await using var second = await RawConnection.ConnectAsync(server.EndPoint);
        Assert.Equal(ResponseCode.TopicNotExist, (await first.InvokeAsync(ServerTestBase.RouteRequest("T"))).Code);
        Assert.Equal(ResponseCode.TopicNotExist, (await second.InvokeAsync(ServerTestBase.RouteRequest("T"))).Code);

        var refused = await RawConnection.IsRefusedByServerAsync(server.EndPoint, TimeSpan.FromSeconds(5));

        Assert.True(refused);
        Assert.Equal(ResponseCode.TopicNotExist, (await first.InvokeAsync(ServerTestBase.RouteRequest("T"))).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    public async Task Server_answers_every_route_whole_when_the_route_body_budget_holds_none_or_few_bodies(long budget)
    {
        var server = await StartAsync(s => s with { RouteBodyCacheBytes = budget });
        // Four brokers with two topics each: four routes, four bodies. A broker's routes last while its connection does.
        var brokers = new List<RawConnection>();
        for (var i = 0; i < 4; i++)
        {
            var broker = await RawConnection.ConnectAsync(server.EndPoint);
            brokers.Add(broker);
            var registration = ServerTestBase.Registration($"broker-{i}", 0, $"127.0.0.{i + 1}:10911", [$"Budget-{i}", $"Budget-{i}-b"]);
            var registered = await broker.InvokeAsync(registration);
            Assert.True(registered.Code == ResponseCode.Success, registered.Remark);
        }
        await using var client = await RawConnection.ConnectAsync(server.EndPoint);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                var answer = await client.InvokeAsync(ServerTestBase.RouteRequest($"Budget-{i}"));
                Assert.Equal(ResponseCode.Success, answer.Code);
                Assert.Contains($"broker-{i}", Encoding.UTF8.GetString(answer.Body.Span), StringComparison.Ordinal);
            }
        }
        Assert.InRange(server.Core.Routes.BodyCacheBytes, 0, budget);
        foreach (var broker in brokers)
        {
            await broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Server_refuses_kv_value_when_larger_than_max_kv_value_size()
    {
        var server = await StartAsync(s => s with { MaxKvValueSize = 10 });
        await using var admin = await RawConnection.ConnectAsync(server.EndPoint);

        var small = await admin.InvokeAsync(PutKv("0123456789"));
        var large = await admin.InvokeAsync(PutKv("01234567890"));

        Assert.Equal(ResponseCode.Success, small.Code);
        Assert.Equal(ResponseCode.SystemError, large.Code);
        Assert.Contains("maxKvValueSize", large.Remark);
    }

    [Fact]
    public async Task Server_refuses_registration_when_it_carries_more_than_max_topics()
    {
        var server = await StartAsync(s => s with { MaxTopicsPerRegistration = 3 });
        await using var broker = await RawConnection.ConnectAsync(server.EndPoint);

        var accepted = await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "127.0.0.1:10911", ["A", "B", "C"]));
        var refused = await broker.InvokeAsync(ServerTestBase.Registration("broker-b", 0, "127.0.0.2:10911", ["A", "B", "C", "D"]));

        Assert.Equal(ResponseCode.Success, accepted.Code);
        Assert.Equal(ResponseCode.SystemError, refused.Code);
        Assert.Contains("maxTopicsPerRegistration", refused.Remark);
        Assert.False(server.Core.Routes.TryGet("D", out _));
    }

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_keeps_a_pipelining_connection_when_each_frame_completes_within_the_deadline(RemotingTransport transport)
    {
        var clock = new FakeTimeProvider();
        var server = await StartAsync(s => s with { FrameReadTimeoutSeconds = 5, ServerChannelMaxIdleTimeSeconds = 120, RemotingTransport = transport }, clock);
        await using var client = await RawConnection.ConnectAsync(server.EndPoint);
        var requests = Enumerable.Range(0, 7).Select(_ => ServerTestBase.RouteRequest("T")).ToList();
        var frames = requests.Select(RemotingCommandWriter.ToArray).ToList();

        // Each write ends one frame and starts the next; 2 s pass between writes, 12 s in all against a 5 s deadline.
        // (2 s, not more: the answer may reach us just before the server notes when the next frame started, and the
        // clock must not pass the deadline of the frame before in that moment.)
        await client.SendRawAsync([.. frames[0], .. frames[1][..10]]);
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal(requests[i - 1].Opaque, (await client.ReceiveAsync(TimeSpan.FromSeconds(10))).Opaque);
            clock.Advance(TimeSpan.FromSeconds(2));
            await client.SendRawAsync(i + 1 < frames.Count ? [.. frames[i][10..], .. frames[i + 1][..10]] : frames[i][10..]);
        }

        Assert.Equal(requests[^1].Opaque, (await client.ReceiveAsync(TimeSpan.FromSeconds(10))).Opaque);
    }

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_closes_slow_sender_when_frame_is_incomplete_past_the_deadline(RemotingTransport transport)
    {
        var clock = new FakeTimeProvider();
        var server = await StartAsync(s => s with { FrameReadTimeoutSeconds = 5, ServerChannelMaxIdleTimeSeconds = 120, RemotingTransport = transport }, clock);
        await using var slow = await RawConnection.ConnectAsync(server.EndPoint);
        var frame = RemotingCommandWriter.ToArray(ServerTestBase.RouteRequest("T"));

        await slow.SendRawAsync(frame[..10]);
        await Task.Delay(100);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await slow.IsClosedByServerAsync(TimeSpan.FromMilliseconds(200)));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await slow.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Server_answers_system_busy_for_a_full_class_while_route_reads_are_served()
    {
        var server = await StartAsync(s => s with { AdminWriteQueueCapacity = 0 });
        await using var connection = await RawConnection.ConnectAsync(server.EndPoint);
        Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "127.0.0.1:10911", ["A", "B"]))).Code);

        var busy = await connection.InvokeAsync(PutKv("v"));
        var route = await connection.InvokeAsync(ServerTestBase.RouteRequest("A"));

        Assert.Equal(ResponseCode.SystemBusy, busy.Code);
        Assert.Equal(RequestClassLimiter.OverloadRemark, busy.Remark);
        Assert.Equal(ResponseCode.Success, route.Code);
    }

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_answers_route_reads_before_a_registration_storm_queued_ahead_of_them_completes(RemotingTransport transport)
    {
        var server = await StartAsync(s => s with { RemotingTransport = transport });
        await using var connection = await RawConnection.ConnectAsync(server.EndPoint);
        Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "127.0.0.1:10911", ["A", "B"]))).Code);
        var topics = Enumerable.Range(0, 2000).Select(i => $"Storm-{i}").ToArray();
        var storm = Enumerable.Range(0, 40).Select(i => ServerTestBase.Registration($"storm-{i}", 0, $"127.0.1.{i}:10911", topics)).ToList();
        var route = ServerTestBase.RouteRequest("A");

        // 40 large registrations, then one route read, in a single write on one connection.
        await connection.SendRawAsync([.. storm.SelectMany(RemotingCommandWriter.ToArray), .. RemotingCommandWriter.ToArray(route)]);
        var order = new List<int>();
        for (var i = 0; i < storm.Count + 1; i++)
        {
            order.Add((await connection.ReceiveAsync(TimeSpan.FromSeconds(30))).Opaque);
        }

        Assert.True(order.IndexOf(route.Opaque) < order.IndexOf(storm[^1].Opaque), "the route read waited for the registration storm");
    }

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_answers_system_busy_when_connection_exceeds_max_in_flight(RemotingTransport transport)
    {
        var server = await StartAsync(s => s with { RemotingTransport = transport, MaxInFlightPerConnection = 1 }, persist: true);
        // A KV file that is a FIFO stands for a disk that hangs: the KV actor blocks copying it to .bak.
        var fifo = Path.Combine(_dir, "kvConfig.json");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }
        await using var admin = await RawConnection.ConnectAsync(server.EndPoint);
        var stuck = PutKv("first");
        await admin.SendAsync(stuck);
        await Task.Delay(200);

        var busy = await admin.InvokeAsync(PutKv("second"));

        Assert.Equal(ResponseCode.SystemBusy, busy.Code);
        Assert.Contains("maxInFlightPerConnection", busy.Remark);
        await using (var release = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            await release.WriteAsync(Encoding.UTF8.GetBytes("{}"));
        }
        var answer = await admin.ReceiveAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(stuck.Opaque, answer.Opaque);
        Assert.Equal(ResponseCode.Success, answer.Code);
    }

    [Fact]
    public async Task Server_reports_readiness_over_http_when_health_port_is_set()
    {
        var port = FreePort();
        var server = await StartAsync(s => s with { HealthPort = port });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var ready = await http.GetAsync("/ready");
        server.Lifecycle.MoveTo(ServerState.Draining);
        var draining = await http.GetAsync("/ready");
        var live = await http.GetAsync("/live");
        server.Lifecycle.MoveTo(ServerState.Ready);

        Assert.Equal(200, (int)ready.StatusCode);
        Assert.Equal(503, (int)draining.StatusCode);
        Assert.Contains("Draining", await draining.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)live.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
