using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client.Tests;

public sealed class RouteCacheTests
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RouteCache_raises_a_change_once_when_the_route_content_changes()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4), ("broker-b", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock });
        var changes = Record(cache);

        await cache.SubscribeAsync("T");
        routes.Route = RouteOf(("broker-b", 4), ("broker-a", 4)); // same content, other order
        await TickAsync(cache, clock);
        routes.Route = RouteOf(("broker-a", 4), ("broker-b", 8));
        await TickAsync(cache, clock);
        await TickAsync(cache, clock);

        Assert.Equal(2, changes.Count);
        Assert.Null(changes[0].OldRoute);
        Assert.Equal(8, changes[1].NewRoute!.QueueDatas.Single(q => q.BrokerName == "broker-b").WriteQueueNums);
        Assert.Same(changes[0].NewRoute, changes[1].OldRoute);
        Assert.True(cache.TryGet("T", out var current));
        Assert.Same(changes[1].NewRoute, current);
    }

    [Fact]
    public async Task RouteCache_raises_a_change_to_null_when_the_topic_stops_existing()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock });
        var changes = Record(cache);
        await cache.SubscribeAsync("T");

        routes.Route = null;
        await TickAsync(cache, clock);
        await TickAsync(cache, clock);

        Assert.Equal(2, changes.Count);
        Assert.NotNull(changes[1].OldRoute);
        Assert.Null(changes[1].NewRoute);
        Assert.False(cache.TryGet("T", out _));
        Assert.Equal(["T"], cache.Topics);
    }

    [Fact]
    public async Task RouteCache_keeps_the_last_route_and_reports_the_error_when_a_refresh_fails()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock });
        var changes = Record(cache);
        var failures = new List<RouteRefreshFailedEventArgs>();
        cache.RefreshFailed += (_, e) => failures.Add(e);
        await cache.SubscribeAsync("T");

        routes.Failing = true;
        await TickAsync(cache, clock);
        routes.Failing = false;
        routes.Route = RouteOf(("broker-a", 2));
        await TickAsync(cache, clock);

        var failure = Assert.Single(failures);
        Assert.Equal("T", failure.Topic);
        Assert.Equal(ResponseCode.SystemError, Assert.IsType<NameServerException>(failure.Error).Code);
        Assert.Equal(2, changes.Count);
        Assert.Same(changes[0].NewRoute, changes[1].OldRoute);
    }

    [Fact]
    public async Task RouteCache_keeps_refreshing_when_a_change_handler_throws()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock });
        var failures = new List<RouteRefreshFailedEventArgs>();
        cache.RefreshFailed += (_, e) => failures.Add(e);
        cache.RouteChanged += (_, _) => throw new InvalidOperationException("subscriber bug");

        await cache.SubscribeAsync("T");
        routes.Route = RouteOf(("broker-a", 2));
        await TickAsync(cache, clock);

        Assert.Equal(2, failures.Count);
        Assert.True(cache.TryGet("T", out var route));
        Assert.Equal(2, route.QueueDatas[0].WriteQueueNums);
    }

    [Fact]
    public async Task RouteCache_stops_looking_a_topic_up_when_unsubscribed()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock });
        await cache.SubscribeAsync("T");
        var before = routes.Lookups;

        Assert.True(cache.Unsubscribe("T"));
        await TickAsync(cache, clock);

        Assert.Equal(before, routes.Lookups);
        Assert.False(cache.TryGet("T", out _));
        Assert.False(cache.Unsubscribe("T"));
        Assert.Empty(cache.Topics);
    }

    [Fact]
    public async Task RouteCache_refreshes_only_when_the_period_has_elapsed()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock, RefreshPeriod = TimeSpan.FromSeconds(5) });
        await cache.SubscribeAsync("T");

        clock.Advance(TimeSpan.FromSeconds(4));
        await cache.IdleAsync().WaitAsync(s_wait);
        Assert.Equal(1, routes.Lookups);
        clock.Advance(TimeSpan.FromSeconds(1));
        await cache.IdleAsync().WaitAsync(s_wait);

        Assert.Equal(2, routes.Lookups);
    }

    [Fact]
    public async Task RouteCache_subscribe_fetches_in_the_background_when_not_awaited()
    {
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var server = new FakeNameServer(routes.Answer);
        await using var client = Client(server.Address);
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = new FakeTimeProvider() });

        cache.Subscribe("T");
        cache.Subscribe("T");
        await cache.IdleAsync().WaitAsync(s_wait);

        Assert.True(cache.TryGet("T", out _));
        Assert.Equal(1, routes.Lookups);
    }

    [Fact]
    public async Task RouteCache_raises_one_change_through_failover_when_one_of_three_servers_is_down_and_one_is_slow()
    {
        var clock = new FakeTimeProvider();
        var down = FakeNameServer.UnusedAddress();
        await using var slow = new FakeNameServer(); // accepts, never answers
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var good = new FakeNameServer(routes.Answer);
        var timeout = TimeSpan.FromSeconds(2);
        await using var client = new NameServerClient(new NameServerClientOptions
        {
            Addresses = $"{down};{slow.Address};{good.Address}",
            RandomStart = false,
            RequestTimeout = timeout,
        });
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock });
        var changes = Record(cache);
        var failures = new List<RouteRefreshFailedEventArgs>();
        cache.RefreshFailed += (_, e) => failures.Add(e);

        // The first lookup meets the refused server, then the silent one (timeout), and is retried on the third.
        var watch = Stopwatch.StartNew();
        await cache.SubscribeAsync("T").WaitAsync(s_wait);
        watch.Stop();
        routes.Route = RouteOf(("broker-a", 4), ("broker-b", 4));
        await TickAsync(cache, clock);
        await TickAsync(cache, clock);

        Assert.Empty(failures);
        Assert.Equal(2, changes.Count);
        Assert.Null(changes[0].OldRoute);
        Assert.Equal(2, changes[1].NewRoute!.BrokerDatas.Count);
        Assert.Equal(good.Address, client.CurrentAddress);
        Assert.True(watch.Elapsed < timeout + TimeSpan.FromSeconds(5), $"the first lookup took {watch.Elapsed}");
    }

    [Fact]
    public async Task RouteCache_reports_the_timeout_and_keeps_the_route_when_retries_are_off()
    {
        var clock = new FakeTimeProvider();
        var routes = new RouteSource(RouteOf(("broker-a", 4)));
        await using var good = new FakeNameServer(routes.Answer);
        await using var slow = new FakeNameServer();
        await using var client = new NameServerClient(new NameServerClientOptions
        {
            Addresses = $"{good.Address};{slow.Address}",
            RandomStart = false,
            RequestTimeout = TimeSpan.FromSeconds(2),
        });
        await using var cache = new RouteCache(client, new RouteCacheOptions { TimeProvider = clock, RetryOnConnectionFailure = false });
        var failures = new List<RouteRefreshFailedEventArgs>();
        cache.RefreshFailed += (_, e) => failures.Add(e);
        await cache.SubscribeAsync("T");

        await good.DisposeAsync(); // the sticky server goes away; the next lookup lands on the silent one
        await TickAsync(cache, clock);

        Assert.True(cache.TryGet("T", out _));
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.IsAssignableFrom<RemotingException>(f.Error));
    }

    [Fact]
    public void RouteCacheComparer_sees_no_change_when_only_the_order_differs()
    {
        var a = RouteOf(("broker-a", 4), ("broker-b", 4));
        var b = RouteOf(("broker-b", 4), ("broker-a", 4));
        var c = RouteOf(("broker-a", 4), ("broker-b", 4)) with { OrderTopicConf = "broker-a:4" };

        Assert.True(RouteCacheComparer.RoutesEqual(a, b));
        Assert.False(RouteCacheComparer.RoutesEqual(a, c));
        Assert.False(RouteCacheComparer.RoutesEqual(a, null));
        Assert.True(RouteCacheComparer.RoutesEqual(null, null));
    }

    [Fact]
    public async Task RouteCache_rejects_a_period_when_not_positive()
    {
        await using var client = Client("127.0.0.1:1");

        Assert.Throws<ArgumentException>(() => new RouteCache(client, new RouteCacheOptions { RefreshPeriod = TimeSpan.Zero }));
    }

    private static async Task TickAsync(RouteCache cache, FakeTimeProvider clock)
    {
        clock.Advance(s_period);
        await cache.IdleAsync().WaitAsync(s_wait);
    }

    private static List<RouteChangedEventArgs> Record(RouteCache cache)
    {
        var changes = new List<RouteChangedEventArgs>();
        cache.RouteChanged += (_, e) =>
        {
            lock (changes)
            {
                changes.Add(e);
            }
        };
        return changes;
    }

    private static NameServerClient Client(string addresses) =>
        new(new NameServerClientOptions { Addresses = addresses, RandomStart = false });

    private static TopicRouteData RouteOf(params (string Broker, int Queues)[] brokers) =>
        new(
            brokers.Select(b => new QueueData(b.Broker, b.Queues, b.Queues, Perm.ReadWrite, 0)).ToList(),
            brokers.Select(b => new BrokerData("DefaultCluster", b.Broker, new Dictionary<long, string> { [0] = $"10.0.0.1:{b.Broker.Length}" })).ToList(),
            new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>What the fake server answers to route lookups; null route = TOPIC_NOT_EXIST.</summary>
    private sealed class RouteSource(TopicRouteData? route)
    {
        private int _lookups;

        public volatile TopicRouteData? Route = route;

        public volatile bool Failing;

        public int Lookups => Volatile.Read(ref _lookups);

        public RemotingCommand Answer(RemotingCommand request)
        {
            Interlocked.Increment(ref _lookups);
            if (Failing)
            {
                return FakeNameServer.Reply(request, ResponseCode.SystemError, "boom");
            }
            if (Route is not { } current)
            {
                return FakeNameServer.Reply(request, ResponseCode.TopicNotExist, "No topic route info in name server for the topic: T");
            }
            var reply = FakeNameServer.Reply(request);
            reply.Body = BodyEncoder.EncodeTopicRouteData(current, JsonMode.Standard);
            return reply;
        }
    }
}
