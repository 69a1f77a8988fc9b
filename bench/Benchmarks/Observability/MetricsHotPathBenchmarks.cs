using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using NameServer.Actors.Protocol;
using NameServer.Actors.Server;
using NameServer.Actors.Server.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Benchmarks.Observability;

/// <summary>
/// What a measurement on the request path costs with OpenTelemetry's SDK and Prometheus exporter listening, against no
/// listener at all (the instrument is then disabled and Add/Record return at once). Target: 0 bytes allocated per
/// measurement. <see cref="RecordRequest"/> is the connection handler's call, through the NameServer's own pipeline.
/// </summary>
[MemoryDiagnoser]
public class MetricsHotPathBenchmarks
{
    private const int Operations = 1_000;

    private static readonly KeyValuePair<string, object?> s_code = new("code", "GET_ROUTEINFO_BY_TOPIC");
    private static readonly KeyValuePair<string, object?> s_result = new("result", "success");

    private readonly double[] _latencies = [.. Enumerable.Range(0, Operations).Select(i => i % 97 * 0.00003)];
    private KeyValuePair<string, object?>[] _codes = null!;
    private Meter _meter = null!;
    private MeterProvider? _provider;
    private NameServerMetrics _metrics = null!;
    private MeterProvider? _nameServerProvider;
    private Counter<long> _counter = null!;
    private Counter<long> _manyCounter = null!;
    private Histogram<double> _histogram = null!;

    [Params(false, true)]
    public bool Exporting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("NameServer.Actors.Benchmarks");
        _provider = Exporting
            ? Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddPrometheusExporter().Build()
            : null;
        _metrics = new NameServerMetrics();
        _nameServerProvider = NameServerMeterProvider.Build(_metrics, scrape: Exporting, NameServerSettings.Default.Otlp);
        _metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        _counter = _meter.CreateCounter<long>("nameserver.requests", "{request}");
        _manyCounter = _meter.CreateCounter<long>("nameserver.requests.by.code", "{request}");
        _histogram = _meter.CreateHistogram<double>("nameserver.request.duration", "s");
        // 32 request codes: more series than the linear scan covers, so lookups go through the hash index.
        _codes = [.. Enumerable.Range(0, 32).Select(i => new KeyValuePair<string, object?>("code", $"CODE_{i}"))];
        _counter.Add(1, s_code, s_result);
        _histogram.Record(0.001, s_code);
        foreach (var code in _codes)
        {
            _manyCounter.Add(1, code, s_result);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _nameServerProvider?.Dispose();
        _metrics.Dispose();
        _meter.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Counter<long>.Add(1, tag, tag), one series")]
    public void CounterAdd()
    {
        for (var i = 0; i < Operations; i++)
        {
            _counter.Add(1, s_code, s_result);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Counter<long>.Add(1, tag, tag), 32 series")]
    public void CounterAddManySeries()
    {
        var codes = _codes;
        for (var i = 0; i < Operations; i++)
        {
            _manyCounter.Add(1, codes[i & 31], s_result);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "Histogram<double>.Record(x, tag)")]
    public void HistogramRecord()
    {
        var latencies = _latencies;
        for (var i = 0; i < latencies.Length; i++)
        {
            _histogram.Record(latencies[i], s_code);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations, Description = "NameServerMetrics.RecordRequest (counter + histogram)")]
    public void RecordRequest()
    {
        var time = TimeProvider.System;
        for (var i = 0; i < Operations; i++)
        {
            _metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, time.GetTimestamp(), time);
        }
    }
}
