using System.Globalization;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon;

namespace NameServer.Actors.Routing.Config;

/// <summary>
/// Typed reads of one configuration section for the settings' <c>Create</c> methods, in the manner of Akka's
/// <c>Config.GetInt</c>: every value is required (reference.conf gives each key its default) and every error is a
/// <see cref="SettingsException"/> naming the key. Numbers, booleans and durations are trimmed first, as Java trims
/// the values of a properties file.
/// </summary>
/// <param name="section">The section the keys are read from, e.g. <c>nameserver</c>.</param>
/// <param name="prefix">Put before each key in messages, e.g. <c>security.</c> for the <c>nameserver:security</c> section.</param>
public sealed class SettingsReader(IConfiguration section, string prefix = "")
{
    /// <summary>The key as messages name it.</summary>
    public string Name(string key) => prefix + key;

    /// <summary>The text at <paramref name="key"/>, as written (may be empty).</summary>
    public string Text(string key) => section[key] ?? throw Invalid(key, "has no value (reference.conf gives it one: was it set to null?)");

    /// <summary>The text at <paramref name="key"/>, trimmed; null when unset or blank.</summary>
    public string? OptionalText(string key) => section[key] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary><c>true</c> or <c>false</c> (any case), as Java's properties and <c>UPDATE_NAMESRV_CONFIG</c> accept them.</summary>
    public bool Boolean(string key) =>
        bool.TryParse(Text(key).Trim(), out var value) ? value : throw Invalid(key, $"'{section[key]}' is not true or false");

    public int Int(string key) =>
        int.TryParse(Text(key).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(key, $"'{section[key]}' is not a 32-bit integer");

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int Int(string key, int min, int max) =>
        Int(key) is var value && value >= min && value <= max ? value : throw Invalid(key, $"{value} must be from {min} to {max}");

    public long Long(string key) =>
        long.TryParse(Text(key).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(key, $"'{section[key]}' is not a 64-bit integer");

    /// <summary>A TCP port, 0 (a free one) to 65535.</summary>
    public int Port(string key)
    {
        var port = Int(key);
        return port is >= 0 and <= 65535 ? port : throw Invalid(key, $"{port} is not a TCP port");
    }

    /// <summary>A HOCON duration (<c>10s</c>, <c>500ms</c>) or plain milliseconds, as Java writes them.</summary>
    public TimeSpan Duration(string key) =>
        HoconDuration.TryParse(Text(key).Trim(), out var duration) ? duration.Value : throw Invalid(key, $"'{section[key]}' is not a duration (10s, 500ms or milliseconds)");

    /// <summary>A positive duration.</summary>
    public TimeSpan PositiveDuration(string key) =>
        Duration(key) is var duration && duration > TimeSpan.Zero ? duration : throw Invalid(key, "must be positive");

    /// <summary>A HOCON size (<c>16MiB</c>, <c>64KiB</c>) or plain bytes.</summary>
    public long Bytes(string key) =>
        HoconSize.TryParse(Text(key).Trim(), out var size) ? size.Bytes : throw Invalid(key, $"'{section[key]}' is not a size (16MiB, 64KiB or bytes)");

    /// <summary>An IP address (a host name is refused: a listener binds an address).</summary>
    public System.Net.IPAddress Address(string key) =>
        System.Net.IPAddress.TryParse(Text(key).Trim(), out var address) ? address : throw Invalid(key, $"'{section[key]}' is not an IP address");

    /// <summary>
    /// A list, given as a HOCON list (<c>key:0</c>, <c>key:1</c>) or as one comma-separated string, as a properties
    /// file or the command line gives it; entries trimmed, empty ones dropped.
    /// </summary>
    public IReadOnlyList<string> List(string key)
    {
        var list = section.GetSection(key);
        var entries = list.Value is { } single ? [single] : list.GetChildren().Select(c => c.Value ?? "");
        return [.. entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

    /// <summary>The error for <paramref name="key"/>: its name, then <paramref name="problem"/>.</summary>
    public SettingsException Invalid(string key, string problem) => new(Name(key), $"{Name(key)} {problem}");
}
