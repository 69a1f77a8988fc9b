using System.Buffers;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Benchmarks.Observability;

/// <summary>One scrape of the exposition: 100 counter series and 20 histogram series of 16 buckets.</summary>
[MemoryDiagnoser]
public class PrometheusRenderBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(256 * 1024);
    private Meter _meter = null!;
    private PrometheusExporter _exporter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("NameServer.Actors.Benchmarks");
        _exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("nameserver.requests", "{request}", "Requests handled.");
        var histogram = _meter.CreateHistogram<double>("nameserver.request.duration", "s", "Request handling time.");
        for (var i = 0; i < 100; i++)
        {
            counter.Add(i, new KeyValuePair<string, object?>("code", $"CODE_{i}"));
        }

        for (var i = 0; i < 20; i++)
        {
            histogram.Record(i * 0.0007, new KeyValuePair<string, object?>("code", $"CODE_{i}"));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Description = "WriteTo, 100 counter + 20 histogram series")]
    public int WriteTo()
    {
        _output.ResetWrittenCount();
        _exporter.WriteTo(_output);
        return _output.WrittenCount;
    }
}
