using System.Globalization;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Observability;

/// <summary>How metrics are pushed to an OpenTelemetry collector.</summary>
public enum OtlpProtocol
{
    /// <summary><c>grpc</c>, usually port 4317.</summary>
    Grpc,

    /// <summary><c>http/protobuf</c>, usually <c>http://host:4318/v1/metrics</c>.</summary>
    HttpProtobuf,
}

/// <summary>
/// The optional OTLP push of the NameServer's metrics (beside the <c>/metrics</c> page, which needs no collector), read
/// from the <c>nameserver</c> section by <see cref="Create"/>; <c>namesrv</c> runs the exporter. Immutable; every default
/// is in <c>reference.conf</c>, none here.
/// </summary>
public sealed record OtlpSettings
{
    /// <summary><c>metricsOtlpEndpoint</c>: the collector, an http(s) URL; null (unset): no push.</summary>
    public required Uri? MetricsOtlpEndpoint { get; init; }

    /// <summary><c>metricsOtlpProtocol</c>: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    public required OtlpProtocol MetricsOtlpProtocol { get; init; }

    /// <summary><c>metricsOtlpInterval</c>: how often metrics are pushed, positive.</summary>
    public required TimeSpan MetricsOtlpInterval { get; init; }

    /// <summary>Reads and checks the OTLP keys of the <c>nameserver</c> section.</summary>
    /// <exception cref="SettingsException">The endpoint is not an http(s) URL or the protocol unknown; the message names the key.</exception>
    public static OtlpSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section);
        var endpoint = read.OptionalText("metricsOtlpEndpoint");
        var protocol = read.Text("metricsOtlpProtocol");
        return new OtlpSettings
        {
            MetricsOtlpEndpoint = endpoint is null
                ? null
                : Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? uri
                    : throw read.Invalid("metricsOtlpEndpoint", $"'{endpoint}' is not an http(s) URL"),
            MetricsOtlpProtocol = protocol.Trim().ToLowerInvariant() switch
            {
                "grpc" => OtlpProtocol.Grpc,
                "http/protobuf" or "http" => OtlpProtocol.HttpProtobuf,
                _ => throw read.Invalid("metricsOtlpProtocol", $"'{protocol}' must be grpc or http/protobuf"),
            },
            MetricsOtlpInterval = read.PositiveDuration("metricsOtlpInterval"),
        };
    }

    /// <summary>The keys in the Java form, for <c>namesrv -p</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        yield return new("metricsOtlpEndpoint", MetricsOtlpEndpoint?.OriginalString ?? "");
        yield return new("metricsOtlpProtocol", MetricsOtlpProtocol == OtlpProtocol.Grpc ? "grpc" : "http/protobuf");
        yield return new("metricsOtlpInterval", ((long)MetricsOtlpInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
    }
}
