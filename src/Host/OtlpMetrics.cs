using NameServer.Actors.Server.Observability;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Host;

/// <summary>Starts the OpenTelemetry SDK's OTLP exporter for the <see cref="NameServerMetrics.MeterName"/> meter.</summary>
public static class OtlpMetrics
{
    /// <summary>The running exporter (dispose to flush and stop), or null when no endpoint is configured.</summary>
    public static MeterProvider? Start(OtlpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MetricsOtlpEndpoint is not { } endpoint)
        {
            return null;
        }
        var protocol = settings.MetricsOtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        var interval = (int)Math.Clamp(settings.MetricsOtlpInterval.TotalMilliseconds, 100, int.MaxValue);
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
