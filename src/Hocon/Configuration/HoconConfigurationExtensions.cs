using Microsoft.Extensions.Configuration;

namespace NameServer.Actors.Hocon.Configuration;

/// <summary>
/// Reads HOCON durations and sizes from any <see cref="IConfiguration"/> (values may come from a
/// HOCON file, environment variables or the command line). For binding, declare option
/// properties as <see cref="HoconDuration"/> / <see cref="HoconSize"/> instead.
/// </summary>
public static class HoconConfigurationExtensions
{
    /// <summary>The duration at <paramref name="key"/> (<c>10s</c>; a bare number is milliseconds), or null if unset.</summary>
    /// <exception cref="FormatException">The value is not a duration; the message names the key.</exception>
    public static TimeSpan? GetDuration(this IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return HoconDuration.Parse(text).Value;
        }
        catch (FormatException ex)
        {
            throw new FormatException($"configuration key '{key}': {ex.Message}", ex);
        }
    }

    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue) =>
        configuration.GetDuration(key) ?? defaultValue;

    /// <summary>The size in bytes at <paramref name="key"/> (<c>16MiB</c>; a bare number is bytes), or null if unset.</summary>
    /// <exception cref="FormatException">The value is not a size; the message names the key.</exception>
    public static long? GetBytes(this IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return HoconSize.Parse(text).Bytes;
        }
        catch (FormatException ex)
        {
            throw new FormatException($"configuration key '{key}': {ex.Message}", ex);
        }
    }

    public static long GetBytes(this IConfiguration configuration, string key, long defaultValue) =>
        configuration.GetBytes(key) ?? defaultValue;
}
