using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit;
using NameServer.Actors.Contracts;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Server.Remote;
using Xunit.Abstractions;
using C = NameServer.Actors.Contracts;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>The gateway answering a client actor system over Akka.Remote, against a NameServer that also serves TCP.</summary>
public sealed class NameServerGatewayTests : RemoteTestKit
{
    private readonly ITestOutputHelper _output;

    public NameServerGatewayTests(ITestOutputHelper output)
        : base(output)
    {
        _output = output;
    }

    // A short expiry scan, so that an Akka broker's expiry is seen within a test.
    protected override NameServerSettings Settings() =>
        WithRemoting(TestSettings.Loopback.WithNamesrv(n => n with { ScanNotActiveBrokerInterval = TimeSpan.FromMilliseconds(200) }));

    private static BrokerRegistration Registration(string broker, string addr, long? timeoutMillis = null, params string[] topics) => new(
        "DefaultCluster", broker, 0, addr, addr.Replace(":10911", ":10912", StringComparison.Ordinal),
        topics.Select(t => new C.TopicConfig(t, 4, 4, 6)).ToArray(), new C.DataVersion(1_700_000_000_000, 1), timeoutMillis);

    // The broker's connection stays open (closing it removes the broker's routes); the caller disposes it.
    private async Task<RawConnection> RegisterOverTcpAsync(string broker, string addr, params string[] topics)
    {
        var connection = await RawConnection.ConnectAsync(Server.EndPoint);
        var answer = await connection.InvokeAsync(ServerTestBase.Registration(broker, 0, addr, topics));
        Assert.Equal(ResponseCode.Success, answer.Code);
        return connection;
    }

