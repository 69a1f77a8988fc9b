using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Server;

namespace NameServer.Actors.Client.Tests;

/// <summary>Route comparison against real in-process NameServers fed by simulated brokers.</summary>
public sealed class RouteComparisonTests : IAsyncLifetime
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(20);
    private static readonly NameServerClientOptions s_options = new() { Addresses = "unused:1", RequestTimeout = TimeSpan.FromSeconds(5) };

    private readonly List<NameServerService> _servers = [];
    private readonly List<SimulatedBroker> _brokers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task CompareAsync_reports_same_when_the_same_brokers_registered_on_every_server()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        await RegisterAsync($"{first};{second}", "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA", "Shared"));
        await RegisterAsync($"{first};{second}", "broker-b", 0, "127.0.0.2:10911", Table("broker-b", "TopicB", "Shared"));

        var result = await RouteComparison.CompareAsync([first, second], s_options).WaitAsync(s_long);

        Assert.True(result.Same);
        Assert.True(result.AllReachable);
        Assert.Empty(result.Differences);
        Assert.Equal([first, second], result.Servers.Select(s => s.Address));
        Assert.All(result.Servers, s => Assert.Null(s.Error));
        Assert.Equal(result.Servers[0].TableDigest, result.Servers[1].TableDigest);
        // DefaultCluster, TBW102, broker-a, broker-b, TopicA, TopicB, Shared.
        Assert.Equal(7, result.TopicCount);
        Assert.Equal(7, result.Servers[0].Topics.Count);
    }

    [Fact]
    public async Task CompareAsync_reports_same_digests_when_brokers_registered_in_a_different_order()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        var brokers = new (string Name, long Id, string Addr, IReadOnlyList<TopicConfig> Topics)[]
        {
            ("broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA", "Shared")),
            ("broker-a", 1, "127.0.0.2:10911", Table("broker-a", "TopicA", "Shared")),
            ("broker-b", 0, "127.0.0.3:10911", Table("broker-b", "TopicB", "Shared")),
            ("broker-c", 0, "127.0.0.4:10911", Table("broker-c", "Shared")),
        };
        foreach (var (name, id, addr, topics) in brokers)
        {
            await RegisterAsync(first, name, id, addr, topics);
        }
        foreach (var (name, id, addr, topics) in brokers.Reverse())
        {
            await RegisterAsync(second, name, id, addr, topics);
        }

        var result = await RouteComparison.CompareAsync([first, second], s_options).WaitAsync(s_long);

        Assert.True(result.Same, string.Join(", ", result.Differences.Select(d => d.Topic)));
        Assert.NotNull(result.Servers[0].TableDigest);
        Assert.Equal(result.Servers[0].TableDigest, result.Servers[1].TableDigest);
        Assert.Equal(result.Servers[0].Topics, result.Servers[1].Topics);
    }

    [Fact]
    public async Task CompareAsync_lists_exactly_the_extra_topic_when_one_server_has_it()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        await RegisterAsync(first, "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA"));
        await RegisterAsync(second, "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA", "Extra"));

        var result = await RouteComparison.CompareAsync([first, second], s_options).WaitAsync(s_long);

        Assert.False(result.Same);
        Assert.True(result.AllReachable);
        var difference = Assert.Single(result.Differences);
        Assert.Equal("Extra", difference.Topic);
        Assert.Null(difference.DigestByAddress[first]);
        Assert.Equal(result.Servers[1].Topics["Extra"], difference.DigestByAddress[second]);
        Assert.NotEqual(result.Servers[0].TableDigest, result.Servers[1].TableDigest);
    }

    [Fact]
    public async Task CompareAsync_lists_the_topics_an_extra_broker_touches_when_only_one_server_has_it()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        await RegisterAsync($"{first};{second}", "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA", "Shared"));
        await RegisterAsync(second, "broker-b", 0, "127.0.0.2:10911", Table("broker-b", "Shared", "OnlySecond"), cluster: "ClusterB");

        var result = await RouteComparison.CompareAsync([first, second], s_options).WaitAsync(s_long);

        // broker-b brings its own topics (absent on the first server) and joins the routes of TBW102 and Shared.
        Assert.Equal(["ClusterB", "OnlySecond", "Shared", "TBW102", "broker-b"], result.Differences.Select(d => d.Topic));
        foreach (var absent in new[] { "ClusterB", "OnlySecond", "broker-b" })
        {
            var difference = result.Differences.Single(d => d.Topic == absent);
            Assert.Null(difference.DigestByAddress[first]);
            Assert.NotNull(difference.DigestByAddress[second]);
        }
        foreach (var changed in new[] { "Shared", "TBW102" })
        {
            var difference = result.Differences.Single(d => d.Topic == changed);
            Assert.NotNull(difference.DigestByAddress[first]);
            Assert.NotNull(difference.DigestByAddress[second]);
            Assert.NotEqual(difference.DigestByAddress[first], difference.DigestByAddress[second]);
        }
        Assert.Equal(8, result.TopicCount);
    }

    [Fact]
    public async Task CompareAsync_lists_a_topic_when_its_queue_count_differs()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        await RegisterAsync(first, "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA", "TopicB"));
        var wider = Table("broker-a", "TopicB").Append(new TopicConfig("TopicA", 8, 8, Perm.ReadWrite)).ToList();
        await RegisterAsync(second, "broker-a", 0, "127.0.0.1:10911", wider);

        var result = await RouteComparison.CompareAsync([first, second], s_options).WaitAsync(s_long);

        var difference = Assert.Single(result.Differences);
        Assert.Equal("TopicA", difference.Topic);
        Assert.NotNull(difference.DigestByAddress[first]);
        Assert.NotNull(difference.DigestByAddress[second]);
        Assert.NotEqual(difference.DigestByAddress[first], difference.DigestByAddress[second]);
    }

    [Fact]
    public async Task CompareAsync_reports_the_error_and_still_compares_the_others_when_a_server_is_unreachable()
    {
        var (first, second) = (await StartAsync(), await StartAsync());
        var down = FakeNameServer.UnusedAddress();
        await RegisterAsync($"{first};{second}", "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA"));
        await RegisterAsync(second, "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA", "Extra"));

        var result = await RouteComparison.CompareAsync([first, down, second], s_options).WaitAsync(s_long);

        Assert.False(result.AllReachable);
        Assert.False(result.Same);
        Assert.Equal([first, down, second], result.Servers.Select(s => s.Address));
        var failed = result.Servers[1];
        Assert.Contains(down, failed.Error);
        Assert.IsType<RemotingConnectException>(failed.Cause);
        Assert.Null(failed.TableDigest);
        Assert.Empty(failed.Topics);
        var difference = Assert.Single(result.Differences);
        Assert.Equal("Extra", difference.Topic);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), difference.DigestByAddress.Keys.Order(StringComparer.Ordinal));
        Assert.Null(difference.DigestByAddress[first]);
    }

    [Fact]
    public async Task CompareAsync_reports_not_same_when_every_reachable_server_agrees_but_one_is_down()
    {
        var first = await StartAsync();
        var down = FakeNameServer.UnusedAddress();
        await RegisterAsync(first, "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA"));

        var result = await RouteComparison.CompareAsync([first, down], s_options).WaitAsync(s_long);

        Assert.Empty(result.Differences);
        Assert.False(result.AllReachable);
        Assert.False(result.Same);
    }

    [Fact]
    public async Task CompareAsync_rejects_the_address_list_when_an_address_repeats_or_is_malformed()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RouteComparison.CompareAsync(["127.0.0.1:9876", "127.0.0.1:9876"]));
        await Assert.ThrowsAsync<ArgumentException>(() => RouteComparison.CompareAsync(["127.0.0.1:9876", "no-port"]));
        await Assert.ThrowsAsync<ArgumentException>(() => RouteComparison.CompareAsync([]));
    }

    [Fact]
    public async Task FetchDigestsAsync_returns_the_digest_of_every_route_when_the_server_is_up()
    {
        var first = await StartAsync();
        await RegisterAsync(first, "broker-a", 0, "127.0.0.1:10911", Table("broker-a", "TopicA"));
        await using var client = new NameServerClient(first);

        var digests = await RouteComparison.FetchDigestsAsync(first).WaitAsync(s_long);

        Assert.Equal(["DefaultCluster", "TBW102", "TopicA", "broker-a"], digests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(RouteDigest.Of(await client.GetRouteInfoByTopicAsync("TopicA")), digests["TopicA"]);
    }

    [Fact]
    public async Task FetchDigestsAsync_leaves_a_topic_out_when_its_route_is_gone_after_the_list()
    {
        await using var server = new FakeNameServer(r => r.Code switch
        {
            RequestCode.GetAllTopicListFromNameServer => TopicListReply(r, "Kept", "Gone"),
            RequestCode.GetRouteInfoByTopic when r.ExtFields.GetString("topic") == "Kept" => RouteReply(r, "broker-a"),
            _ => FakeNameServer.Reply(r, ResponseCode.TopicNotExist, "No topic route info in name server for the topic: Gone"),
        });

        var digests = await RouteComparison.FetchDigestsAsync(server.Address).WaitAsync(s_long);

        Assert.Equal(["Kept"], digests.Keys);
    }

    [Fact]
    public async Task FetchDigestsAsync_throws_the_refusal_when_the_server_refuses_the_topic_list()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r, ResponseCode.SystemError, "disable"));

        var error = await Assert.ThrowsAsync<NameServerException>(() => RouteComparison.FetchDigestsAsync(server.Address).WaitAsync(s_long));

        Assert.Equal(ResponseCode.SystemError, error.Code);
        Assert.Equal(server.Address, error.Address);
    }

    [Fact]
    public async Task FetchDigestsAsync_throws_the_route_error_when_a_route_query_fails_otherwise()
    {
        await using var server = new FakeNameServer(r => r.Code == RequestCode.GetAllTopicListFromNameServer
            ? TopicListReply(r, "A", "B", "C")
            : FakeNameServer.Reply(r, ResponseCode.SystemBusy, "busy"));

        var error = await Assert.ThrowsAsync<NameServerException>(() => RouteComparison.FetchDigestsAsync(server.Address).WaitAsync(s_long));

        Assert.Equal(ResponseCode.SystemBusy, error.Code);
    }

    [Fact]
    public async Task FetchDigestsAsync_throws_a_connect_error_when_nothing_listens()
    {
        var down = FakeNameServer.UnusedAddress();

        var error = await Assert.ThrowsAsync<RemotingConnectException>(() => RouteComparison.FetchDigestsAsync(down).WaitAsync(s_long));

        Assert.Equal(down, error.Address);
    }

    [Fact]
    public async Task FetchDigestsAsync_keeps_at_most_sixteen_route_queries_in_flight_when_there_are_many_topics()
    {
        var topics = Enumerable.Range(0, 40).Select(i => $"T{i}").ToArray();
        await using var server = new FakeNameServer(r => r.Code == RequestCode.GetAllTopicListFromNameServer ? TopicListReply(r, topics) : null);

        var fetch = RouteComparison.FetchDigestsAsync(server.Address, s_options with { RequestTimeout = TimeSpan.FromSeconds(30) });
        Assert.Equal(RequestCode.GetAllTopicListFromNameServer, (await server.NextRequestAsync()).Command.Code);
        var pending = new List<FakeNameServer.ReceivedRequest>();
        for (var i = 0; i < RouteComparison.MaxRoutesInFlight; i++)
        {
            pending.Add(await server.NextRequestAsync());
        }
        // Unanswered: nothing more may be sent until one of them is answered.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(server.TryTakeRequest(out _));
        var answered = 0;
        while (answered < topics.Length)
        {
            var next = pending[0];
            pending.RemoveAt(0);
            await next.Connection.SendAsync(RouteReply(next.Command, "broker-a"));
            answered++;
            if (answered + pending.Count < topics.Length)
            {
                pending.Add(await server.NextRequestAsync());
            }
        }

        var digests = await fetch.WaitAsync(s_long);
        Assert.Equal(topics.Order(StringComparer.Ordinal), digests.Keys.Order(StringComparer.Ordinal));
    }

    private static IReadOnlyList<TopicConfig> Table(string broker, params string[] topics) =>
        SimulatedBroker.BuildTopicTable("DefaultCluster", broker, topics);

    private static RemotingCommand TopicListReply(RemotingCommand request, params string[] topics)
    {
        var reply = FakeNameServer.Reply(request);
        reply.Body = BodyEncoder.EncodeTopicList(new TopicList(topics));
        return reply;
    }

    private static RemotingCommand RouteReply(RemotingCommand request, string broker)
    {
        var route = new TopicRouteData(
            [new QueueData(broker, 4, 4, Perm.ReadWrite, 0)],
            [new BrokerData("DefaultCluster", broker, new Dictionary<long, string> { [0] = "127.0.0.1:10911" })],
            new Dictionary<string, IReadOnlyList<string>>());
        var reply = FakeNameServer.Reply(request);
        reply.Body = BodyEncoder.EncodeTopicRouteData(route, JsonMode.Standard);
        return reply;
    }

    private async Task<string> StartAsync()
    {
        var server = new NameServerService(
            NameServerSettings.Default with
            {
                Server = NameServerSettings.Default.Server with { ListenPort = 0 },
                Http = NameServerSettings.Default.Http with { HttpEnabled = false },
            },
            persist: false);
        _servers.Add(server);
        await server.StartAsync(CancellationToken.None);
        return $"127.0.0.1:{server.EndPoint.Port}";
    }

    private async Task RegisterAsync(
        string nameServers,
        string name,
        long id,
        string addr,
        IReadOnlyList<TopicConfig> topics,
        string cluster = "DefaultCluster")
    {
        // The cluster topic follows the broker's cluster.
        var table = cluster == "DefaultCluster"
            ? topics
            : topics.Select(t => t.TopicName == "DefaultCluster" ? t with { TopicName = cluster } : t).ToList();
        var broker = new SimulatedBroker(
            new SimulatedBrokerOptions(cluster, name, id, addr, addr.Replace(":10911", ":10912", StringComparison.Ordinal)) { Topics = table },
            new NameServerClientOptions { Addresses = nameServers, RandomStart = false });
        _brokers.Add(broker);
        var results = await broker.RegisterAsync().WaitAsync(s_long);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
    }
}
