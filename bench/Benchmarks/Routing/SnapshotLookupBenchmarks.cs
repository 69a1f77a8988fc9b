using BenchmarkDotNet.Attributes;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Benchmarks.Routing;

/// <summary>
/// Route lookups from the published snapshots, as connections do them: no lock, no actor hop.
/// Target (issue 3): at least 5 million lookups per second on 2 threads.
/// </summary>
[MemoryDiagnoser]
public class SnapshotLookupBenchmarks
{
    private const int LookupsPerThread = 1_000_000;
    private const int Threads = 2;

    private RouteSnapshots _snapshots = null!;
    private string[] _topics = null!;

    [Params(10_000)]
    public int Topics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var state = new RouteTableState();
        var table = Enumerable.Range(0, Topics)
            .Select(i => new TopicConfig($"Topic-{i}", 8, 8, 6))
            .ToDictionary(t => t.TopicName);
        state.Register(
            new RegisterBrokerCommand("DefaultCluster", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912",
                new TopicConfigSerializeWrapper(new DataVersion(1, 1), table), [], 1, EnableActingMaster: false),
            0);
        _snapshots = new RouteSnapshots();
        foreach (var topic in state.GetAllTopics().Topics)
        {
            _snapshots.Publish(topic, state.GetRoute(topic));
        }
        // Fresh string instances, as decoded from requests (no reference-equality shortcut).
        _topics = Enumerable.Range(0, Topics).Select(i => new string($"Topic-{i}".AsSpan())).ToArray();
    }

    [Benchmark(OperationsPerInvoke = LookupsPerThread * Threads, Description = "TryGet on 2 threads")]
    public long LookupsOnTwoThreads()
    {
        long found = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            long local = 0;
            var topics = _topics;
            for (var i = 0; i < LookupsPerThread; i++)
            {
                if (_snapshots.TryGet(topics[(i + t * 7919) % topics.Length], out _))
                {
                    local++;
                }
            }
            Interlocked.Add(ref found, local);
        });
        return found;
    }
}
