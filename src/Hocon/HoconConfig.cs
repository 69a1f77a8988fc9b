using System.Globalization;

namespace NameServer.Actors.Hocon;

/// <summary>
/// Typed read access to a resolved HOCON tree by path expression (<c>nameserver.listen-port</c>).
/// Immutable; <see cref="WithFallback"/> builds a new config.
/// </summary>
public sealed class HoconConfig
{
    public HoconConfig(HoconObject root)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
    }

    public static HoconConfig Empty { get; } = new(HoconObject.Empty);

    public HoconObject Root { get; }

    /// <summary>Parses a file (with its includes) into a config.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconParseException">The content is not valid.</exception>
    public static HoconConfig Load(string path, HoconParseOptions? options = null) =>
        HoconParser.ParseFile(path, options).ToConfig();

    /// <summary>
    /// Loads <paramref name="path"/> with <paramref name="fallback"/> underneath, resolving the
    /// file's substitutions over both, as Lightbend config loads an application file over
    /// <c>reference.conf</c>: the file may refer to and extend fallback values.
    /// </summary>
    public static HoconConfig Load(string path, HoconConfig fallback, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return HoconParser.ParseFile(path, fallback.Root, options).ToConfig();
    }

    /// <summary>Parses text into a config.</summary>
    public static HoconConfig Parse(string text, string? fileName = null, HoconParseOptions? options = null) =>
        HoconParser.Parse(text, fileName, options).ToConfig();

    /// <summary>
    /// This config, with <paramref name="fallback"/> supplying every path this one lacks; objects
    /// merge recursively (typical use: <c>user.WithFallback(reference)</c>). Each side has already
    /// resolved its own substitutions; use <see cref="Load(string, HoconConfig, HoconParseOptions?)"/>
    /// when a file refers to values of its fallback.
    /// </summary>
    public HoconConfig WithFallback(HoconConfig fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new HoconConfig(fallback.Root.MergeWith(Root));
    }

    /// <summary>True if the path exists and is not null (as in HOCON).</summary>
    public bool HasPath(string path) => TryGetValue(path, out var value) && value is not HoconNull;

    /// <summary>The value at the path, if present (null values included).</summary>
    public bool TryGetValue(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HoconValue? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        value = Root;
        foreach (var segment in ParsePath(path))
        {
            if (value is not HoconObject obj || !obj.TryGetValue(segment, out value))
            {
                value = null;
                return false;
            }
        }

        return true;
    }

    /// <exception cref="HoconConfigException">Missing or null.</exception>
    public HoconValue GetValue(string path)
    {
        if (!TryGetValue(path, out var value))
        {
            throw new HoconConfigException(path, "no such setting");
        }

        if (value is HoconNull)
        {
            throw new HoconConfigException(path, "the setting is null");
        }

        return value;
    }

    /// <summary>A string; numbers and booleans are returned as written.</summary>
    public string GetString(string path)
    {
        var value = GetValue(path);
        return value switch
        {
            HoconString s => s.Value,
            HoconNumber or HoconBoolean => value.ScalarText!,
            _ => throw WrongType(path, "a string", value),
        };
    }

    public string? GetString(string path, string? defaultValue) => HasPath(path) ? GetString(path) : defaultValue;

    public bool GetBoolean(string path)
    {
        var value = GetValue(path);
        if (value is HoconBoolean b)
        {
            return b.Value;
        }

        if (value is HoconString s)
        {
            switch (s.Value.ToLowerInvariant())
            {
                case "true" or "yes" or "on":
                    return true;
                case "false" or "no" or "off":
                    return false;
            }
        }

        throw WrongType(path, "a boolean (true/false/yes/no/on/off)", value);
    }

    public bool GetBoolean(string path, bool defaultValue) => HasPath(path) ? GetBoolean(path) : defaultValue;

    public long GetLong(string path)
    {
        var value = GetValue(path);
        var text = value is HoconNumber or HoconString ? value.ScalarText!.Trim() : null;
        if (text is not null)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                && real == Math.Floor(real) && real >= long.MinValue && real < long.MaxValue)
            {
                return (long)real;
            }
        }

        throw WrongType(path, "a whole number", value);
    }

    public long GetLong(string path, long defaultValue) => HasPath(path) ? GetLong(path) : defaultValue;

    public int GetInt(string path)
    {
        var value = GetLong(path);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new HoconConfigException(path, $"{value} is out of range for a 32-bit integer");
        }

        return (int)value;
    }

    public int GetInt(string path, int defaultValue) => HasPath(path) ? GetInt(path) : defaultValue;

    public double GetDouble(string path)
    {
        var value = GetValue(path);
        if (value is HoconNumber or HoconString
            && double.TryParse(value.ScalarText, NumberStyles.Float, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        throw WrongType(path, "a number", value);
    }

    public double GetDouble(string path, double defaultValue) => HasPath(path) ? GetDouble(path) : defaultValue;

    /// <summary>A duration (<c>10s</c>, <c>5 minutes</c>); a plain number means milliseconds.</summary>
    public TimeSpan GetDuration(string path) => GetParsed(path, "a duration", text => HoconDuration.Parse(text).Value);

    public TimeSpan GetDuration(string path, TimeSpan defaultValue) => HasPath(path) ? GetDuration(path) : defaultValue;

    /// <summary>A size in bytes (<c>16MiB</c>, <c>512k</c>); a plain number means bytes.</summary>
    public long GetBytes(string path) => GetParsed(path, "a size in bytes", text => HoconSize.Parse(text).Bytes);

    public long GetBytes(string path, long defaultValue) => HasPath(path) ? GetBytes(path) : defaultValue;

    // A number or string read by a unit-aware parser; its FormatException becomes an error naming the path.
    private T GetParsed<T>(string path, string expected, Func<string, T> parse)
    {
        var value = GetValue(path);
        if (value is HoconNumber or HoconString)
        {
            try
            {
                return parse(value.ScalarText!);
            }
            catch (FormatException ex)
            {
                throw new HoconConfigException(path, ex.Message);
            }
        }

        throw WrongType(path, expected, value);
    }

    /// <summary>An array of strings (numbers and booleans as written).</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var value = GetValue(path);
        var array = value as HoconArray ?? FromNumericKeys(value as HoconObject);
        if (array is null)
        {
            throw WrongType(path, "an array", value);
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            result.Add(item switch
            {
                HoconString s => s.Value,
                HoconNumber or HoconBoolean => item.ScalarText!,
                _ => throw WrongType($"{path}[{i}]", "a string", item),
            });
        }

        return result;
    }

    /// <summary>The object at the path as its own config.</summary>
    public HoconConfig GetConfig(string path) => GetValue(path) switch
    {
        HoconObject obj => new HoconConfig(obj),
        var other => throw WrongType(path, "an object", other),
    };

    public string ToJson(bool indented = false) => Root.ToJson(indented);

    public override string ToString() => ToJson();

    /// <summary>
    /// HOCON's numerically-indexed object to array conversion (<c>foo.0 = a, foo.1 = b</c>):
    /// keys that are whole numbers, in numeric order; other keys are ignored.
    /// </summary>
    private static HoconArray? FromNumericKeys(HoconObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        var indexed = new List<(long Index, HoconValue Value)>();
        foreach (var (key, item) in obj)
        {
            if (key.All(char.IsAsciiDigit) && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indexed.Add((index, item));
            }
        }

        return indexed.Count == 0 ? null : new HoconArray(indexed.OrderBy(p => p.Index).Select(p => p.Value));
    }

    private static string[] ParsePath(string path)
    {
        try
        {
            return HoconPath.Parse(path);
        }
        catch (FormatException ex)
        {
            throw new HoconConfigException(path, ex.Message);
        }
    }

    private static HoconConfigException WrongType(string path, string expected, HoconValue actual)
    {
        var shown = actual is HoconObject or HoconArray ? actual.Type.ToString().ToLowerInvariant() : actual.ToJson();
        return new HoconConfigException(path, $"expected {expected} but found {shown}");
    }
}
