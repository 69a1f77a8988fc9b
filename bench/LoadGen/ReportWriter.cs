using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NameServer.Actors.LoadGen;

/// <summary>Renders a <see cref="LoadReport"/> as a plain-text table or as JSON.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToJson(LoadReport report) => JsonSerializer.Serialize(report, JsonOptions);

    public static string ToText(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        if (report.Mode == "populate")
        {
            text.AppendLine(c, $"target {report.Target}, mode populate, held {report.DurationSeconds:0.###} s");
        }
        else
        {
            text.AppendLine(c, $"target {report.Target}, mode {report.Mode}, warm-up {report.WarmupSeconds:0.###} s, measured {report.DurationSeconds:0.###} s");
        }
        if (report.Populated is not null)
        {
            text.AppendLine(c, $"table: populated {report.Populated}");
        }
        if (report.Route is not null || report.ClientCeiling is not null)
        {
            text.AppendLine(c, $"{"route queries",-16} {"conns x depth",13} {"requests/s",12} {"p50 us",8} {"p99 us",8} {"p99.9 us",9} {"max us",8} {"errors",8} {"reads/answer",12} {"client cpu %",12}");
            AppendRoute(text, "target", report.Route);
            AppendRoute(text, "client ceiling", report.ClientCeiling);
            foreach (var result in new[] { report.Route, report.ClientCeiling })
            {
                if (result is null)
                {
                    continue;
                }
                foreach (var (code, count) in result.ErrorsByCode)
                {
                    text.AppendLine(c, $"  {result.Target}: error {code}: {count}");
                }
                foreach (var failure in result.ConnectionFailures)
                {
                    text.AppendLine(c, $"  {result.Target}: {failure}");
                }
            }
        }
        if (report.Register is { } register)
        {
            text.AppendLine(c, $"{"register storm",-16} {"brokers x topics",16} {"registrations/s",16} {"p50 us",8} {"p99 us",8} {"p99.9 us",9} {"max us",8} {"errors",8}");
            text.AppendLine(c, $"{"target",-16} {$"{register.Brokers} x {register.TopicsPerBroker}",16} {register.RegistrationsPerSecond,16:0.0} {register.Latency.P50Us,8} {register.Latency.P99Us,8} {register.Latency.P999Us,9} {register.Latency.MaxUs,8} {register.ErrorsByCode.Values.Sum(),8}");
            foreach (var (code, count) in register.ErrorsByCode)
            {
                text.AppendLine(c, $"  register error {code}: {count}");
            }
        }
        if (report.Server is { } server)
        {
            text.AppendLine(c, $"server pid {server.Pid}: CPU {server.CpuSeconds:0.00} s in the window ({server.CpuPercentOfOneCore:0.0} % of one core), RSS {server.RssKb / 1024.0:0.0} MiB, peak RSS {server.PeakRssKb / 1024.0:0.0} MiB");
        }
        if (report.Route is { RequestsPerSecond: > 0 } r && report.ClientCeiling is { RequestsPerSecond: > 0 } ceiling)
        {
            text.AppendLine(c, $"target reached {r.RequestsPerSecond / ceiling.RequestsPerSecond * 100:0.0} % of the client ceiling");
        }
        foreach (var note in report.Notes)
        {
            text.AppendLine(c, $"note: {note}");
        }
        return text.ToString();
    }

    private static void AppendRoute(StringBuilder text, string label, RouteResult? result)
    {
        if (result is null)
        {
            return;
        }
        var errors = result.ErrorsByCode.Values.Sum();
        text.AppendLine(CultureInfo.InvariantCulture, $"{label,-16} {$"{result.Connections} x {result.Depth}",13} {result.RequestsPerSecond,12:0} {result.Latency.P50Us,8} {result.Latency.P99Us,8} {result.Latency.P999Us,9} {result.Latency.MaxUs,8} {errors,8} {result.ReadsPerAnswer,12:0.00} {result.ClientCpuPercentOfOneCore,12:0}");
    }
}
