using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Testing;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests;

/// <summary>The server over real loopback sockets: answers, formats, oneway, errors, connection handling.</summary>
public sealed class NameServerServiceTests : ServerTestBase
{
    [Fact]
    public async Task Server_says_nothing_about_tls_at_start_when_tls_is_permissive_without_certificate()
    {
        var log = new FakeLogCollector();
        using var loggerFactory = new Microsoft.Extensions.Logging.LoggerFactory([new FakeLoggerProvider(log)]);
        var server = new NameServerService(TestSettings.Loopback, loggerFactory, persist: false);
        await server.StartAsync(CancellationToken.None);
        await server.DisposeAsync();

        var lines = log.GetSnapshot().Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Information).Select(e => e.Message).ToList();
        Assert.Contains(lines, line => line.StartsWith("NameServer listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("TLS", StringComparison.OrdinalIgnoreCase) || line.Contains("certificate", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Server_runs_its_actor_system_with_the_akka_log_level_of_its_configuration()
    {
        var settings = NameServerSettings.Create(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["nameserver:listenPort"] = "0",
                ["nameserver:httpEnabled"] = "false",
                ["akka:loglevel"] = "DEBUG",
            })
            .Build());
        await using var server = new NameServerService(settings, persist: false);

        await server.StartAsync(CancellationToken.None);

        Assert.Equal("DEBUG", server.ActorSystem.Settings.LogLevel);
        Assert.Equal(MicrosoftLoggerTypeName, server.ActorSystem.Settings.Loggers[0]);
        Assert.Equal("INFO", Server.ActorSystem.Settings.LogLevel);
    }

    private const string MicrosoftLoggerTypeName = Routing.Observability.MicrosoftLogger.TypeName;

    [Fact]
    public async Task Server_terminates_its_actor_system_and_releases_its_ports_when_a_listener_cannot_bind()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var listenPort = FreePort();
        var server = new NameServerService(
            TestSettings.Loopback.WithServer(s => s with { ListenPort = listenPort }).WithHttp(h => h with { HttpEnabled = true, HttpPort = takenPort }),
            persist: false);

        var error = await Assert.ThrowsAsync<IOException>(() => server.StartAsync(CancellationToken.None));

