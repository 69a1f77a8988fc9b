using System.Globalization;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Observability;

/// <summary>When a new log file is started besides the size limit (Serilog's rolling intervals).</summary>
public enum LogRollingInterval
{
    /// <summary>Never: by size only, as Java does.</summary>
    Infinite,
    Year,
    Month,
    Day,
    Hour,
    Minute,
}

/// <summary>
/// The optional log file of <c>namesrv</c> (<c>nameserver.log-file</c>, whose defaults are in <c>reference.conf</c>):
/// off by default, so the log goes to standard output only. Read by <see cref="Create"/> like every component's
/// settings; <c>namesrv</c> hands it to its logging pipeline.
/// </summary>
public sealed record LogFileSettings
{
    /// <summary>The block below the <c>nameserver</c> section (HOCON <c>log-file</c>).</summary>
    public const string Section = "logFile";

    /// <summary><c>logFile.enabled</c>: also write the log to files.</summary>
    public required bool Enabled { get; init; }

    /// <summary><c>logFile.path</c>: the file, as a full path; the period and a sequence number go before its extension.</summary>
    public required string Path { get; init; }

    /// <summary><c>logFile.maxFileSize</c>: size in bytes at which the next file is started, positive.</summary>
    public required long MaxFileSize { get; init; }

    /// <summary><c>logFile.rollingInterval</c>: period after which the next file is started.</summary>
    public required LogRollingInterval RollingInterval { get; init; }

    /// <summary><c>logFile.retainedFileCount</c>: files kept, the one being written included, at least 1.</summary>
    public required int RetainedFileCount { get; init; }

    /// <summary>Reads and checks the <c>log-file</c> block of the <c>nameserver</c> section.</summary>
    /// <exception cref="SettingsException">A value is unusable; the one-line message names its key.</exception>
    public static LogFileSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section.GetSection(Section), Section + ".");
        var path = read.Text("path");
        if (string.IsNullOrWhiteSpace(path) || path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar))
        {
            throw read.Invalid("path", $"'{path}' is not a file name");
        }
        try
        {
            path = System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw read.Invalid("path", $"is not a usable path: {e.Message}");
        }
        var interval = read.Text("rollingInterval").Trim();
        return new LogFileSettings
        {
            Enabled = read.Boolean("enabled"),
            Path = path,
            MaxFileSize = read.Bytes("maxFileSize") is var size && size > 0 ? size : throw read.Invalid("maxFileSize", "must be positive, e.g. 100MiB"),
            RollingInterval = Enum.GetValues<LogRollingInterval>().Cast<LogRollingInterval?>()
                .FirstOrDefault(i => i.ToString()!.Equals(interval, StringComparison.OrdinalIgnoreCase))
                ?? throw read.Invalid("rollingInterval", $"'{interval}' is not one of infinite, year, month, day, hour, minute"),
            RetainedFileCount = read.Int("retainedFileCount", 1, int.MaxValue),
        };
    }

    /// <summary>The keys as <c>namesrv -p</c> prints them.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        yield return new("logFile.enabled", Enabled ? "true" : "false");
        yield return new("logFile.path", Path);
        yield return new("logFile.maxFileSize", MaxFileSize.ToString(CultureInfo.InvariantCulture));
        yield return new("logFile.rollingInterval", RollingInterval.ToString().ToLowerInvariant());
        yield return new("logFile.retainedFileCount", RetainedFileCount.ToString(CultureInfo.InvariantCulture));
    }
}
