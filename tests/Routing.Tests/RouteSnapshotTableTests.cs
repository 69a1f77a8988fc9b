using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.Tests;

public sealed class RouteSnapshotTableTests
{
    private static readonly RouteShape Shape = new(new TopicRouteData([], [], new Dictionary<string, IReadOnlyList<string>>()));

    private static RouteSnapshot Snapshot(string topic, long version = 1) => new(topic, Shape, version);

    [Fact]
    public void Set_replaces_the_snapshot_of_the_same_name_when_the_topic_is_published_again()
    {
        var table = new RouteSnapshotTable();
        table.Set(Snapshot("TopicA", 1));
        table.Set(Snapshot("TopicA", 2));

        Assert.Equal(1, table.Count);
        Assert.Equal(2, table.Find("TopicA")!.Version);
        Assert.Null(table.Find("TopicB"));
    }

    [Fact]
    public void Find_does_not_return_a_removed_entry_when_the_empty_name_is_looked_up()
    {
        var table = new RouteSnapshotTable();
        table.Set(Snapshot("TopicA"));
        Assert.NotNull(table.Remove("TopicA"));

        Assert.Null(table.Find(""));
        Assert.Null(table.Find("TopicA"));
        Assert.Null(table.Remove("TopicA"));
        Assert.Equal(0, table.Count);
        Assert.Empty(table.Snapshots);
    }

    [Fact]
    public void Table_agrees_with_a_dictionary_when_topics_are_added_replaced_and_removed_at_random()
    {
        var random = new Random(15);
        var table = new RouteSnapshotTable();
        var model = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var step = 0; step < 40_000; step++)
        {
            // Phases that grow the table, churn it at a steady size and shrink it, so rebuilds go both ways.
            var phase = step / 10_000;
            var topic = "Topic-" + random.Next(phase == 1 ? 3_000 : 6_000);
            var remove = random.NextDouble() < phase switch { 0 => 0.1, 1 => 0.5, 2 => 0.4, _ => 0.9 };
            if (remove)
            {
                var removed = table.Remove(topic);
                Assert.Equal(model.Remove(topic, out var version), removed is not null);
                Assert.Equal(version, removed?.Version ?? 0);
            }
            else
            {
                table.Set(Snapshot(topic, step + 1));
                model[topic] = step + 1;
            }
            Assert.Equal(model.Count, table.Count);
            if (step % 1_000 == 0)
            {
                AssertSame(model, table);
            }
        }
        AssertSame(model, table);
    }

    [Fact]
    public void Capacity_follows_the_count_when_the_table_grows_and_then_loses_most_topics()
    {
        var table = new RouteSnapshotTable();
        for (var i = 0; i < 10_000; i++)
        {
            table.Set(Snapshot("Topic-" + i));
        }
        var grown = table.Capacity;
        Assert.InRange(grown, 10_000 * 4 / 3, 10_000 * 4);

        for (var i = 0; i < 9_990; i++)
        {
            table.Remove("Topic-" + i);
        }

        Assert.InRange(table.Capacity, RouteSnapshotTable.MinCapacity, 128);
        for (var i = 9_990; i < 10_000; i++)
        {
            Assert.NotNull(table.Find("Topic-" + i));
        }
    }

    [Fact]
    public async Task Readers_always_find_stable_topics_when_the_writer_churns_others_and_rebuilds_the_array()
    {
        var table = new RouteSnapshotTable();
        var stable = Enumerable.Range(0, 200).Select(i => "Stable-" + i).ToArray();
        foreach (var topic in stable)
        {
            table.Set(Snapshot(topic));
        }
        var writerDone = 0;
        var misses = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (Volatile.Read(ref writerDone) == 0)
            {
                foreach (var topic in stable)
                {
                    if (table.Find(topic) is not { } found || found.Topic != topic)
                    {
                        Interlocked.Increment(ref misses);
                    }
                }
            }
        })).ToArray();

        // Grows to thousands of churned topics and back, many times: every rebuild happens under the readers.
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 5_000; i++)
            {
                table.Set(Snapshot("Churn-" + i, round));
            }
            for (var i = 0; i < 5_000; i++)
            {
                table.Remove("Churn-" + i);
            }
            foreach (var topic in stable.Take(20))
            {
                table.Set(Snapshot(topic, round + 2));
            }
        }
        Volatile.Write(ref writerDone, 1);
        await Task.WhenAll(readers);

        Assert.Equal(0, misses);
        Assert.Equal(stable.Length, table.Count);
    }

    private static void AssertSame(Dictionary<string, long> model, RouteSnapshotTable table)
    {
        foreach (var (topic, version) in model)
        {
            Assert.Equal(version, table.Find(topic)?.Version);
        }
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), table.Snapshots.Select(s => s.Topic).Order(StringComparer.Ordinal));
    }
}
