using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>One sample line: metric name, labels (unescaped) and value.</summary>
internal sealed record PromSample(string Name, IReadOnlyDictionary<string, string> Labels, string LabelText, double Value, string ValueText);

internal sealed record PromFamily(string Name, string Help, string Type, List<PromSample> Samples);

/// <summary>A parsed and validated text exposition.</summary>
internal sealed class PromExposition(List<PromFamily> families)
{
    public IReadOnlyList<PromFamily> Families { get; } = families;

    public IEnumerable<string> FamilyNames => Families.Select(f => f.Name);

    public PromFamily Family(string name) =>
        Families.SingleOrDefault(f => f.Name == name)
        ?? throw new InvalidOperationException($"no family {name}; have: {string.Join(", ", FamilyNames)}");

    public bool HasFamily(string name) => Families.Any(f => f.Name == name);

    /// <summary>The value of the one sample with this name and exactly these labels.</summary>
    public double Value(string sampleName, params (string Name, string Value)[] labels)
    {
        var matches = Families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sampleName && s.Labels.Count == labels.Length
                && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{matches.Count} samples {sampleName} with labels {string.Join(",", labels)}");
    }
}

/// <summary>
/// A small parser and validator of the Prometheus text format (0.0.4), strict about what OpenTelemetry's exporter
/// promises: every line is HELP, TYPE or a sample <c>name{labels} value</c>; each family has its HELP and TYPE (in either
/// order) before its samples and appears once; no series appears twice in a family; histogram series are complete
/// (buckets with increasing le ending in +Inf, non-decreasing counts, then _sum, then _count equal to +Inf). Neither
/// families nor series are in any promised order.
/// </summary>
internal static partial class PrometheusText
{
    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex FloatText();

    public static PromExposition Parse(string text)
    {
        var families = new List<PromFamily>();
        if (text.Length == 0)
        {
            return new PromExposition(families);
        }

        Check(text.EndsWith('\n'), 0, "exposition must end with a line feed");
        var lines = text[..^1].Split('\n');
        PromFamily? current = null;
        string? headerName = null;
        string? headerHelp = null;
        string? headerType = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            Check(line.Length > 0, number, "empty line");
            var isHelp = line.StartsWith("# HELP ", StringComparison.Ordinal);
            if (isHelp || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ');
                Check(space > 0, number, isHelp ? "HELP needs a name and a text" : "TYPE needs a name and a type");
                var name = rest[..space];
                Check(MetricName().IsMatch(name), number, $"bad metric name '{name}'");
                if (headerName is null)
                {
                    Check(families.All(f => f.Name != name), number, $"family {name} appears twice");
                    headerName = name;
                }
                Check(headerName == name, number, $"family {headerName} has a {(headerHelp is null ? "TYPE without HELP" : "HELP without TYPE")}");
                if (isHelp)
                {
                    Check(headerHelp is null, number, $"HELP {name} twice");
                    headerHelp = UnescapeHelp(rest[(space + 1)..], number);
                }
                else
                {
                    Check(headerType is null, number, $"TYPE {name} twice");
                    headerType = rest[(space + 1)..];
                    Check(headerType is "counter" or "gauge" or "histogram" or "summary" or "untyped", number, $"unknown type {headerType}");
                }
                if (headerHelp is not null && headerType is not null)
                {
                    if (current is not null)
                    {
                        Validate(current);
                    }

                    current = new PromFamily(name, headerHelp, headerType, []);
                    families.Add(current);
                    (headerName, headerHelp, headerType) = (null, null, null);
                }
                continue;
            }

            Check(!line.StartsWith('#'), number, "unexpected comment line");
            Check(headerName is null && current is not null, number, "sample before its family's HELP and TYPE");
            var sample = ParseSample(line, number);
            var allowed = current!.Type == "histogram"
                ? new[] { current.Name + "_bucket", current.Name + "_sum", current.Name + "_count" }
                : [current.Name];
            Check(allowed.Contains(sample.Name), number, $"sample {sample.Name} does not belong to family {current.Name}");
            current.Samples.Add(sample);
        }

        Check(headerName is null, lines.Length, $"HELP or TYPE of {headerName} alone at the end");
        if (current is not null)
        {
            Validate(current);
        }

