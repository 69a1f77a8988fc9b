using System.Diagnostics;
using Akka.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NameServer.Actors.Contracts;
using NameServer.Actors.Protocol;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>Route changes pushed over Akka.Remote to subscribers in another actor system.</summary>
public sealed class RouteSubscriptionsTests : RemoteTestKit
{
    // The issue's bound, asserted as is; the measured delays are written to the test output.
    private static readonly TimeSpan PushBound = TimeSpan.FromMilliseconds(100);

    private readonly ITestOutputHelper _output;
    private readonly FakeLogCollector _logs = new();

    public RouteSubscriptionsTests(ITestOutputHelper output)
        : base(output)
    {
        _output = output;
        ServerLogs = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs)));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        ServerLogs.Dispose();
    }

    private async Task<TestProbe> SubscribeAsync(IReadOnlyList<string>? topics, int currentRoutes)
    {
        var subscriber = CreateTestProbe();
        Gateway.Tell(new SubscribeRoutes(topics), subscriber.Ref);
        Assert.Equal(currentRoutes, (await subscriber.ExpectMsgAsync<RoutesSubscribed>(Timeout)).CurrentRoutes);
        return subscriber;
    }

    private static async Task<RouteChanged> NextChangeOfAsync(TestProbe subscriber, string topic) =>
        (RouteChanged)await subscriber.FishForMessageAsync(m => m is RouteChanged c && c.Topic == topic, Timeout);

    [Fact]
    public async Task Subscriber_gets_RouteChanged_within_100_ms_when_a_registration_changes_a_route()
    {
        var subscriber = await SubscribeAsync(null, 0);
        await using var broker = await RawConnection.ConnectAsync(Server.EndPoint);
        // Once before measuring: the first conversion and the first push over the association pay for JIT compilation.
        await broker.InvokeAsync(ServerTestBase.Registration("broker-w", 0, "10.0.0.9:10911", ["Warm-1", "Warm-2"]));
        await NextChangeOfAsync(subscriber, "Warm-2");

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var topic = $"Topic-{i}";
            var started = Stopwatch.StartNew();
            await broker.SendAsync(ServerTestBase.Registration($"broker-{i}", 0, $"10.0.1.{i}:10911", [topic, $"Other-{i}"]));
            var change = await NextChangeOfAsync(subscriber, topic);
            delays.Add(started.Elapsed);
            Assert.Equal($"10.0.1.{i}:10911", Assert.Single(change.Route!.BrokerDatas).BrokerAddrs[0]);
            Assert.Equal(ResponseCode.Success, (await broker.ReceiveAsync()).Code);
        }

        _output.WriteLine($"registration -> RouteChanged: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:F1} ms"))}");
        Assert.All(delays, d => Assert.True(d < PushBound, $"RouteChanged after {d.TotalMilliseconds:F1} ms"));
    }

    [Fact]
    public async Task Subscriber_gets_RouteChanged_within_100_ms_when_a_brokers_tcp_connection_closes()
    {
        // Once before measuring: the first close pays for compiling the close path.
        var warmSubscriber = await SubscribeAsync(["Warm-1"], 1);
        await warmSubscriber.ExpectMsgAsync<RouteChanged>(Timeout);
        var warm = await RawConnection.ConnectAsync(Server.EndPoint);
        await warm.InvokeAsync(ServerTestBase.Registration("broker-w", 0, "10.0.0.9:10911", ["Warm-1", "Warm-2"]));
        Assert.NotNull((await NextChangeOfAsync(warmSubscriber, "Warm-1")).Route);
        await warm.DisposeAsync();
        Assert.Null((await NextChangeOfAsync(warmSubscriber, "Warm-1")).Route);

        var topics = Enumerable.Range(0, 6).Select(i => $"Closing-{i}").ToArray();
        var subscriber = await SubscribeAsync(topics, topics.Length);
        foreach (var topic in topics)
        {
            Assert.Equal(new RouteChanged(topic, null), await subscriber.ExpectMsgAsync<RouteChanged>(Timeout));
        }
        var delays = new List<TimeSpan>();
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = topics[i];
            var broker = await RawConnection.ConnectAsync(Server.EndPoint);
            await broker.InvokeAsync(ServerTestBase.Registration($"broker-{i}", 0, $"10.0.2.{i}:10911", [topic, $"Kept-{i}"]));
            Assert.NotNull((await NextChangeOfAsync(subscriber, topic)).Route);

            var started = Stopwatch.StartNew();
            await broker.DisposeAsync();
            var change = await NextChangeOfAsync(subscriber, topic);
            delays.Add(started.Elapsed);
            Assert.Null(change.Route);
        }

        _output.WriteLine($"TCP close -> RouteChanged: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:F1} ms"))}");
        Assert.All(delays, d => Assert.True(d < PushBound, $"RouteChanged after {d.TotalMilliseconds:F1} ms"));
    }

    [Fact]
    public async Task Subscriber_gets_the_current_routes_then_only_changes_of_its_topics_when_subscribing_to_some()
    {
        await using var broker = await RawConnection.ConnectAsync(Server.EndPoint);
        await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]));

        var subscriber = await SubscribeAsync(["TopicA", "TopicX"], 2);
        var first = await subscriber.ExpectMsgAsync<RouteChanged>(Timeout);
        var second = await subscriber.ExpectMsgAsync<RouteChanged>(Timeout);
        Assert.Equal(("TopicA", true), (first.Topic, first.Route is not null));
        Assert.Equal(new RouteChanged("TopicX", null), second);

        await broker.InvokeAsync(ServerTestBase.Registration("broker-b", 0, "10.0.0.2:10911", ["TopicB", "TopicC"]));
        await broker.InvokeAsync(ServerTestBase.Registration("broker-c", 0, "10.0.0.3:10911", ["TopicX", "TopicC"]));

        var change = await subscriber.ExpectMsgAsync<RouteChanged>(Timeout);
        Assert.Equal("TopicX", change.Topic);
        Assert.Equal("broker-c", Assert.Single(change.Route!.BrokerDatas).BrokerName);
        await subscriber.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Subscriber_gets_no_more_changes_when_it_unsubscribes()
    {
        var subscriber = await SubscribeAsync(["TopicA"], 1);
        await subscriber.ExpectMsgAsync<RouteChanged>(Timeout);

        Gateway.Tell(new UnsubscribeRoutes(), subscriber.Ref);
        Assert.False((await subscriber.ExpectMsgAsync<RoutesUnsubscribed>(Timeout)).Subscribed);
        await using var broker = await RawConnection.ConnectAsync(Server.EndPoint);
        await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]));

        await subscriber.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Subscription_drops_a_subscriber_when_its_actor_system_stops()
    {
        var remote = StartSystem("subscriber");
        var answers = CreateTestProbe();
        // Sent from the subscriber's own system, so that the gateway sees its address.
        remote.ActorSelection(GatewayAddress).Tell(new SubscribeRoutes(), remote.ActorOf(Forwarder.Props(answers.Ref), "subscriber"));
        await answers.ExpectMsgAsync<RoutesSubscribed>(Timeout);
        var other = await SubscribeAsync(["TopicA"], 1);
        Assert.Equal(new RouteChanged("TopicA", null), await other.ExpectMsgAsync<RouteChanged>(Timeout));

        await remote.Terminate();

        await AwaitConditionAsync(
            () => Task.FromResult(_logs.GetSnapshot().Any(r => r.Message.Contains("terminated and dropped; 1 subscribers left", StringComparison.Ordinal))),
            Timeout);
        await using var broker = await RawConnection.ConnectAsync(Server.EndPoint);
        await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]));
        Assert.NotNull((await NextChangeOfAsync(other, "TopicA")).Route);
    }
}
