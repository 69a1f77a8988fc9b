using System.Globalization;

namespace NameServer.Actors.Protocol.CustomHeaders;

/// <summary>
/// Reads custom-header fields out of <c>extFields</c> with Java's <c>decodeCommandCustomHeader</c> semantics:
/// absent or unparsable numbers read as null (Java only logs them), booleans follow <c>Boolean.parseBoolean</c>.
/// </summary>
public static class ExtFieldReader
{
    public static string? GetString(this IReadOnlyDictionary<string, string>? ext, string name) =>
        ext is not null && ext.TryGetValue(name, out var value) ? value : null;

    /// <summary><c>Long.parseLong</c>: optional sign then decimal digits, nothing else; otherwise null.</summary>
    public static long? GetLong(this IReadOnlyDictionary<string, string>? ext, string name) =>
        GetString(ext, name) is { } text
        && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary><c>Integer.parseInt</c>: optional sign then decimal digits within int range; otherwise null.</summary>
    public static int? GetInt(this IReadOnlyDictionary<string, string>? ext, string name) =>
        GetString(ext, name) is { } text
        && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary><c>Boolean.parseBoolean</c>: null when absent; true only for case-insensitive "true", false for anything else.</summary>
    public static bool? GetBool(this IReadOnlyDictionary<string, string>? ext, string name) =>
        GetString(ext, name) is { } text ? string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) : null;
}
