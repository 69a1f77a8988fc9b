using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Server.Observability;
using Serilog;
using Serilog.Configuration;
using Serilog.Debugging;
using Serilog.Extensions.Logging;

namespace NameServer.Actors.Host.Logging;

/// <summary>
/// namesrv's log output: every <c>Microsoft.Extensions.Logging</c> event (ours, Kestrel's, Akka's through
/// <c>MicrosoftLogger</c>) goes through one Serilog logger to standard output and, when <see cref="LogFileSettings"/>
/// enables it, to size- and time-rotated files (Serilog.Sinks.File). Both get the same lines from
/// <see cref="SingleLineFormatter"/>, which escapes control characters. Levels stay those of the logging builder's
/// filters (<c>SetMinimumLevel</c>, <c>AddFilter</c>), for the console and the file alike: Serilog itself passes
/// everything it is given. Lines are written by a background thread (Serilog.Sinks.Async), as SimpleConsole did and
/// as Java's AsyncAppender does, so a slow terminal, journal or disk never holds a socket thread; when that thread
/// falls <see cref="QueueLength"/> events behind, loggers wait rather than lose lines.
/// </summary>
internal static class NamesrvLogging
{
    /// <summary>Events waiting for the background writer before loggers wait (Serilog.Sinks.Async's default).</summary>
    public const int QueueLength = 10_000;

    /// <summary>
    /// Sends the builder's log events to standard output and the log file. Replaces <c>AddSimpleConsole</c>, whose line
    /// shape is kept.
    /// </summary>
    /// <exception cref="ConfigurationProblem">The log file is enabled and its folder cannot be created or written.</exception>
    public static ILoggingBuilder AddNamesrvLogging(this ILoggingBuilder logging, LogFileSettings file)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var colors = SingleLineFormatter.ConsoleWantsColors(Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
        var logger = CreateLogger(file, Console.Out, colors, background: true);
        if (file.Enabled)
        {
            // A log file that cannot be written any more (disk full, folder removed) is reported on standard error.
            SelfLog.Enable(Console.Error);
        }
        return logging.AddNamesrvLogging(logger);
    }

    /// <summary>
    /// Adds <paramref name="logger"/> as a logging provider that the builder's filters apply to. (Serilog's own
    /// <c>AddSerilog</c> adds a rule letting every level through to Serilog, which would override those filters.)
    /// </summary>
    public static ILoggingBuilder AddNamesrvLogging(this ILoggingBuilder logging, Serilog.Core.Logger logger)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(logger);
        logging.Services.AddSingleton<ILoggerProvider>(_ => new SerilogLoggerProvider(logger, dispose: true));
        return logging;
    }

    /// <summary>
    /// The Serilog logger writing to <paramref name="console"/> and, when enabled, the log file; on a background thread
    /// when <paramref name="background"/> (namesrv), else on the logging thread. Disposing it writes what is queued.
    /// </summary>
    /// <exception cref="ConfigurationProblem">The log file is enabled and its folder cannot be created or written.</exception>
    public static Serilog.Core.Logger CreateLogger(LogFileSettings file, TextWriter console, bool consoleColors, bool background)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(console);
        if (file.Enabled)
        {
            CheckFolder(file.Path);
        }
        void Sinks(LoggerSinkConfiguration to)
        {
            to.Sink(new TextWriterSink(console, new SingleLineFormatter(consoleColors)));
            if (file.Enabled)
            {
                to.File(
                    new SingleLineFormatter(colors: false),
                    file.Path,
                    fileSizeLimitBytes: file.MaxFileSize,
                    rollOnFileSizeLimit: true,
                    rollingInterval: ToSerilog(file.RollingInterval),
                    retainedFileCountLimit: file.RetainedFileCount,
                    encoding: new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }
        var configuration = new LoggerConfiguration().MinimumLevel.Verbose();
        if (background)
        {
            configuration.WriteTo.Async(Sinks, QueueLength, blockWhenFull: true);
        }
        else
        {
            Sinks(configuration.WriteTo);
        }
        return configuration.CreateLogger();
    }

    /// <summary>
    /// Creates the log file's folder and checks that a file can be written in it, so that a wrong path stops start-up
    /// with one line instead of Serilog dropping every event silently.
    /// </summary>
    private static void CheckFolder(string path)
    {
        var folder = Path.GetDirectoryName(path) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
            using var probe = new FileStream(
                Path.Combine(folder, $".namesrv-{Environment.ProcessId}-{Guid.NewGuid():N}.probe"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationProblem($"logFile.path: cannot write log files in '{folder}': {e.Message}");
        }
    }

    /// <summary>
    /// namesrv's minimum log level: the actor system's <c>akka.loglevel</c> (OFF, ERROR, WARNING, INFO, DEBUG), so
    /// <c>--akka.loglevel=DEBUG</c> shows the actors' debug events, and ours, instead of Akka passing them to a logger
    /// that drops them.
    /// </summary>
    public static LogLevel MinimumLevel(Akka.Configuration.Config akka) =>
        akka.GetString("akka.loglevel", "INFO").Trim().ToUpperInvariant() switch
        {
            "DEBUG" => LogLevel.Debug,
            "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "OFF" => LogLevel.None,
            _ => LogLevel.Information,
        };

    private static RollingInterval ToSerilog(LogRollingInterval interval) => interval switch
    {
        LogRollingInterval.Year => RollingInterval.Year,
        LogRollingInterval.Month => RollingInterval.Month,
        LogRollingInterval.Day => RollingInterval.Day,
        LogRollingInterval.Hour => RollingInterval.Hour,
        LogRollingInterval.Minute => RollingInterval.Minute,
        _ => RollingInterval.Infinite,
    };
}
