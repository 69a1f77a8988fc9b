using System.Net.Sockets;
using System.Text.Json;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Server;

namespace NameServer.Actors.EndToEnd.Tests;

/// <summary>
/// Real loopback sockets end to end: simulated brokers register with our server, and our own client and the
/// independent ali-ons client must see the same routes, and see them change after an unregister, a connection close
/// and an expiry.
/// </summary>
public sealed class AliOnsCompatibilityTests : IAsyncLifetime
{
    private readonly List<SimulatedBroker> _brokers = [];
    private NameServerService _server = null!;

    private string Address => $"127.0.0.1:{_server.EndPoint.Port}";

    public async Task InitializeAsync()
    {
        // A short scan so the expiry test runs in about a second of real time.
        _server = new NameServerService(
            NameServerSettings.Default with
            {
                Namesrv = NameServerSettings.Default.Namesrv with { ScanNotActiveBrokerInterval = TimeSpan.FromMilliseconds(200) },
                Server = NameServerSettings.Default.Server with { ListenPort = 0 },
                Http = NameServerSettings.Default.Http with { HttpEnabled = false },
            },
            persist: false);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
        await _server.DisposeAsync();
    }

    private async Task<SimulatedBroker> StartBrokerAsync(string name, long id, string addr, string[] topics, long? heartbeatTimeoutMillis = null)
    {
        var broker = new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", name, id, addr, addr.Replace(":10911", ":10912", StringComparison.Ordinal))
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", name, topics),
                HeartbeatTimeoutMillis = heartbeatTimeoutMillis,
            },
            new NameServerClientOptions { Addresses = Address });
        _brokers.Add(broker);
        var results = await broker.RegisterAsync();
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        return broker;
    }

    [Fact]
    public async Task AliOns_and_our_client_see_the_same_route_when_brokers_register()
    {
        await StartBrokerAsync("broker-a", 0, "127.0.0.1:10911", ["TopicTest", "Shared"]);
        var slave = await StartBrokerAsync("broker-a", 1, "127.0.0.2:10911", ["TopicTest", "Shared"]);
        await StartBrokerAsync("broker-b", 0, "127.0.0.3:10911", ["Shared"]);
        await using var client = new NameServerClient(Address);

        foreach (var topic in new[] { "TopicTest", "Shared", "TBW102" })
        {
            var ours = await client.GetRouteInfoByTopicAsync(topic);
            var theirs = await AliOns.GetRouteAsync(Address, topic);

            Assert.Null(theirs.Error);
            Assert.Equal(Describe(ours), Describe(theirs.Route!.Value));
        }
        Assert.Equal("127.0.0.1:10911", slave.MasterAddr);
    }

    [Fact]
    public async Task AliOns_gets_topic_not_exist_with_remark_when_topic_is_unknown()
    {
        var answer = await AliOns.GetRouteAsync(Address, "NoSuchTopic");

        Assert.Equal(ResponseCode.TopicNotExist, answer.Code);
        Assert.Contains("No topic route info in name server for the topic: NoSuchTopic", answer.Error);
    }

    [Fact]
    public async Task AliOns_sees_broker_gone_when_it_unregisters()
    {
        var broker = await StartBrokerAsync("broker-a", 0, "127.0.0.1:10911", ["Unreg"]);
        Assert.Null((await AliOns.GetRouteAsync(Address, "Unreg")).Error);

        await broker.UnregisterAsync();

        Assert.Equal(ResponseCode.TopicNotExist, (await AliOns.GetRouteAsync(Address, "Unreg")).Code);
    }

    [Fact]
    public async Task AliOns_sees_broker_gone_when_its_connection_closes()
    {
        var broker = await StartBrokerAsync("broker-a", 0, "127.0.0.1:10911", ["Crash"]);
        Assert.Null((await AliOns.GetRouteAsync(Address, "Crash")).Error);

        broker.Crash();

        await Eventually(async () => (await AliOns.GetRouteAsync(Address, "Crash")).Code == ResponseCode.TopicNotExist);
    }

    [Fact]
    public async Task AliOns_sees_broker_gone_when_it_goes_silent_past_its_timeout()
    {
        var broker = await StartBrokerAsync("broker-a", 0, "127.0.0.1:10911", ["Silent"], heartbeatTimeoutMillis: 1000);
        Assert.Null((await AliOns.GetRouteAsync(Address, "Silent")).Error);

        broker.Silence();

        await Eventually(async () => (await AliOns.GetRouteAsync(Address, "Silent")).Code == ResponseCode.TopicNotExist);
    }

    [Fact]
    public async Task AliOns_carries_on_when_another_connection_sends_a_malformed_frame()
    {
        await StartBrokerAsync("broker-a", 0, "127.0.0.1:10911", ["Robust"]);
        using var bad = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bad.ConnectAsync(_server.EndPoint);

        await bad.SendAsync(new byte[] { 0, 0, 0, 8, 9, 0, 0, 1, 1, 2, 3, 4 });

        Assert.True(await ClosedByServerAsync(bad));
        Assert.Null((await AliOns.GetRouteAsync(Address, "Robust")).Error);
    }

    private static async Task<bool> ClosedByServerAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await socket.ReceiveAsync(new byte[16], SocketFlags.None, cts.Token) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(100);
        }
    }

    private static string Describe(TopicRouteData route) => string.Join(" ; ", [
        .. route.BrokerDatas.OrderBy(b => b.BrokerName, StringComparer.Ordinal)
            .Select(b => $"{b.Cluster}/{b.BrokerName}:{string.Join(",", b.BrokerAddrs.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"))}"),
        .. route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal)
            .Select(q => $"{q.BrokerName}:{q.ReadQueueNums}/{q.WriteQueueNums}/{q.Perm}/{q.TopicSysFlag}"),
    ]);

    private static string Describe(JsonElement route) => string.Join(" ; ", [
        .. route.GetProperty("brokerDatas").EnumerateArray()
            .OrderBy(b => b.GetProperty("brokerName").GetString(), StringComparer.Ordinal)
            .Select(b => $"{b.GetProperty("cluster").GetString()}/{b.GetProperty("brokerName").GetString()}:" + string.Join(",", b.GetProperty("brokerAddrs")
                .EnumerateObject().OrderBy(a => long.Parse(a.Name, System.Globalization.CultureInfo.InvariantCulture)).Select(a => $"{a.Name}={a.Value.GetString()}"))),
        .. route.GetProperty("queueDatas").EnumerateArray()
            .OrderBy(q => q.GetProperty("brokerName").GetString(), StringComparer.Ordinal)
            .Select(q => $"{q.GetProperty("brokerName").GetString()}:{q.GetProperty("readQueueNums").GetInt32()}/{q.GetProperty("writeQueueNums").GetInt32()}/{q.GetProperty("perm").GetInt32()}/{q.GetProperty("topicSysFlag").GetInt32()}"),
    ]);
}
