using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// The one OpenTelemetry metrics pipeline of a NameServer: its own meter (<see cref="NameServerMetrics"/>) with the
/// runtime (GC, thread pool, JIT) and process (CPU, memory) instrumentation, read by the Prometheus exporter behind
/// <c>/metrics</c> and, when <c>metricsOtlpEndpoint</c> is set, by the OTLP push. See <c>docs/HTTP-API.md</c>.
/// </summary>
public static class NameServerMeterProvider
{
    /// <summary>
    /// Tag sets kept for <c>namesrv.requests</c> (request code × response code); further ones are folded into one
    /// <c>otel_metric_overflow="true"</c> series.
    /// </summary>
    public const int MaxSeriesPerInstrument = 2000;

    /// <summary>
    /// Tag sets kept for every other instrument, ours and the runtime's and process's: their label sets are a few
    /// enumerated values. The SDK allocates a metric point per possible series up front (~90 bytes each), so 2,000
    /// for each of the ~40 instruments would hold ~7 MB for series that never exist.
    /// </summary>
    public const int MaxSeriesPerSmallInstrument = 100;

    /// <summary>
    /// The running pipeline (dispose to flush and stop), or null when nothing reads the metrics (no scrape endpoint and
    /// no OTLP endpoint): then no listener is attached and recording an instrument costs next to nothing.
    /// </summary>
    /// <param name="scrape">Whether <c>/metrics</c> is served (<c>httpEnabled</c>); adds the Prometheus reader.</param>
    public static MeterProvider? Build(NameServerMetrics metrics, bool scrape, OtlpSettings otlp) => Build(metrics, scrape, otlp, null);

    /// <param name="addReaders">Further readers (tests); with them a pipeline is built even with no scrape and no OTLP.</param>
    internal static MeterProvider? Build(NameServerMetrics metrics, bool scrape, OtlpSettings otlp, Action<MeterProviderBuilder>? addReaders)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(otlp);
        if (!scrape && otlp.MetricsOtlpEndpoint is null && addReaders is null)
        {
            return null;
        }
        var own = metrics.Meter;
        var builder = Sdk.CreateMeterProviderBuilder()
            .AddMeter(NameServerMetrics.MeterName)
            // Meters are matched by name, and every NameServer in a process has a meter of that name: keep only ours,
            // so each one's /metrics shows its own counts. The limit bounds the series of any instrument.
            .AddView(instrument => instrument.Meter.Name != NameServerMetrics.MeterName
                ? new MetricStreamConfiguration { CardinalityLimit = MaxSeriesPerSmallInstrument }
                : ReferenceEquals(instrument.Meter, own)
                    ? new MetricStreamConfiguration
                    {
                        CardinalityLimit = instrument.Name == NameServerMetrics.RequestsInstrument ? MaxSeriesPerInstrument : MaxSeriesPerSmallInstrument,
                    }
                    : MetricStreamConfiguration.Drop)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation();
        if (scrape)
        {
            builder.AddPrometheusExporter(options =>
            {
                // Every scrape sees every measurement made before it (the default caches answers for 300 ms).
                options.ScrapeResponseCacheDurationMilliseconds = 0;
                // The documented label sets: no otel_scope_* labels (the metric's prefix names its meter) and no
                // target_info family (no resource is configured; the scrape job names the instance).
                options.ScopeInfoEnabled = false;
                options.TargetInfoEnabled = false;
            });
        }
        if (otlp.MetricsOtlpEndpoint is { } endpoint)
        {
            var protocol = otlp.MetricsOtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            var interval = (int)Math.Clamp(otlp.MetricsOtlpInterval.TotalMilliseconds, 100, int.MaxValue);
            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            });
        }
        addReaders?.Invoke(builder);
        return builder.Build();
    }
}