    [Fact]
    public async Task Gateway_answers_the_route_the_tcp_protocol_answers_when_asked_over_akka_remote()
    {
        await using var broker = await RawConnection.ConnectAsync(Server.EndPoint);
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]))).Code);
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(ServerTestBase.Registration("broker-b", 0, "10.0.0.2:10911", ["TopicA", "TopicC"]))).Code);
        await using var client = await RawConnection.ConnectAsync(Server.EndPoint);
        var tcp = await client.InvokeAsync(ServerTestBase.RouteRequest("TopicA"));
        Assert.Equal(ResponseCode.Success, tcp.Code);
        var tcpRoute = BodyDecoder.DecodeTopicRouteData(tcp.Body.Span);

        var reply = await AskAsync<RouteReply>(new GetRoute("TopicA"));

        Assert.Equal("TopicA", reply.Topic);
        var akkaRoute = ContractMapping.ToProtocol(reply.Route!);
        Assert.Equal(RouteDigest.Of(tcpRoute), RouteDigest.Of(akkaRoute));
        Assert.Equal(2, akkaRoute.BrokerDatas.Count);
        Assert.True(Server.Core.Routes.TryGet("TopicA", out var snapshot));
        Assert.Equal(snapshot.Digest, RouteDigest.Of(akkaRoute));
    }

    [Fact]
    public async Task Gateway_answers_a_null_route_when_the_topic_has_none()
    {
        var reply = await AskAsync<RouteReply>(new GetRoute("Nobody"));

        Assert.Equal(new RouteReply("Nobody", null), reply);
    }

    [Fact]
    public async Task Gateway_answers_cluster_info_topic_lists_and_kv_as_the_tcp_protocol_publishes_them()
    {
        await using var broker = await RegisterOverTcpAsync("broker-a", "10.0.0.1:10911", "TopicA", "TopicB");

        var cluster = await AskAsync<ClusterInfoReply>(new C.GetClusterInfo());
        Assert.Equal(["broker-a"], cluster.ClusterInfo.ClusterAddrTable["DefaultCluster"]);
        Assert.Equal("10.0.0.1:10911", cluster.ClusterInfo.BrokerAddrTable["broker-a"].BrokerAddrs[0]);
        var all = await AskAsync<TopicListReply>(new C.GetTopicList(C.TopicListKind.All));
        Assert.Equal(Server.Core.Routes.Topics.Order(StringComparer.Ordinal), all.Topics);
        var ofCluster = await AskAsync<TopicListReply>(new C.GetTopicList(C.TopicListKind.Cluster, "DefaultCluster"));
        Assert.Contains("TopicA", ofCluster.Topics);
        var system = await AskAsync<TopicListReply>(new C.GetTopicList(C.TopicListKind.System));
        Assert.Contains("DefaultCluster", system.Topics);

        Assert.IsType<AdminDone>(await AskAsync<object>(new C.PutKvConfig("ns", "k", "v")));
        Assert.Equal(new KvConfigReply("ns", "k", "v"), await AskAsync<KvConfigReply>(new C.GetKvConfig("ns", "k")));
        Assert.Equal("v", (await AskAsync<KvListReply>(new C.GetKvList("ns"))).Table!["k"]);
        Assert.IsType<AdminDone>(await AskAsync<object>(new C.DeleteKvConfig("ns", "k")));
        Assert.Null((await AskAsync<KvConfigReply>(new C.GetKvConfig("ns", "k"))).Value);
        Assert.Null((await AskAsync<KvListReply>(new C.GetKvList("nowhere"))).Table);
    }

    [Fact]
    public async Task Gateway_applies_admin_requests_with_the_answers_of_the_tcp_protocol()
    {
        await using var broker = await RegisterOverTcpAsync("broker-a", "10.0.0.1:10911", "TopicA", "TopicB");

        Assert.True((await AskAsync<WritePermChanged>(new C.WipeWritePerm("broker-a"))).TopicCount >= 2);
        Assert.Equal(4, (await AskAsync<RouteReply>(new GetRoute("TopicA"))).Route!.QueueDatas[0].Perm);
        Assert.True((await AskAsync<WritePermChanged>(new C.AddWritePerm("broker-a"))).TopicCount >= 2);
        Assert.Equal(6, (await AskAsync<RouteReply>(new GetRoute("TopicA"))).Route!.QueueDatas[0].Perm);

        var forbidden = await AskAsync<NameServerError>(new C.UpdateNamesrvConfig(new Dictionary<string, string> { ["kvConfigPath"] = "/tmp/x" }));
        Assert.Equal(NameServerErrorCodes.NoPermission, forbidden.Code);
        var invalid = await AskAsync<NameServerError>(new C.UpdateNamesrvConfig(new Dictionary<string, string> { ["enableAllTopicList"] = "maybe" }));
        Assert.Equal(NameServerErrorCodes.SystemError, invalid.Code);
        Assert.IsType<AdminDone>(await AskAsync<object>(new C.UpdateNamesrvConfig(new Dictionary<string, string> { ["enableAllTopicList"] = "false" })));
        Assert.Equal(
            new NameServerError(NameServerErrorCodes.SystemError, "disable"),
            await AskAsync<NameServerError>(new C.GetTopicList(C.TopicListKind.All)));
        var tooLarge = await AskAsync<NameServerError>(new C.PutKvConfig("ns", "k", new string('x', 70_000)));
        Assert.Contains("maxKvValueSize", tooLarge.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_registers_an_akka_broker_whose_route_equals_the_route_tcp_answers()
    {
        var broker = CreateTestProbe();
        Gateway.Tell(new C.RegisterBroker(Registration("broker-k", "10.0.3.1:10911", null, "TopicK", "TopicL")), broker.Ref);

        var registered = await broker.ExpectMsgAsync<BrokerRegistered>(Timeout);
        Assert.Null(registered.MasterAddr);
        await using var client = await RawConnection.ConnectAsync(Server.EndPoint);
        var tcp = await client.InvokeAsync(ServerTestBase.RouteRequest("TopicK"));
        Assert.Equal(ResponseCode.Success, tcp.Code);
        var akka = await AskAsync<RouteReply>(new GetRoute("TopicK"));
        Assert.Equal(RouteDigest.Of(BodyDecoder.DecodeTopicRouteData(tcp.Body.Span)), RouteDigest.Of(ContractMapping.ToProtocol(akka.Route!)));

        Gateway.Tell(new C.BrokerHeartbeat("DefaultCluster", "10.0.3.1:10911"), broker.Ref);
        Gateway.Tell(new C.UnregisterBroker("DefaultCluster", "10.0.3.1:10911", "broker-k", 0), broker.Ref);
        await broker.ExpectMsgAsync<BrokerUnregistered>(Timeout);
        Assert.Null((await AskAsync<RouteReply>(new GetRoute("TopicK"))).Route);
    }

    [Fact]
    public async Task Gateway_removes_an_akka_brokers_routes_through_terminated_when_its_actor_system_stops()
    {
        var brokerSystem = StartSystem("broker");
        var answers = CreateTestProbe();
        // A broker is a user actor: its system stops it, and so tells its watchers, before remoting shuts down.
        var broker = brokerSystem.ActorOf(Forwarder.Props(answers.Ref), "broker");
        brokerSystem.ActorSelection(GatewayAddress).Tell(new C.RegisterBroker(Registration("broker-s", "10.0.4.1:10911", null, "TopicS", "TopicT")), broker);
        await answers.ExpectMsgAsync<BrokerRegistered>(Timeout);
        var subscriber = CreateTestProbe();
        Gateway.Tell(new SubscribeRoutes(["TopicS"]), subscriber.Ref);
        await subscriber.ExpectMsgAsync<RoutesSubscribed>(Timeout);
        Assert.NotNull((await subscriber.ExpectMsgAsync<RouteChanged>(Timeout)).Route);

        var started = Stopwatch.StartNew();
        await brokerSystem.Terminate();
        var removed = await subscriber.ExpectMsgAsync<RouteChanged>(FailureDetectionTime + TimeSpan.FromSeconds(5));
        var elapsed = started.Elapsed;

        _output.WriteLine($"broker system stopped -> routes removed: {elapsed.TotalMilliseconds:F0} ms (failure detection {FailureDetectionTime.TotalMilliseconds} ms)");
        Assert.Equal(new RouteChanged("TopicS", null), removed);
        Assert.True(elapsed < FailureDetectionTime, $"routes removed after {elapsed.TotalMilliseconds:F0} ms");
        Assert.DoesNotContain("broker-s", Server.Core.Routes.ClusterInfo.BrokerAddrTable.Keys);
    }

    [Fact]
    public async Task Gateway_tells_an_akka_broker_it_expired_when_it_stays_silent_past_its_timeout()
    {
        var broker = CreateTestProbe();
        Gateway.Tell(new C.RegisterBroker(Registration("broker-e", "10.0.5.1:10911", 500, "TopicE", "TopicF")), broker.Ref);
        await broker.ExpectMsgAsync<BrokerRegistered>(Timeout);

        var expired = await broker.ExpectMsgAsync<BrokerExpired>(Timeout);

        Assert.Contains("10.0.5.1:10911", expired.Reason, StringComparison.Ordinal);
        Assert.Null((await AskAsync<RouteReply>(new GetRoute("TopicE"))).Route);
        // Registering again opens a new session.
        Gateway.Tell(new C.RegisterBroker(Registration("broker-e", "10.0.5.1:10911", null, "TopicE", "TopicF")), broker.Ref);
        await broker.ExpectMsgAsync<BrokerRegistered>(Timeout);
        Assert.NotNull((await AskAsync<RouteReply>(new GetRoute("TopicE"))).Route);
    }

    [Fact]
    public async Task Gateway_refuses_a_request_with_a_system_error_when_a_field_is_empty_or_the_registration_is_refused()
    {
        Assert.Equal(NameServerErrorCodes.SystemError, (await AskAsync<NameServerError>(new GetRoute(""))).Code);
        Assert.Equal(NameServerErrorCodes.SystemError, (await AskAsync<NameServerError>(new C.GetTopicList(C.TopicListKind.Cluster))).Code);
        var broker = CreateTestProbe();
        // The 5.x guard: a first registration with one topic only is refused.
        Gateway.Tell(new C.RegisterBroker(Registration("broker-g", "10.0.6.1:10911", null, "OnlyOne")), broker.Ref);
        Assert.Equal(new NameServerError(NameServerErrorCodes.SystemError, "register broker failed"), await broker.ExpectMsgAsync<NameServerError>(Timeout));
    }
}