        return new PromExposition(families);
    }

    private static PromSample ParseSample(string line, int number)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        Check(MetricName().IsMatch(name), number, $"bad metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelText = "";
        Check(position < line.Length, number, "sample without value");
        if (line[position] == '{')
        {
            var start = ++position;
            while (true)
            {
                Check(position < line.Length, number, "unterminated label set");
                if (line[position] == '}')
                {
                    break;
                }

                var equals = line.IndexOf('=', position);
                Check(equals > position, number, "label without '='");
                var labelName = line[position..equals];
                Check(LabelName().IsMatch(labelName), number, $"bad label name '{labelName}'");
                Check(equals + 1 < line.Length && line[equals + 1] == '"', number, "label value must be quoted");
                position = equals + 2;
                var value = new StringBuilder();
                while (true)
                {
                    Check(position < line.Length, number, "unterminated label value");
                    var c = line[position++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        Check(position < line.Length, number, "dangling backslash");
                        var escaped = line[position++];
                        value.Append(escaped switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw Failure(number, $"bad escape \\{escaped} in label value"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                Check(labels.TryAdd(labelName, value.ToString()), number, $"label {labelName} twice");
                if (line[position] == ',')
                {
                    position++;
                    Check(line[position] != '}', number, "trailing comma in label set");
                }
                else
                {
                    Check(line[position] == '}', number, "expected ',' or '}' after a label");
                }
            }

            labelText = line[start..position];
            position++;
        }

        Check(position < line.Length && line[position] == ' ', number, "expected one space before the value");
        var valueText = line[(position + 1)..];
        Check(valueText is "+Inf" or "-Inf" or "NaN" || FloatText().IsMatch(valueText), number, $"bad value '{valueText}'");
        var parsed = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PromSample(name, labels, labelText, parsed, valueText);
    }

    private static void Validate(PromFamily family)
    {
        var where = $"family {family.Name}";
        if (family.Type != "histogram")
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sample in family.Samples)
            {
                Check(seen.Add(KeyWithoutLe(sample)), 0, $"{where}: series {{{sample.LabelText}}} twice");
            }

            return;
        }

        // Histogram series: contiguous runs of _bucket..., _sum, _count with equal labels apart from le.
        var index = 0;
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        while (index < family.Samples.Count)
        {
            var key = KeyWithoutLe(family.Samples[index]);
            var previousLe = double.NegativeInfinity;
            var previousCount = 0.0;
            var buckets = 0;
            while (index < family.Samples.Count && family.Samples[index].Name == family.Name + "_bucket")
            {
                var bucket = family.Samples[index];
                Check(KeyWithoutLe(bucket) == key, 0, $"{where}: bucket of another series inside a series");
                Check(bucket.Labels.TryGetValue("le", out var leText), 0, $"{where}: bucket without le");
                var le = leText == "+Inf" ? double.PositiveInfinity : double.Parse(leText!, CultureInfo.InvariantCulture);
                Check(buckets == 0 || le > previousLe, 0, $"{where}: le {leText} not increasing");
                Check(bucket.Value >= previousCount, 0, $"{where}: bucket counts decrease at le={leText}");
                previousLe = le;
                previousCount = bucket.Value;
                buckets++;
                index++;
            }

            Check(buckets > 0 && double.IsPositiveInfinity(previousLe), 0, $"{where}: buckets must end with le=\"+Inf\"");
            Check(index < family.Samples.Count && family.Samples[index].Name == family.Name + "_sum"
                && KeyWithoutLe(family.Samples[index]) == key, 0, $"{where}: _sum missing after the buckets");
            Check(seenSeries.Add(key), 0, $"{where}: series {{{key}}} twice");
            index++;
            Check(index < family.Samples.Count && family.Samples[index].Name == family.Name + "_count"
                && KeyWithoutLe(family.Samples[index]) == key, 0, $"{where}: _count missing after _sum");
            Check(family.Samples[index].Value == previousCount, 0, $"{where}: _count differs from the +Inf bucket");
            index++;
        }
    }

    private static string KeyWithoutLe(PromSample sample) =>
        string.Join(",", sample.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={l.Value}"));

    private static string UnescapeHelp(string text, int number)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            Check(i + 1 < text.Length, number, "dangling backslash in HELP");
            builder.Append(text[++i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw Failure(number, $"bad escape \\{other} in HELP"),
            });
        }

        return builder.ToString();
    }

    private static void Check(bool condition, int line, string message)
    {
        if (!condition)
        {
            throw Failure(line, message);
        }
    }

    private static FormatException Failure(int line, string message) =>
        new(line > 0 ? $"line {line}: {message}" : message);
}
