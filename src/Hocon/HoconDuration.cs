using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NameServer.Actors.Hocon;

/// <summary>
/// A HOCON duration such as <c>10s</c>, <c>1.5 hours</c> or <c>250</c> (a bare number is
/// milliseconds). Declare an options property of this type to bind such text with
/// Microsoft.Extensions.Configuration; it converts implicitly to <see cref="TimeSpan"/>.
/// </summary>
[TypeConverter(typeof(HoconDurationConverter))]
public readonly partial record struct HoconDuration(TimeSpan Value)
{
    private static readonly Dictionary<string, double> NanosPerUnit = BuildUnits();

    public static implicit operator TimeSpan(HoconDuration duration) => duration.Value;

    public static implicit operator HoconDuration(TimeSpan value) => new(value);

    public TimeSpan ToTimeSpan() => Value;

    /// <summary>Parses a duration; sub-tick precision (below 100 ns) is truncated.</summary>
    /// <exception cref="FormatException">Not a number, or an unknown unit (the message lists the valid ones).</exception>
    public static HoconDuration Parse(string text)
    {
        var nanos = ParseNanoseconds(text);
        return new HoconDuration(TimeSpan.FromTicks(nanos / 100));
    }

    public static bool TryParse(string? text, out HoconDuration duration)
    {
        try
        {
            duration = Parse(text ?? string.Empty);
            return true;
        }
        catch (FormatException)
        {
            duration = default;
            return false;
        }
    }

    /// <summary>Parses a duration to whole nanoseconds (the full HOCON precision).</summary>
    public static long ParseNanoseconds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (number, unit) = SplitNumberAndUnit(text, "duration");
        var factor = 1_000_000d;
        if (unit.Length > 0 && !NanosPerUnit.TryGetValue(unit, out factor))
        {
            throw new FormatException($"unknown duration unit '{unit}' in '{text.Trim()}'; use ns, us, ms, s, m, h or d (or nanoseconds, microseconds, milliseconds/millis, seconds, minutes, hours, days)");
        }

        var nanos = number * factor;
        if (double.IsNaN(nanos) || Math.Abs(nanos) >= long.MaxValue)
        {
            throw new FormatException($"duration '{text.Trim()}' is out of range");
        }

        return (long)Math.Round(nanos);
    }

    /// <summary>Renders the duration in its largest exact unit, e.g. <c>10s</c> or <c>1500ms</c>.</summary>
    public override string ToString()
    {
        var ticks = Value.Ticks;
        (long Ticks, string Unit)[] units =
        [
            (TimeSpan.TicksPerDay, "d"),
            (TimeSpan.TicksPerHour, "h"),
            (TimeSpan.TicksPerMinute, "m"),
            (TimeSpan.TicksPerSecond, "s"),
            (TimeSpan.TicksPerMillisecond, "ms"),
            (TimeSpan.TicksPerMicrosecond, "us"),
        ];
        foreach (var (size, unit) in units)
        {
            if (ticks != 0 && ticks % size == 0)
            {
                return (ticks / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return ticks == 0 ? "0ms" : (ticks * 100).ToString(CultureInfo.InvariantCulture) + "ns";
    }

    internal static (double Number, string Unit) SplitNumberAndUnit(string text, string what)
    {
        var match = NumberAndUnit().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text.Trim()}' is not a {what}: expected a number optionally followed by a unit");
        }

        var number = double.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return (number, match.Groups["unit"].Value);
    }

    [GeneratedRegex(@"^\s*(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(?<unit>[A-Za-z]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberAndUnit();

    private static Dictionary<string, double> BuildUnits()
    {
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(double nanos, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = nanos;
            }
        }

        Add(1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000, "s", "second", "seconds");
        Add(60d * 1_000_000_000, "m", "minute", "minutes");
        Add(3_600d * 1_000_000_000, "h", "hour", "hours");
        Add(86_400d * 1_000_000_000, "d", "day", "days");
        return units;
    }
}
