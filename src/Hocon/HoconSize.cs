using System.ComponentModel;
using System.Globalization;

namespace NameServer.Actors.Hocon;

/// <summary>
/// A HOCON memory size such as <c>16MiB</c>, <c>512k</c> or <c>1000</c> (a bare number is bytes).
/// Powers of ten: <c>kB</c>, <c>MB</c>, ... / <c>kilobytes</c>; powers of two: <c>K</c>, <c>k</c>,
/// <c>Ki</c>, <c>KiB</c>, ... / <c>kibibytes</c>. Declare an options property of this type to bind
/// such text with Microsoft.Extensions.Configuration.
/// </summary>
[TypeConverter(typeof(HoconSizeConverter))]
public readonly record struct HoconSize(long Bytes)
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    public static implicit operator long(HoconSize size) => size.Bytes;

    /// <exception cref="FormatException">Not a number, a fraction of a byte, out of range, or an unknown unit.</exception>
    public static HoconSize Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (number, unit) = HoconDuration.SplitNumberAndUnit(text, "size in bytes");
        if (!BytesPerUnit.TryGetValue(unit, out var factor))
        {
            throw new FormatException($"unknown size unit '{unit}' in '{text.Trim()}'; use B, K/KiB (1024), kB (1000), M/MiB, MB, G/GiB, GB, T/TiB, TB, P/PiB, PB, E/EiB, EB or the long forms (kibibytes, kilobytes, ...)");
        }

        decimal bytes;
        try
        {
            bytes = (decimal)number * factor;
        }
        catch (OverflowException)
        {
            throw new FormatException($"size '{text.Trim()}' is out of range");
        }

        if (bytes > long.MaxValue || bytes < long.MinValue)
        {
            throw new FormatException($"size '{text.Trim()}' is out of range");
        }

        if (bytes != decimal.Truncate(bytes))
        {
            throw new FormatException($"size '{text.Trim()}' is not a whole number of bytes");
        }

        return new HoconSize((long)bytes);
    }

    public static bool TryParse(string? text, out HoconSize size)
    {
        try
        {
            size = Parse(text ?? string.Empty);
            return true;
        }
        catch (FormatException)
        {
            size = default;
            return false;
        }
    }

    /// <summary>Renders the size in its largest exact binary unit, e.g. <c>16MiB</c>.</summary>
    public override string ToString()
    {
        string[] units = ["EiB", "PiB", "TiB", "GiB", "MiB", "KiB"];
        for (var i = 0; i < units.Length; i++)
        {
            var size = 1L << (10 * (units.Length - i));
            if (Bytes != 0 && Bytes % size == 0)
            {
                return (Bytes / size).ToString(CultureInfo.InvariantCulture) + units[i];
            }
        }

        return Bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [string.Empty] = 1,
            ["B"] = 1,
            ["b"] = 1,
            ["byte"] = 1,
            ["bytes"] = 1,
        };
        (string Letter, string Decimal, string Binary)[] prefixes =
        [
            ("K", "kilo", "kibi"),
            ("M", "mega", "mebi"),
            ("G", "giga", "gibi"),
            ("T", "tera", "tebi"),
            ("P", "peta", "pebi"),
            ("E", "exa", "exbi"),
        ];
        decimal power10 = 1;
        decimal power2 = 1;
        foreach (var (letter, dec, bin) in prefixes)
        {
            power10 *= 1000;
            power2 *= 1024;
            var lower = letter.ToLowerInvariant();

            // kB is the SI spelling; the other letters use capitals (MB, GB, ...).
            units[letter == "K" ? "kB" : letter + "B"] = power10;
            units[dec + "byte"] = power10;
            units[dec + "bytes"] = power10;
            units[letter] = power2;
            units[lower] = power2;
            units[letter + "i"] = power2;
            units[letter + "iB"] = power2;
            units[bin + "byte"] = power2;
            units[bin + "bytes"] = power2;
        }

        return units;
    }
}
