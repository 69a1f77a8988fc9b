using System.Runtime.CompilerServices;
using NameServer.Actors.Server.Observability;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Host;

/// <summary>Starts the OpenTelemetry SDK's OTLP exporter for the <see cref="NameServerMetrics.MeterName"/> meter.</summary>
public static class OtlpMetrics
{
    /// <summary>The running exporter (dispose to flush and stop, a <c>MeterProvider</c>), or null when no endpoint is configured.</summary>
    public static IDisposable? Start(OtlpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Without an endpoint (the default) no OpenTelemetry assembly is loaded: the SDK's types appear only inside
        // StartExporter (not in its signature), and the JIT loads them when it compiles it, on its first call.
        return settings.MetricsOtlpEndpoint is { } endpoint ? StartExporter(settings, endpoint) : null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDisposable StartExporter(OtlpSettings settings, Uri endpoint)
    {
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
