using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.Tests;

public sealed class RouteBodyCacheTests
{
    // Routes of one broker whose names have the same length: every body has the same size.
    private static TopicRouteData Route(int broker) =>
        new(
            [new QueueData($"broker-{broker:D3}", 8, 8, 6, 0)],
            [new BrokerData("DefaultCluster", $"broker-{broker:D3}", new Dictionary<long, string> { [0] = $"10.0.0.1:{10000 + broker}" })],
            new Dictionary<string, IReadOnlyList<string>>());

    private static readonly int BodyLength = BodyEncoder.EncodeTopicRouteData(Route(0), JsonMode.Standard).Length;

    private static string Topic(int i) => $"T{i:D3}";

    private static RouteSnapshots Published(long budget, int topics)
    {
        var snapshots = new RouteSnapshots(budget);
        for (var i = 0; i < topics; i++)
        {
            snapshots.Publish(Topic(i), Route(i));
        }
        return snapshots;
    }

    private static ReadOnlyMemory<byte> Body(RouteSnapshots snapshots, int topic, JsonMode mode = JsonMode.Standard)
    {
        Assert.True(snapshots.TryGet(Topic(topic), out var snapshot));
        return snapshot.GetBody(mode);
    }

    [Fact]
    public void GetBody_encodes_once_and_keeps_the_body_when_it_is_asked_again()
    {
        var snapshots = Published(1 << 20, 1);

        var first = Body(snapshots, 0);
        var second = Body(snapshots, 0);

        Assert.True(first.Span == second.Span, "the kept body is the same memory");
        Assert.Equal(1, snapshots.BodyCache.Encodes);
        Assert.Equal(BodyLength, snapshots.BodyCache.Bytes);
        Assert.Equal(1, snapshots.BodyCache.Count);
    }

