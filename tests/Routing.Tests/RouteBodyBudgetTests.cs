using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.Tests;

public sealed class RouteBodyBudgetTests
{
    private static TopicRouteData Route(string brokerName, int queues = 4) => new(
        [new QueueData(brokerName, queues, queues, 6, 0)],
        [new BrokerData("DefaultCluster", brokerName, new Dictionary<long, string> { [0] = "10.0.0.1:10911" })],
        new Dictionary<string, IReadOnlyList<string>>());

    private static int BodyLength(string brokerName) =>
        new RouteShape(Route(brokerName)).GetBody(JsonMode.Standard).Length;

    [Fact]
    public void Snapshots_keep_bodies_within_the_budget_when_more_distinct_routes_are_asked_for_than_fit()
    {
        var oneBody = BodyLength("broker-00");
        var snapshots = new RouteSnapshots(bodyCacheBytes: 3 * oneBody);
        for (var i = 0; i < 10; i++)
        {
            snapshots.Publish($"Topic-{i}", Route($"broker-{i:D2}"));
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.True(snapshots.TryGet($"Topic-{i}", out var snapshot));
            var expected = new RouteShape(Route($"broker-{i:D2}")).GetBody(JsonMode.Standard).ToArray();
            Assert.Equal(expected, snapshot.GetBody(JsonMode.Standard).ToArray());
            Assert.InRange(snapshots.BodyCacheBytes, 0, 3 * oneBody);
        }
        Assert.True(snapshots.BodyCacheBytes > 0);
    }

    [Fact]
    public void Budget_drops_the_body_not_asked_for_since_the_hand_passed_when_room_is_needed()
    {
        var oneBody = BodyLength("broker-00");
        var snapshots = new RouteSnapshots(bodyCacheBytes: 2 * oneBody);
        snapshots.Publish("Hot", Route("broker-00"));
        snapshots.Publish("Cold", Route("broker-01"));
        snapshots.Publish("New", Route("broker-02"));
        snapshots.TryGet("Hot", out var hot);
        snapshots.TryGet("Cold", out var cold);
        snapshots.TryGet("New", out var fresh);
        hot.GetBody(JsonMode.Standard);
        cold.GetBody(JsonMode.Standard);

        // Hot is answered again (its second chance); keeping New's body must then drop Cold's.
        hot.GetBody(JsonMode.Standard);
        fresh.GetBody(JsonMode.Standard);

        Assert.True(hot.Shape.HasBody(JsonMode.Standard));
        Assert.False(cold.Shape.HasBody(JsonMode.Standard));
        Assert.True(fresh.Shape.HasBody(JsonMode.Standard));
        Assert.Equal(2 * oneBody, snapshots.BodyCacheBytes);
    }

    [Fact]
    public void Budget_gets_the_bytes_back_when_the_last_topic_of_a_route_is_withdrawn()
    {
        var snapshots = new RouteSnapshots(bodyCacheBytes: 1024 * 1024);
        snapshots.Publish("TopicA", Route("broker-a"));
        snapshots.Publish("TopicB", Route("broker-a"));
        snapshots.TryGet("TopicA", out var a);
        a.GetBody(JsonMode.Standard);
        a.GetBody(JsonMode.Legacy);
        var kept = snapshots.BodyCacheBytes;

        snapshots.Publish("TopicA", null);
        Assert.Equal(kept, snapshots.BodyCacheBytes);
        snapshots.Publish("TopicB", null);

        Assert.Equal(0, snapshots.BodyCacheBytes);
        Assert.False(a.Shape.HasBody(JsonMode.Standard));
    }

    [Fact]
    public void Snapshots_keep_no_body_and_still_answer_when_the_budget_is_zero()
    {
        var snapshots = new RouteSnapshots(bodyCacheBytes: 0);
        snapshots.Publish("TopicA", Route("broker-a"));
        snapshots.TryGet("TopicA", out var a);

        var first = a.GetBody(JsonMode.Standard).ToArray();
        var second = a.GetBody(JsonMode.Standard).ToArray();

        Assert.Equal(first, second);
        Assert.NotEmpty(first);
        Assert.Equal(0, snapshots.BodyCacheBytes);
        Assert.False(a.Shape.HasBody(JsonMode.Standard));
    }

    [Fact]
    public void Budget_stays_within_its_limit_when_readers_on_several_threads_ask_for_many_routes()
    {
        var oneBody = BodyLength("broker-00");
        var snapshots = new RouteSnapshots(bodyCacheBytes: 20 * oneBody);
        for (var i = 0; i < 200; i++)
        {
            snapshots.Publish($"Topic-{i}", Route($"broker-{i:D2}", queues: 4 + (i % 3)));
        }

        Parallel.For(0, 4, worker =>
        {
            var random = new Random(worker);
            for (var n = 0; n < 5_000; n++)
            {
                snapshots.TryGet($"Topic-{random.Next(200)}", out var snapshot);
                Assert.False(snapshot.GetBody(random.Next(2) == 0 ? JsonMode.Standard : JsonMode.Legacy).IsEmpty);
            }
        });

        // Racing readers may each add one body before evicting: the excess is at most one body per reader.
        Assert.InRange(snapshots.BodyCacheBytes, 0, 24 * (oneBody + 64));
    }
}
