using System.Net;
using System.Text.Json;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>The read-only HTTP API over a real listener, after real registrations on the remoting port.</summary>
public sealed class HttpApiTests : ServerTestBase
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    // A port free a moment ago, chosen again on every start attempt (ServerTestBase retries one taken meanwhile).
    protected override NameServerSettings Settings()
    {
        _healthPort = FreePort();
        return TestSettings.WithFreeHttpPort
            .WithHttp(h => h with { NsAddrList = ["10.0.0.1:9876", "10.0.0.2:9876"] })
            .WithServer(s => s with { HealthPort = _healthPort });
    }

    private int _healthPort;

    private Uri Url(string path, IPEndPoint? endPoint = null) => new($"http://{endPoint ?? Server.HttpEndPoint}{path}");

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(Url(path));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    // One connection kept open until the test ends, so the brokers stay live while the test reads.
    private async Task RegisterAsync()
    {
        _keepAlive = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await _keepAlive.InvokeAsync(Registration("broker-a", 0, "10.0.0.1:10911", ["T1", "T2", "Other"]))).Code);
        Assert.Equal(ResponseCode.Success, (await _keepAlive.InvokeAsync(Registration("broker-a", 1, "10.0.0.2:10911", ["T1", "T2", "Other"]))).Code);
        var old = await _keepAlive.InvokeAsync(Registration("broker-b", 0, "10.0.0.3:10911", ["T1", "B1"], cluster: "c2", v5: false));
        Assert.True(old.Code == ResponseCode.Success, old.Remark);
        var wiped = await _keepAlive.InvokeAsync(Request(RequestCode.WipeWritePermOfBroker, new Protocol.Headers.ExtFields().Set("brokerName", "broker-b")));
        Assert.True(wiped.Code == ResponseCode.Success, wiped.Remark);
    }

    private RawConnection? _keepAlive;

    [Fact]
    public async Task Overview_shows_clusters_groups_and_brokers_with_liveness_version_topics_and_permission_when_brokers_registered()
    {
        await RegisterAsync();

        var (status, json) = await GetJsonAsync("/api/overview");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Ready", json.GetProperty("nameServer").GetProperty("state").GetString());
        Assert.Equal(Server.EndPoint.ToString(), json.GetProperty("nameServer").GetProperty("address").GetString());
        Assert.Equal(Server.Core.Routes.TableDigest(), json.GetProperty("tableDigest").GetString());
        Assert.Equal(4, json.GetProperty("topicCount").GetInt32());
        Assert.Equal(3, json.GetProperty("liveBrokerCount").GetInt32());
        var clusters = json.GetProperty("clusters").EnumerateArray().ToList();
        Assert.Equal(["DefaultCluster", "c2"], clusters.Select(c => c.GetProperty("name").GetString()));
        var groupA = Assert.Single(clusters[0].GetProperty("brokerGroups").EnumerateArray());
        Assert.Equal("broker-a", groupA.GetProperty("name").GetString());
        var brokers = groupA.GetProperty("brokers").EnumerateArray().ToList();
        Assert.Equal([0L, 1L], brokers.Select(b => b.GetProperty("id").GetInt64()));
        Assert.Equal("10.0.0.2:10911", brokers[1].GetProperty("address").GetString());
        Assert.Equal("V5_3_3", brokers[0].GetProperty("version").GetString());
        Assert.Equal(3, brokers[0].GetProperty("topicCount").GetInt32());
        Assert.True(brokers[0].GetProperty("writable").GetBoolean());
        Assert.InRange(brokers[0].GetProperty("lastHeartbeatAgeSeconds").GetDouble(), 0, 60);
        var brokerB = clusters[1].GetProperty("brokerGroups")[0].GetProperty("brokers")[0];
        Assert.Equal("V4_9_8", brokerB.GetProperty("version").GetString());
        Assert.False(brokerB.GetProperty("writable").GetBoolean());
        var requests = json.GetProperty("requests");
        Assert.True(requests.GetProperty("byClass").GetProperty("brokerControl").GetInt64() >= 3);
        Assert.True(requests.GetProperty("byClass").GetProperty("adminWrite").GetInt64() >= 1);
        Assert.Equal(requests.GetProperty("byClass").EnumerateObject().Sum(c => c.Value.GetInt64()), requests.GetProperty("total").GetInt64());
        Assert.Empty(json.GetProperty("peers").EnumerateArray());
    }

    [Fact]
    public async Task Brokers_and_clusters_list_every_address_when_brokers_registered()
    {
        await RegisterAsync();

        var (_, brokers) = await GetJsonAsync("/api/brokers");
        var (_, clusters) = await GetJsonAsync("/api/clusters");

        var list = brokers.GetProperty("brokers").EnumerateArray().ToList();
        Assert.Equal(3, list.Count);
        Assert.Equal("10.0.0.1:10912", list[0].GetProperty("haServerAddress").GetString());
        Assert.Equal(120_000, list[0].GetProperty("heartbeatTimeoutMillis").GetInt64());
        Assert.Equal(1, list[0].GetProperty("dataVersion").GetProperty("counter").GetInt64());
        Assert.Equal(0, list[2].GetProperty("writableTopicCount").GetInt32());
        Assert.Equal(["broker-a"], clusters.GetProperty("clusters").GetProperty("DefaultCluster").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["broker-b"], clusters.GetProperty("clusters").GetProperty("c2").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Brokers_show_a_captured_5x_broker_writable_until_its_write_permission_is_wiped()
    {
        // The 5.3.3 broker's own registration (its rmq_sys_SYNC_BROKER_MEMBER_broker-b topic has perm 1), then the
        // 5.3.3 mqadmin's wipeWritePerm and addWritePerm, byte for byte as recorded against the Java NameServer.
        var capture = Path.Combine(AppContext.BaseDirectory, "Captures", "java-5.3.3");
        _keepAlive = await ConnectAsync();
        await _keepAlive.SendRawAsync(await File.ReadAllBytesAsync(Path.Combine(capture, "0001-req-103.bin")));
        var registered = await _keepAlive.ReceiveAsync();
        Assert.True(registered.Code == ResponseCode.Success, registered.Remark);

        var before = await BrokerAsync("broker-b", writable: true);
        var wiped = await InvokeCapturedAsync(Path.Combine(capture, "0043-req-205.bin"));
        var after = await BrokerAsync("broker-b", writable: false);
        var overview = (await GetJsonAsync("/api/overview")).Json.GetProperty("clusters")[0].GetProperty("brokerGroups")[0].GetProperty("brokers")[0];
        var added = await InvokeCapturedAsync(Path.Combine(capture, "0047-req-327.bin"));
        var again = await BrokerAsync("broker-b", writable: true);

        Assert.Equal("V5_3_3", before.GetProperty("version").GetString());
        Assert.Equal(14, before.GetProperty("topicCount").GetInt32());
        Assert.Equal(13, before.GetProperty("writableTopicCount").GetInt32());
        Assert.True(before.GetProperty("writable").GetBoolean());
        Assert.Equal("14", wiped.ExtFields!["wipeTopicCount"]);
        Assert.False(after.GetProperty("writable").GetBoolean());
        Assert.Equal(0, after.GetProperty("writableTopicCount").GetInt32());
        Assert.False(overview.GetProperty("writable").GetBoolean());
        Assert.Equal("14", added.ExtFields!["addTopicCount"]);
        Assert.True(again.GetProperty("writable").GetBoolean());
    }

    private async Task<Protocol.Headers.RemotingCommand> InvokeCapturedAsync(string file)
    {
        await using var admin = await ConnectAsync();
        await admin.SendRawAsync(await File.ReadAllBytesAsync(file));
        var answer = await admin.ReceiveAsync();
        Assert.True(answer.Code == ResponseCode.Success, answer.Remark);
        return answer;
    }

    // The broker list is cached for a second: read until it shows the expected permission (or give up after 10 s).
    private async Task<JsonElement> BrokerAsync(string brokerName, bool writable)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var (_, json) = await GetJsonAsync("/api/brokers");
            var broker = json.GetProperty("brokers").EnumerateArray().Single(b => b.GetProperty("brokerName").GetString() == brokerName);
            if (broker.GetProperty("writable").GetBoolean() == writable || DateTime.UtcNow > deadline)
            {
                return broker;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Topics_are_searched_case_insensitively_and_limited_when_asked()
    {
        await RegisterAsync();

        var (_, all) = await GetJsonAsync("/api/topics");
        var (_, search) = await GetJsonAsync("/api/topics?search=t&limit=1");
        var (badStatus, bad) = await GetJsonAsync("/api/topics?limit=0");

        Assert.Equal(["B1", "Other", "T1", "T2"], all.GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("topic").GetString()));
        var t1 = all.GetProperty("topics")[2];
        Assert.Equal(["broker-a", "broker-b"], t1.GetProperty("brokerNames").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(8, t1.GetProperty("writeQueues").GetInt32());
        Assert.Equal(4, search.GetProperty("total").GetInt32());
        Assert.Equal(3, search.GetProperty("matched").GetInt32());
        Assert.Single(search.GetProperty("topics").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("limit", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Routes_and_digests_match_what_clients_receive_when_a_topic_is_known()
    {
        await RegisterAsync();
        await using var connection = await ConnectAsync();
        var wire = await connection.InvokeAsync(RouteRequest("T1"));
        var wireRoute = Protocol.Bodies.BodyDecoder.DecodeTopicRouteData(wire.Body.Span);

        var (status, route) = await GetJsonAsync("/api/routes/T1");
        var (_, digests) = await GetJsonAsync("/api/digests");
        var (missingStatus, missing) = await GetJsonAsync("/api/routes/No%20Such");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RouteDigest.Of(wireRoute), route.GetProperty("digest").GetString());
        Assert.Equal(2, route.GetProperty("route").GetProperty("queueDatas").GetArrayLength());
        Assert.Equal("10.0.0.1:10911", route.GetProperty("route").GetProperty("brokerDatas")[0].GetProperty("brokerAddrs").GetProperty("0").GetString());
        Assert.Equal(RouteDigest.Of(wireRoute), digests.GetProperty("topics").GetProperty("T1").GetString());
        Assert.Equal(
            RouteDigest.OfTable(digests.GetProperty("topics").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))),
            digests.GetProperty("tableDigest").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Contains("No Such", missing.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Nsaddr_answers_the_configured_list_in_address_server_format()
    {
        using var response = await Http.GetAsync(Url("/rocketmq/nsaddr"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10.0.0.1:9876;10.0.0.2:9876", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Health_page_and_dashboard_answer_when_ready()
    {
        var (status, health) = await GetJsonAsync("/health");
        using var page = await Http.GetAsync(Url("/"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("UP", health.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("POST", "/api/overview", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/routes/T1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/nothing", HttpStatusCode.NotFound)]
    public async Task Api_refuses_with_a_json_error_when_the_method_or_path_is_wrong(string method, string path, HttpStatusCode expected)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(path)));

        Assert.Equal(expected, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Health_port_serves_only_health_paths_when_the_api_has_its_own_port()
    {
        var healthPort = new IPEndPoint(IPAddress.Loopback, _healthPort);

        using var ready = await Http.GetAsync(Url("/ready", healthPort));
        using var api = await Http.GetAsync(Url("/api/overview", healthPort));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async Task DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
