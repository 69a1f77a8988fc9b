using System.Globalization;
using System.Text;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// Naming and escaping rules of the Prometheus text exposition format (version 0.0.4), applied to
/// System.Diagnostics.Metrics instruments.
/// </summary>
internal static class PrometheusNames
{
    /// <summary>
    /// The metric family name of an instrument: sanitized name, then the unit's suffix (unless the name already ends
    /// with it), then <c>_total</c> for monotonic counters.
    /// </summary>
    public static string FamilyName(string instrumentName, string? unit, bool monotonic)
    {
        var name = SanitizeMetricName(instrumentName);
        // "_total" goes last, after the unit: strip it first so "x_total" with unit "s" becomes "x_seconds_total".
        if (monotonic && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
        {
            name = name[..^"_total".Length];
        }

        var unitSuffix = UnitSuffix(unit);
        if (unitSuffix.Length > 0 && name != unitSuffix && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            name = name + "_" + unitSuffix;
        }

        return monotonic ? name + "_total" : name;
    }

    /// <summary>Every char outside [a-zA-Z0-9_:] becomes '_'; a leading digit gets a '_' prefix.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Like metric names, except that ':' is not allowed in label names either.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var needsPrefix = char.IsAsciiDigit(name[0]);
        var clean = !needsPrefix;
        foreach (var c in name)
        {
            if (!IsNameChar(c, allowColon))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 1);
        if (needsPrefix)
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(IsNameChar(c, allowColon) ? c : '_');
        }

        return builder.ToString();
    }

    private static bool IsNameChar(char c, bool allowColon) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');

    /// <summary>
    /// The family-name suffix for a UCUM unit: well-known units get their Prometheus base-unit word, annotations in
    /// braces ("{request}") and the dimensionless "1" add nothing, "a/b" becomes "a_per_b", anything else is
    /// appended sanitized.
    /// </summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }

        var withoutAnnotations = RemoveAnnotations(unit).Trim();
        if (withoutAnnotations.Length == 0 || withoutAnnotations == "1")
        {
            return "";
        }

        var slash = withoutAnnotations.IndexOf('/');
        if (slash >= 0)
        {
            var numerator = UnitWord(withoutAnnotations[..slash]);
            var denominator = PerUnitWord(withoutAnnotations[(slash + 1)..]);
            if (denominator.Length == 0)
            {
                return numerator;
            }

            return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
        }

        return UnitWord(withoutAnnotations);
    }

    private static string UnitWord(string unit) => unit.Trim() switch
    {
        "" or "1" => "",
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "%" => "percent",
        var other => SanitizeMetricName(other).Trim('_'),
    };

    // "per second", not "per seconds".
    private static string PerUnitWord(string unit) => unit.Trim() switch
    {
        "d" => "day",
        "h" => "hour",
        "min" => "minute",
        "s" => "second",
        "ms" => "millisecond",
        "us" => "microsecond",
        "ns" => "nanosecond",
        "By" => "byte",
        var other => UnitWord(other),
    };

    private static string RemoveAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }

        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>HELP text escaping: backslash and line feed.</summary>
    public static string EscapeHelp(string text)
    {
        if (text.AsSpan().IndexOfAny('\\', '\n') < 0)
        {
            return text;
        }

        return text.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
    }

    /// <summary>Label value escaping: backslash, double quote and line feed.</summary>
    public static void AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>A tag value as label text: null is empty, numbers and dates in the invariant culture.</summary>
    public static string TagValueText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Shortest round-trip text; infinities and NaN spelled as the format wants them.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The text between the braces of a sample: labels sorted by name, later duplicates (after sanitizing) replacing
    /// earlier ones, so measurement tags override instrument tags. <paramref name="reserved"/> (the histogram's
    /// "le") is renamed to "exported_le" so it cannot clash with the bucket label.
    /// </summary>
    public static string LabelText(
        IReadOnlyList<KeyValuePair<string, string>> instrumentLabels,
        ReadOnlySpan<KeyValuePair<string, object?>> tags,
        string? reserved)
    {
        if (instrumentLabels.Count == 0 && tags.IsEmpty)
        {
            return "";
        }

        var labels = new List<KeyValuePair<string, string>>(instrumentLabels.Count + tags.Length);
        foreach (var label in instrumentLabels)
        {
            Put(labels, label.Key, label.Value);
        }

        foreach (var tag in tags)
        {
            var name = SanitizeLabelName(tag.Key ?? "");
            if (name == reserved)
            {
                name = "exported_" + name;
            }

            Put(labels, name, TagValueText(tag.Value));
        }

        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var label in labels)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(label.Key).Append("=\"");
            AppendEscapedLabelValue(builder, label.Value);
            builder.Append('"');
        }

        return builder.ToString();
    }

    /// <summary>Instrument-level tags as sanitized label names and value texts.</summary>
    public static KeyValuePair<string, string>[] InstrumentLabels(
        IEnumerable<KeyValuePair<string, object?>>? tags,
        string? reserved)
    {
        if (tags is null)
        {
            return [];
        }

        var labels = new List<KeyValuePair<string, string>>();
        foreach (var tag in tags)
        {
            var name = SanitizeLabelName(tag.Key ?? "");
            if (name == reserved)
            {
                name = "exported_" + name;
            }

            Put(labels, name, TagValueText(tag.Value));
        }

        return [.. labels];
    }

    private static void Put(List<KeyValuePair<string, string>> labels, string name, string value)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i].Key == name)
            {
                labels[i] = new(name, value);
                return;
            }
        }

        labels.Add(new(name, value));
    }
}
