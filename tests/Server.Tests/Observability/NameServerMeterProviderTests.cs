using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NameServer.Actors.Protocol;
using NameServer.Actors.Server.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>
/// The one metrics pipeline: nothing listens unless something reads, the OTLP push against a small collector stand-in
/// on 127.0.0.1 (HTTP/protobuf), and the request path's recording allocates nothing with the SDK listening.
/// </summary>
public sealed class NameServerMeterProviderTests
{
    [Fact]
    public void Build_returns_nothing_when_neither_scrape_nor_otlp_is_configured()
    {
        using var metrics = new NameServerMetrics();

        Assert.Null(NameServerMeterProvider.Build(metrics, scrape: false, NameServerSettings.Default.Otlp));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecordRequest_allocates_nothing_when_the_pipeline_listens_and_the_series_exist(bool scrape)
    {
        using var metrics = new NameServerMetrics();
        using var provider = scrape ? NameServerMeterProvider.Build(metrics, scrape: true, NameServerSettings.Default.Otlp) : null;
        var time = TimeProvider.System;
        // The first measurement of a series creates it (and JIT-compiles the path): allowed to allocate.
        for (var i = 0; i < 100; i++)
        {
            metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, time.GetTimestamp(), time);
            metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.TopicNotExist, time.GetTimestamp(), time);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, time.GetTimestamp(), time);
            metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.TopicNotExist, time.GetTimestamp(), time);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Build_reads_only_its_own_meter_when_another_nameserver_meter_has_the_same_name()
    {
        using var ours = new NameServerMetrics();
        using var theirs = new NameServerMetrics();
        var collector = new Collected();
        using var provider = NameServerMeterProvider.Build(
            ours, scrape: false, NameServerSettings.Default.Otlp, b => b.AddReader(new BaseExportingMetricReader(collector)))!;

        ours.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            theirs.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        }
        provider.ForceFlush();

        Assert.Equal(1, collector.Sum("namesrv.requests"));
    }

    [Fact]
    public void Requests_are_counted_per_request_code_and_result_when_the_pipeline_collects()
    {
        using var metrics = new NameServerMetrics();
        var collector = new Collected();
        using var provider = NameServerMeterProvider.Build(
            metrics, scrape: false, NameServerSettings.Default.Otlp, b => b.AddReader(new BaseExportingMetricReader(collector)))!;
        var time = TimeProvider.System;

        for (var i = 0; i < 3; i++)
        {
            metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, time.GetTimestamp(), time);
        }
        metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.TopicNotExist, time.GetTimestamp(), time);
        metrics.RecordRequest(RequestCode.GetBrokerClusterInfo, 9999, time.GetTimestamp(), time);
        metrics.RecordRequest(9999, ResponseCode.RequestCodeNotSupported, time.GetTimestamp(), time);
        provider.ForceFlush();
        metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, time.GetTimestamp(), time);
        provider.ForceFlush();

        var series = collector.Points("namesrv.requests")
            .ToDictionary(p => $"{p.Tags.Single(t => t.Key == "code").Value}/{p.Tags.Single(t => t.Key == "result").Value}", p => p.Value);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["105/SUCCESS"] = 4,
                ["105/TOPIC_NOT_EXIST"] = 1,
                ["106/other"] = 1,
                ["other/REQUEST_CODE_NOT_SUPPORTED"] = 1,
            },
            series);
    }

    [Fact]
    public void Build_folds_label_sets_past_the_cap_into_one_overflow_series_when_an_instrument_has_too_many()
    {
        using var metrics = new NameServerMetrics();
        var collector = new Collected();
        using var provider = NameServerMeterProvider.Build(
            metrics, scrape: false, NameServerSettings.Default.Otlp, b => b.AddReader(new BaseExportingMetricReader(collector)))!;

        for (var i = 0; i < NameServerMeterProvider.MaxSeriesPerSmallInstrument + 100; i++)
        {
            metrics.RecordRejection(RequestCode.GetRouteInfoByTopic, $"reason-{i}");
        }
        provider.ForceFlush();

        var series = collector.Points("namesrv.requests.rejected");
        // The cap's label sets and the one overflow series.
        Assert.Equal(NameServerMeterProvider.MaxSeriesPerSmallInstrument + 1, series.Count);
        Assert.Contains(series, p => p.Tags.Any(t => t.Key == "otel.metric.overflow"));
        Assert.Equal(NameServerMeterProvider.MaxSeriesPerSmallInstrument + 100, collector.Sum("namesrv.requests.rejected"));
    }

    /// <summary>Keeps what each export carried: every sum point of every metric, by name.</summary>
    private sealed class Collected : BaseExporter<Metric>
    {
        private readonly List<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> _points = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            lock (_points)
            {
                _points.Clear();
                foreach (var metric in batch)
                {
                    foreach (ref readonly var point in metric.GetMetricPoints())
                    {
                        var tags = new List<KeyValuePair<string, object?>>();
                        foreach (var tag in point.Tags)
                        {
                            tags.Add(tag);
                        }
                        _points.Add((metric.Name, metric.MetricType == MetricType.LongSum ? point.GetSumLong() : 0, [.. tags]));
                    }
                }
            }
            return ExportResult.Success;
        }

        public List<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> Points(string name)
        {
            lock (_points)
            {
                return _points.Where(p => p.Name == name).ToList();
            }
        }

        public long Sum(string name) => Points(name).Sum(p => p.Value);
    }

    [Fact]
    public async Task Build_pushes_the_nameserver_meter_to_the_collector_when_an_otlp_endpoint_is_configured()
    {
        var received = new TaskCompletionSource<(string Path, byte[] Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var kestrelOptions = new KestrelServerOptions();
        kestrelOptions.Listen(IPAddress.Loopback, 0);
        using var collector = new KestrelServer(
            Options.Create(kestrelOptions), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        await collector.StartAsync(new Collector(received), CancellationToken.None);
        var port = new Uri(collector.Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        using var metrics = new NameServerMetrics();
        metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        using (var provider = NameServerMeterProvider.Build(metrics, scrape: false, NameServerSettings.Default.Otlp with
        {
            MetricsOtlpEndpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics"),
            MetricsOtlpProtocol = OtlpProtocol.HttpProtobuf,
            MetricsOtlpInterval = TimeSpan.FromMilliseconds(200),
        }))
        {
            Assert.NotNull(provider);
            metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
            var (path, body) = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal("/v1/metrics", path);
            // Protobuf keeps strings as UTF-8 bytes: the instrument's name is in the payload.
            Assert.Contains("namesrv.requests", Encoding.UTF8.GetString(body));
        }
        await collector.StopAsync(CancellationToken.None);
    }

    private sealed class Collector(TaskCompletionSource<(string Path, byte[] Body)> received) : IHttpApplication<IFeatureCollection>
    {
        public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

        public async Task ProcessRequestAsync(IFeatureCollection context)
        {
            var request = context.Get<IHttpRequestFeature>()!;
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            if (Encoding.UTF8.GetString(bytes).Contains("namesrv.requests", StringComparison.Ordinal))
            {
                received.TrySetResult((request.Path, bytes));
            }
            context.Get<IHttpResponseFeature>()!.StatusCode = 200;
        }

        public void DisposeContext(IFeatureCollection context, Exception? exception)
        {
        }
    }
}