    [Fact]
    public void BodyCache_stays_within_its_budget_when_more_bodies_are_asked_for_than_fit()
    {
        var budget = (3 * BodyLength) + (BodyLength / 2);
        var snapshots = Published(budget, 20);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(BodyEncoder.EncodeTopicRouteData(Route(i), JsonMode.Standard), Body(snapshots, i).ToArray());
                Assert.InRange(snapshots.BodyCache.Bytes, BodyLength, budget);
            }
        }
        Assert.Equal(3, snapshots.BodyCache.Count);
        Assert.True(snapshots.BodyCache.Evictions >= 57, $"evictions: {snapshots.BodyCache.Evictions}");
    }

    [Fact]
    public void BodyCache_keeps_a_hot_body_when_a_sweep_evicts_cold_ones()
    {
        var snapshots = Published(3 * BodyLength, 4);
        Body(snapshots, 0);
        Body(snapshots, 1);
        Body(snapshots, 2);
        Body(snapshots, 0);

        Body(snapshots, 3);

        Assert.Equal(4, snapshots.BodyCache.Encodes);
        Assert.Equal(1, snapshots.BodyCache.Evictions);
        Body(snapshots, 0);
        Assert.Equal(4, snapshots.BodyCache.Encodes);
        Body(snapshots, 1);
        Assert.Equal(5, snapshots.BodyCache.Encodes);
        Assert.Equal(3 * BodyLength, snapshots.BodyCache.Bytes);
    }

    [Fact]
    public void Publish_releases_the_bytes_of_the_snapshot_it_replaces_or_withdraws()
    {
        var snapshots = Published(1 << 20, 2);
        Body(snapshots, 0, JsonMode.Standard);
        Body(snapshots, 0, JsonMode.Legacy);
        Body(snapshots, 1);
        Assert.Equal(3, snapshots.BodyCache.Count);

        snapshots.Publish(Topic(0), Route(5));
        Assert.Equal(BodyLength, snapshots.BodyCache.Bytes);
        snapshots.Publish(Topic(1), null);

        Assert.Equal(0, snapshots.BodyCache.Bytes);
        Assert.Equal(0, snapshots.BodyCache.Count);
        Assert.Equal(0, snapshots.BodyCache.Evictions);
        Assert.Equal(BodyEncoder.EncodeTopicRouteData(Route(5), JsonMode.Legacy), Body(snapshots, 0, JsonMode.Legacy).ToArray());
    }

    [Fact]
    public void GetBody_encodes_every_time_with_identical_bytes_when_the_budget_is_zero()
    {
        var snapshots = Published(0, 1);

        var first = Body(snapshots, 0, JsonMode.Legacy);
        var second = Body(snapshots, 0, JsonMode.Legacy);

        Assert.False(first.Span == second.Span, "nothing is kept");
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(BodyEncoder.EncodeTopicRouteData(Route(0), JsonMode.Legacy), first.ToArray());
        Assert.Equal(2, snapshots.BodyCache.Encodes);
        Assert.Equal(0, snapshots.BodyCache.Bytes);
    }

    [Fact]
    public void Budget_evicts_at_once_when_it_is_lowered()
    {
        var snapshots = Published(1 << 20, 5);
        for (var i = 0; i < 5; i++)
        {
            Body(snapshots, i);
        }

        snapshots.BodyCache.Budget = 2 * BodyLength;

        Assert.Equal(2 * BodyLength, snapshots.BodyCache.Bytes);
        Assert.Equal(3, snapshots.BodyCache.Evictions);
        snapshots.BodyCache.Budget = 0;
        Assert.Equal(0, snapshots.BodyCache.Bytes);
        Body(snapshots, 0);
        Assert.Equal(0, snapshots.BodyCache.Bytes);
    }

    [Fact]
    public void BodyCache_drops_the_ring_entries_of_replaced_snapshots_when_they_outnumber_the_bodies()
    {
        var snapshots = Published(1 << 20, 1);

        for (var i = 0; i < 1_000; i++)
        {
            snapshots.Publish(Topic(0), Route(i % 7));
            Body(snapshots, 0);
            Assert.InRange(snapshots.BodyCache.RingLength, 1, (2 * snapshots.BodyCache.Count) + 65);
        }
        Assert.Equal(1, snapshots.BodyCache.Count);
        Assert.Equal(0, snapshots.BodyCache.Evictions);
    }

    [Fact]
    public void GetBody_gives_every_concurrent_reader_the_same_bytes_and_counts_them_exactly()
    {
        const int topics = 16;
        var budget = 5L * BodyLength;
        var snapshots = Published(budget, topics);
        var expected = Enumerable.Range(0, topics)
            .Select(i => (Standard: BodyEncoder.EncodeTopicRouteData(Route(i), JsonMode.Standard), Legacy: BodyEncoder.EncodeTopicRouteData(Route(i), JsonMode.Legacy)))
            .ToArray();
        var mismatches = 0;

        // Worker 0 is the one writer: it republishes the hot topics (same routes) while the others read.
        Parallel.For(0, 5, new ParallelOptions { MaxDegreeOfParallelism = 5 }, worker =>
        {
            if (worker == 0)
            {
                for (var n = 0; n < 2_000; n++)
                {
                    snapshots.Publish(Topic(n % 2), Route(n % 2));
                }
                return;
            }
            var random = new Random(worker);
            for (var n = 0; n < 5_000; n++)
            {
                // Half the reads go to two hot topics.
                var topic = random.Next(2) == 0 ? random.Next(2) : random.Next(topics);
                var mode = random.Next(2) == 0 ? JsonMode.Standard : JsonMode.Legacy;
                var want = mode == JsonMode.Standard ? expected[topic].Standard : expected[topic].Legacy;
                if (!Body(snapshots, topic, mode).Span.SequenceEqual(want))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });

        Assert.Equal(0, mismatches);
        snapshots.BodyCache.Sweep();
        Assert.InRange(snapshots.BodyCache.Bytes, 0, budget);
        // Every counted body is on the ring (a body kept by a reader racing a replacement included): a budget of 0
        // drops them all, and the count comes back to exactly 0.
        snapshots.BodyCache.Budget = 0;
        Assert.Equal(0, snapshots.BodyCache.Bytes);
        Assert.Equal(0, snapshots.BodyCache.Count);
    }
}
