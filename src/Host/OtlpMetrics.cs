using NameServer.Actors.Hocon;
using NameServer.Actors.Server.Observability;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Host;

/// <summary>The optional OTLP push of the NameServer's metrics (beside the <c>/metrics</c> page, which needs no collector).</summary>
public sealed class OtlpOptions
{
    /// <summary>Collector endpoint, e.g. <c>http://127.0.0.1:4317</c> (gRPC) or <c>http://127.0.0.1:4318/v1/metrics</c> (HTTP). Default empty: off.</summary>
    public string MetricsOtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string MetricsOtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed. Default 10 s.</summary>
    public HoconDuration MetricsOtlpInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal OtlpExportProtocol Protocol => MetricsOtlpProtocol.ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new ArgumentException($"metricsOtlpProtocol '{MetricsOtlpProtocol}' must be grpc or http/protobuf"),
    };

    internal Uri? Endpoint => string.IsNullOrWhiteSpace(MetricsOtlpEndpoint)
        ? null
        : Uri.TryCreate(MetricsOtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"metricsOtlpEndpoint '{MetricsOtlpEndpoint}' is not an http(s) URL");
}

/// <summary>Starts the OpenTelemetry SDK's OTLP exporter for the <see cref="NameServerMetrics.MeterName"/> meter.</summary>
public static class OtlpMetrics
{
    /// <summary>The running exporter (dispose to flush and stop), or null when no endpoint is configured.</summary>
    public static MeterProvider? Start(OtlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is not { } endpoint)
        {
            return null;
        }
        var protocol = options.Protocol;
        var interval = (int)Math.Clamp(options.MetricsOtlpInterval.Value.TotalMilliseconds, 100, int.MaxValue);
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(NameServerMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            })
            .Build();
    }
}
