using System.Net;
using NameServer.Actors.Protocol;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>Known traffic over real sockets, then <c>/metrics</c> scraped over HTTP and its values checked.</summary>
public sealed class MetricsEndpointTests : ServerTestBase
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    protected override NameServerSettings Settings() => TestSettings.WithFreeHttpPort;

    private Uri Url(string path) => new($"http://{Server.HttpEndPoint}{path}");

    private async Task<PromExposition> ScrapeAsync()
    {
        using var response = await Http.GetAsync(Url("/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double RouteDigestOf(string digest) => Protocol.Model.RouteDigest.ToMetricValue(digest);

    [Fact]
    public async Task Metrics_counts_requests_by_code_and_result_when_known_traffic_was_sent()
    {
        await using var connection = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(Registration("broker-a", 0, "10.0.0.1:10911", ["T1", "T2"]))).Code);
        Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(Registration("broker-a", 0, "10.0.0.1:10911", ["T1", "T2"]))).Code);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(RouteRequest("T1"))).Code);
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ResponseCode.TopicNotExist, (await connection.InvokeAsync(RouteRequest("missing"))).Code);
        }
        Assert.Equal(ResponseCode.RequestCodeNotSupported, (await connection.InvokeAsync(Request(9999))).Code);

        var metrics = await ScrapeAsync();

        Assert.Equal(5, metrics.Value("namesrv_requests_total", ("code", "105"), ("result", "SUCCESS")));
        Assert.Equal(3, metrics.Value("namesrv_requests_total", ("code", "105"), ("result", "TOPIC_NOT_EXIST")));
        Assert.Equal(2, metrics.Value("namesrv_requests_total", ("code", "103"), ("result", "SUCCESS")));
        Assert.Equal(1, metrics.Value("namesrv_requests_total", ("code", "other"), ("result", "REQUEST_CODE_NOT_SUPPORTED")));
        Assert.Equal(1, metrics.Value("namesrv_registrations_total", ("result", "changed")));
        Assert.Equal(1, metrics.Value("namesrv_registrations_total", ("result", "refreshed")));
        Assert.Equal(8, metrics.Value("namesrv_request_duration_seconds_count", ("class", "route_read")));
        Assert.Equal(2, metrics.Value("namesrv_request_duration_seconds_count", ("class", "broker_control")));
        Assert.Equal(1, metrics.Value("namesrv_brokers_live"));
        Assert.Equal(2, metrics.Value("namesrv_topics"));
        Assert.Equal(1, metrics.Value("namesrv_connections"));
        Assert.Equal(RouteDigestOf(Server.Core.Routes.TableDigest()), metrics.Value("namesrv_route_table_digest"));
    }

    [Fact]
    public async Task Metrics_counts_a_removal_by_cause_when_a_broker_connection_closes()
    {
        await using (var connection = await ConnectAsync())
        {
            Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(Registration("broker-a", 0, "10.0.0.1:10911", ["T1", "T2"]))).Code);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        PromExposition metrics;
        do
        {
            await Task.Delay(20);
            metrics = await ScrapeAsync();
        }
        while (!metrics.HasFamily("namesrv_broker_removals_total") && DateTime.UtcNow < deadline);

        Assert.Equal(1, metrics.Value("namesrv_broker_removals_total", ("cause", "connection_closed")));
        Assert.Equal(0, metrics.Value("namesrv_brokers_live"));
        Assert.Equal(0, metrics.Value("namesrv_topics"));
    }

    [Fact]
    public async Task Metrics_counts_actors_and_mailboxes_per_kind_when_a_broker_is_connected()
    {
        await using var connection = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await connection.InvokeAsync(Registration("broker-a", 0, "10.0.0.1:10911", ["T1", "T2"]))).Code);

        var metrics = await ScrapeAsync();

        // Counted by the Akka counting mailboxes: one session for the one connection, one of each routing actor.
        Assert.Equal(1, metrics.Value("namesrv_actors", ("kind", "BrokerSession")));
        Assert.Equal(1, metrics.Value("namesrv_actors", ("kind", "RouteTable")));
        Assert.Equal(1, metrics.Value("namesrv_actors", ("kind", "NameServerRoot")));
        Assert.Equal(1, metrics.Value("namesrv_actors", ("kind", "MinBrokerIdNotifier")));
        Assert.Equal(0, metrics.Value("namesrv_mailbox_depth", ("kind", "RouteTable")));
        Assert.Equal(0, metrics.Value("namesrv_timer_late_ticks_total"));
        Assert.True(metrics.HasFamily("namesrv_dead_letters_total"));
    }
}

/// <summary>Overload refusals are counted by class and reason.</summary>
public sealed class RejectionMetricsTests : ServerTestBase
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    // A capacity of 0 refuses every admin write: a deterministic overload.
    protected override NameServerSettings Settings() => TestSettings.WithFreeHttpPort.WithServer(s => s with { AdminWriteQueueCapacity = 0 });

    [Fact]
    public async Task Metrics_counts_queue_full_refusals_by_class_when_a_class_is_at_capacity()
    {
        await using var connection = await ConnectAsync();
        for (var i = 0; i < 2; i++)
        {
            var answer = await connection.InvokeAsync(Request(
                RequestCode.PutKvConfig, new Protocol.Headers.ExtFields().Set("namespace", "ns").Set("key", "k").Set("value", "v")));
            Assert.Equal(ResponseCode.SystemBusy, answer.Code);
        }

        var metrics = PrometheusText.Parse(await Http.GetStringAsync(new Uri($"http://{Server.HttpEndPoint}/metrics")));

        Assert.Equal(2, metrics.Value("namesrv_requests_rejected_total", ("class", "admin_write"), ("reason", "queue_full")));
        Assert.Equal(2, metrics.Value("namesrv_requests_total", ("code", "100"), ("result", "SYSTEM_BUSY")));
    }
}