        Assert.Contains($"httpPort {takenPort}", error.Message, StringComparison.Ordinal);
        Assert.True(server.ActorSystem.WhenTerminated.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => server.EndPoint);
        using var again = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, listenPort);
        again.Start();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Server_refuses_to_start_before_creating_its_actor_system_when_settings_made_by_hand_cannot_serve()
    {
        var server = new NameServerService(TestSettings.Loopback.WithTls(t => t with { TlsServerMode = TlsMode.Enforcing }), persist: false);

        var error = await Assert.ThrowsAsync<Routing.Config.SettingsException>(() => server.StartAsync(CancellationToken.None));

        Assert.Equal("tlsServerMode", error.Key);
        Assert.Throws<InvalidOperationException>(() => server.ActorSystem);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Server_answers_route_of_registered_broker_when_queried_over_tcp()
    {
        await using var broker = await ConnectAsync();
        var registered = await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));
        Assert.Equal(ResponseCode.Success, registered.Code);
        Assert.NotNull(registered.ExtFields);
        Assert.True(registered.Body.IsEmpty);

        await using var client = await ConnectAsync();
        var request = RouteRequest("TopicA");
        var response = await client.InvokeAsync(request);

        Assert.Equal(ResponseCode.Success, response.Code);
        Assert.Equal(request.Opaque, response.Opaque);
        Assert.True(response.IsResponse);
        var route = BodyDecoder.DecodeTopicRouteData(response.Body.Span);
        Assert.Equal("127.0.0.1:10911", Assert.Single(route.BrokerDatas).BrokerAddrs[0]);
        Assert.Contains("\"0\":\"127.0.0.1:10911\"", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Server_applies_large_registrations_when_brokers_share_topics()
    {
        // Over 64 KiB each; the second broker's names are the first one's, reused from the published routes.
        var topics = Enumerable.Range(0, 3_000).Select(i => $"Large-{i}").ToArray();
        await using var broker = await ConnectAsync();
        var first = await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", topics));
        var second = await broker.InvokeAsync(Registration("broker-b", 0, "127.0.0.2:10911", topics[..1_500].Append("OnlyB").ToArray()));
        var third = await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", topics, counter: 2));

        Assert.All(new[] { first, second, third }, r => Assert.Equal(ResponseCode.Success, r.Code));
        await using var client = await ConnectAsync();
        var shared = BodyDecoder.DecodeTopicRouteData((await client.InvokeAsync(RouteRequest("Large-1499"))).Body.Span);
        var onlyA = BodyDecoder.DecodeTopicRouteData((await client.InvokeAsync(RouteRequest("Large-2999"))).Body.Span);
        var onlyB = BodyDecoder.DecodeTopicRouteData((await client.InvokeAsync(RouteRequest("OnlyB"))).Body.Span);
        Assert.Equal(["broker-a", "broker-b"], shared.BrokerDatas.Select(b => b.BrokerName));
        Assert.Equal("broker-a", Assert.Single(onlyA.BrokerDatas).BrokerName);
        Assert.Equal("broker-b", Assert.Single(onlyB.BrokerDatas).BrokerName);
    }

    [Fact]
    public async Task Server_answers_legacy_json_with_bare_keys_when_client_version_is_old()
    {
        await using var broker = await ConnectAsync();
        await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));

        var response = await broker.InvokeAsync(RouteRequest("TopicA", version: 317));

        Assert.Contains("{0:\"127.0.0.1:10911\"}", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Server_answers_topic_not_exist_with_remark_when_topic_unknown()
    {
        await using var client = await ConnectAsync();
        var response = await client.InvokeAsync(RouteRequest("NoSuchTopic"));

        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.Contains("NoSuchTopic", response.Remark);
    }

    [Fact]
    public async Task Server_answers_request_code_not_supported_when_code_unknown()
    {
        await using var client = await ConnectAsync();
        var response = await client.InvokeAsync(Request(9999));

        Assert.Equal(ResponseCode.RequestCodeNotSupported, response.Code);
        Assert.Equal(" request type 9999 not supported", response.Remark);
    }

    [Fact]
    public async Task Server_never_answers_oneway_request_when_flag_is_set()
    {
        await using var client = await ConnectAsync();
        var oneway = Request(9999);
        oneway.Flag = RemotingCommand.OnewayFlag;
        await client.SendAsync(oneway);
        var followUp = RouteRequest("NoSuchTopic");

        var response = await client.InvokeAsync(followUp);

        Assert.Equal(followUp.Opaque, response.Opaque);
    }

    [Fact]
    public async Task Server_answers_in_binary_header_when_request_uses_binary_header()
    {
        await using var client = await ConnectAsync();
        var request = RouteRequest("NoSuchTopic");
        request.SerializeType = SerializeType.RocketMq;

        var response = await client.InvokeAsync(request);

        Assert.Equal(SerializeType.RocketMq, response.SerializeType);
        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
    }

    [Fact]
    public async Task Server_closes_only_the_offending_connection_when_frame_is_malformed()
    {
        await using var good = await ConnectAsync();
        await using var bad = await ConnectAsync();

        // A header length larger than the frame: a framing error.
        await bad.SendRawAsync([0, 0, 0, 8, 0, 0, 0, 99, 1, 2, 3, 4]);

        Assert.True(await bad.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var response = await good.InvokeAsync(RouteRequest("NoSuchTopic"));
        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
    }

    [Fact]
    public async Task Server_closes_connection_before_buffering_when_length_prefix_exceeds_limit()
    {
        await using var bad = await ConnectAsync();

        await bad.SendRawAsync([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1]);

        Assert.True(await bad.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Server_removes_broker_from_routes_when_its_connection_closes()
    {
        var broker = await ConnectAsync();
        await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));
        await broker.DisposeAsync();

        await using var client = await ConnectAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int code;
        do
        {
            code = (await client.InvokeAsync(RouteRequest("TopicA"))).Code;
        }
        while (code == ResponseCode.Success && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(ResponseCode.TopicNotExist, code);
    }

    [Fact]
    public async Task Server_tells_slave_its_master_when_master_is_alive()
    {
        await using var master = await ConnectAsync();
        await using var slave = await ConnectAsync();
        await master.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));

        var response = await slave.InvokeAsync(Registration("broker-a", 1, "127.0.0.2:10911", ["TopicA", "TBW102"]));

        Assert.Equal("127.0.0.1:10911", response.ExtFields!["masterAddr"]);
        Assert.Equal("127.0.0.1:10912", response.ExtFields!["haServerAddr"]);
    }

    [Fact]
    public async Task Server_returns_order_topic_table_to_brokers_when_namespace_exists()
    {
        await using var admin = await ConnectAsync();
        var put = await admin.InvokeAsync(Request(RequestCode.PutKvConfig, new ExtFields()
            .Set("namespace", "ORDER_TOPIC_CONFIG").Set("key", "TopicA").Set("value", "broker-a:4")));
        Assert.Equal(ResponseCode.Success, put.Code);

        var response = await admin.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));

        Assert.Equal("broker-a:4", BodyDecoder.DecodeKvTable(response.Body.Span).Table["TopicA"]);
    }

    [Fact]
    public async Task Server_answers_kv_requests_with_java_codes_when_keys_exist_or_not()
    {
        await using var admin = await ConnectAsync();
        await admin.InvokeAsync(Request(RequestCode.PutKvConfig, new ExtFields().Set("namespace", "ns").Set("key", "k").Set("value", "v")));

        var get = await admin.InvokeAsync(Request(RequestCode.GetKvConfig, new ExtFields().Set("namespace", "ns").Set("key", "k")));
        var missing = await admin.InvokeAsync(Request(RequestCode.GetKvConfig, new ExtFields().Set("namespace", "ns").Set("key", "nope")));
        var list = await admin.InvokeAsync(Request(RequestCode.GetKvListByNamespace, new ExtFields().Set("namespace", "ns")));
        var badPut = await admin.InvokeAsync(Request(RequestCode.PutKvConfig, new ExtFields().Set("namespace", "ns")));

        Assert.Equal("v", get.ExtFields!["value"]);
        Assert.Equal(ResponseCode.QueryNotFound, missing.Code);
        Assert.Equal("No config item, Namespace: ns Key: nope", missing.Remark);
        Assert.Equal("v", BodyDecoder.DecodeKvTable(list.Body.Span).Table["k"]);
        Assert.Equal(ResponseCode.SystemError, badPut.Code);
    }

    [Fact]
    public async Task Server_refuses_black_listed_config_update_with_no_permission_when_key_is_kv_path()
    {
        await using var admin = await ConnectAsync();

        var refused = await admin.InvokeAsync(Request(RequestCode.UpdateNamesrvConfig, body: Encoding.UTF8.GetBytes("kvConfigPath=/tmp/evil\n")));
        var accepted = await admin.InvokeAsync(Request(RequestCode.UpdateNamesrvConfig, body: Encoding.UTF8.GetBytes("orderMessageEnable=true\n")));
        var config = await admin.InvokeAsync(Request(RequestCode.GetNamesrvConfig));

        Assert.Equal(ResponseCode.NoPermission, refused.Code);
        Assert.Equal(ResponseCode.Success, accepted.Code);
        Assert.Contains("orderMessageEnable=true\n", Encoding.UTF8.GetString(config.Body.Span));
        Assert.Contains("listenPort=", Encoding.UTF8.GetString(config.Body.Span));
    }

    [Fact]
    public async Task Server_reports_rocketmq_home_in_its_config_when_none_is_configured()
    {
        await using var admin = await ConnectAsync();

        var config = JavaProperties.Load((await admin.InvokeAsync(Request(RequestCode.GetNamesrvConfig))).Body.Span);

        Assert.Equal(Routing.Config.NamesrvSettings.DefaultRocketmqHome(Environment.GetEnvironmentVariable, AppContext.BaseDirectory), config["rocketmqHome"]);
        Assert.False(string.IsNullOrEmpty(config["rocketmqHome"]));
    }

    [Theory]
    [InlineData(MqVersion.V4_9_8, "http://rocketmq.apache.org/docs/faq/")]
    [InlineData(MqVersion.V5_0_0, "http://rocketmq.apache.org/docs/faq/")]
    [InlineData(MqVersion.V5_1_0, "https://rocketmq.apache.org/docs/bestPractice/06FAQ")]
    [InlineData(MqVersion.V5_3_3, "https://rocketmq.apache.org/docs/bestPractice/06FAQ")]
    public async Task Server_answers_topic_not_exist_with_the_faq_link_of_the_client_release_when_topic_is_unknown(int version, string faq)
    {
        await using var client = await ConnectAsync();

        var response = await client.InvokeAsync(RouteRequest("NoSuchTopic", version));

        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.Equal($"No topic route info in name server for the topic: NoSuchTopic\nSee {faq} for further details.", response.Remark);
    }

    [Fact]
    public async Task Server_answers_crc_mismatch_when_body_checksum_is_wrong()
    {
        await using var broker = await ConnectAsync();
        var request = Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]);
        request.ExtFields!.Set("bodyCrc32", "12345");

        var response = await broker.InvokeAsync(request);

        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.Equal("crc32 not match", response.Remark);
    }

    [Fact]
    public async Task Server_answers_not_ready_when_draining()
    {
        await using var client = await ConnectAsync();
        Server.Lifecycle.MoveTo(ServerState.Draining);

        var response = await client.InvokeAsync(RouteRequest("TopicA"));

        Assert.Equal(ResponseCode.SystemError, response.Code);
        Assert.Equal("not ready", response.Remark);
        Server.Lifecycle.MoveTo(ServerState.Ready);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return true;
    }
}
