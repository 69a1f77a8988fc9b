using System.Globalization;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon;
using Serilog;

namespace NameServer.Actors.Host.Logging;

/// <summary>
/// The optional log file (<c>nameserver.log-file</c> in <c>reference.conf</c>, which holds every default): off by
/// default, so the log goes to standard output only. Overridden like every key: <c>--nameserver:logFile:enabled=true</c>,
/// <c>NAMESERVER__LOGFILE__ENABLED=true</c> or <c>log-file.enabled = true</c> in the <c>nameserver</c> section of the
/// <c>-c</c> file.
/// </summary>
/// <param name="Enabled">Whether the log is also written to files.</param>
/// <param name="Path">The file, full path; Serilog inserts the period and sequence number before its extension.</param>
/// <param name="MaxFileSize">Size in bytes at which a new file is started.</param>
/// <param name="RollingInterval">Period after which a new file is started (<see cref="RollingInterval.Infinite"/>: size only).</param>
/// <param name="RetainedFileCount">Files kept, the one being written included.</param>
internal sealed record LogFileSettings(bool Enabled, string Path, long MaxFileSize, RollingInterval RollingInterval, int RetainedFileCount)
{
    /// <summary>The configuration section (HOCON <c>nameserver.log-file</c>).</summary>
    public const string Section = "nameserver:logFile";

    /// <summary>Reads and checks the <c>nameserver.log-file</c> settings.</summary>
    /// <exception cref="ConfigurationProblem">A key is missing or its value is unusable (one line, naming the key).</exception>
    public static LogFileSettings Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);

        var flag = Required(section, "enabled");
        if (!bool.TryParse(flag, out var enabled))
        {
            throw Problem("enabled", $"'{flag}' is not true or false");
        }

        var path = Required(section, "path");
        if (string.IsNullOrWhiteSpace(path) || path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar))
        {
            throw Problem("path", $"'{path}' is not a file name");
        }
        try
        {
            path = System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Problem("path", $"'{ControlCharacters.Escape(path)}' is not a usable path: {e.Message}");
        }

        var sizeText = Required(section, "maxFileSize");
        if (!HoconSize.TryParse(sizeText, out var size) || size.Bytes <= 0)
        {
            throw Problem("maxFileSize", $"'{sizeText}' is not a positive size, e.g. 100MiB");
        }

        var intervalText = Required(section, "rollingInterval");
        var interval = Enum.GetValues<RollingInterval>()
            .Where(i => i.ToString().Equals(intervalText.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(i => (RollingInterval?)i)
            .FirstOrDefault()
            ?? throw Problem("rollingInterval", $"'{intervalText}' is not one of infinite, year, month, day, hour, minute");

        var countText = Required(section, "retainedFileCount");
        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw Problem("retainedFileCount", $"'{countText}' is not a whole number of files, at least 1");
        }

        return new LogFileSettings(enabled, path, size.Bytes, interval, count);
    }

    private static string Required(IConfigurationSection section, string key) =>
        section[key] ?? throw Problem(key, "is not set (reference.conf sets every key of log-file)");

    private static ConfigurationProblem Problem(string key, string message) => new($"logFile.{key}: {message}");
}
