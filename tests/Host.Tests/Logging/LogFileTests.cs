using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Host.Logging;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Host.Tests.Logging;

/// <summary>These tests move Serilog.Sinks.File's process-wide test clock: none of them runs beside another test.</summary>
[CollectionDefinition(nameof(LogFileTests), DisableParallelization = true)]
public sealed class LogFileCollection;

/// <summary>
/// The log file through namesrv's logging pipeline (Microsoft.Extensions.Logging with namesrv's filters → Serilog →
/// console and Serilog.Sinks.File): written, rotated on size and on time, pruned to the configured count.
/// </summary>
[Collection(nameof(LogFileTests))]
public sealed class LogFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("namesrv-logs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LogPath => Path.Combine(_dir, "logs", "namesrv.log");

    private LogFileSettings Settings(long maxFileSize = 1024 * 1024, LogRollingInterval interval = LogRollingInterval.Infinite, int retained = 100) =>
        new() { Enabled = true, Path = LogPath, MaxFileSize = maxFileSize, RollingInterval = interval, RetainedFileCount = retained };

    /// <summary>
    /// Runs <paramref name="log"/> against the pipeline Program.cs builds (its level filters included), then disposes it,
    /// which writes what is queued and closes the file; returns what reached the console. <paramref name="background"/>
    /// false writes on the calling thread, for the test clock of Serilog.Sinks.File, which is per thread.
    /// </summary>
    private static string Run(LogFileSettings settings, Action<ILoggerFactory> log, bool background = true)
    {
        using var console = new StringWriter();
        using (var services = new ServiceCollection().AddLogging(logging =>
        {
            logging.AddNamesrvLogging(NamesrvLogging.CreateLogger(settings, console, consoleColors: false, background));
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft", LogLevel.Warning);
        }).BuildServiceProvider())
        {
            log(services.GetRequiredService<ILoggerFactory>());
        }
        return console.ToString();
    }

    private string[] Files() =>
        [.. Directory.GetFiles(Path.GetDirectoryName(LogPath)!).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private string[] LinesOf(params string[] files) =>
        [.. files.SelectMany(f => File.ReadAllLines(Path.Combine(Path.GetDirectoryName(LogPath)!, f)))];

    /// <summary>A line of about 100 bytes once formatted.</summary>
    private static void Line(ILogger log, int i) => log.LogInformation("Line {Number:D4} {Padding}", i, new string('x', 40));

    [Fact]
    public void File_gets_the_console_lines_at_the_console_levels_when_enabled()
    {
        var console = Run(Settings(), factory =>
        {
            var ours = factory.CreateLogger("NameServer.Actors.Server.NameServerService");
            ours.LogInformation("NameServer listening on {EndPoint}", "127.0.0.1:9876");
            ours.LogDebug("not at the default level");
            factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogInformation("below Microsoft's Warning");
            factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning("Kestrel warns");
        });

        Assert.Equal(["namesrv.log"], Files());
        var file = File.ReadAllText(LogPath);
        Assert.Equal(console, file);
        var lines = file.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("info: NameServer.Actors.Server.NameServerService[0] NameServer listening on 127.0.0.1:9876", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("warn: Microsoft.AspNetCore.Server.Kestrel[0] Kestrel warns", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void File_is_not_written_when_disabled()
    {
        var console = Run(Settings() with { Enabled = false }, factory => factory.CreateLogger("namesrv").LogInformation("console only"));

        Assert.Contains("console only", console, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(LogPath)));
    }

    [Fact]
    public void File_rotates_on_size_into_numbered_files_keeping_every_line_in_order()
    {
        Run(Settings(maxFileSize: 1024), factory =>
        {
            var log = factory.CreateLogger("namesrv");
            for (var i = 0; i < 50; i++)
            {
                Line(log, i);
            }
        });

        var files = Files();
        Assert.True(files.Length >= 4, string.Join(", ", files));
        Assert.Equal("namesrv.log", files[0]);
        Assert.Equal(files.Skip(1), files.Skip(1).Select((_, i) => $"namesrv_{i + 1:000}.log"));
        var lines = LinesOf(files);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"Line {i:D4}"), lines.Select(l => l.Split("[0] ")[1][..9]));
        var longest = lines.Max(l => l.Length + Environment.NewLine.Length);
        Assert.All(files, f => Assert.InRange(new FileInfo(Path.Combine(_dir, "logs", f)).Length, 1, 1024 + longest));
    }

    [Fact]
    public void File_count_stays_at_the_retained_count_deleting_the_oldest()
    {
        Run(Settings(maxFileSize: 1024, retained: 3), factory =>
        {
            var log = factory.CreateLogger("namesrv");
            for (var i = 0; i < 100; i++)
            {
                Line(log, i);
            }
        });

        var files = Files();
        Assert.Equal(3, files.Length);
        var newest = files.Select(f => int.Parse(f["namesrv_".Length..^".log".Length], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(newest.Max() - 2, newest.Min());
        Assert.EndsWith("Line 0099 " + new string('x', 40), LinesOf(files[^1])[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(LinesOf(files), l => l.Contains("Line 0000", StringComparison.Ordinal));
    }

    [Fact]
    public void File_rotates_on_time_when_the_interval_ends_and_keeps_the_retained_count_across_periods()
    {
        var start = new DateTime(2026, 1, 2, 10, 59, 59, DateTimeKind.Local);
        using var clock = new SerilogFileClock();
        Run(Settings(interval: LogRollingInterval.Hour, retained: 2), factory =>
        {
            var log = factory.CreateLogger("namesrv");
            clock.Now = start;
            Line(log, 0);
            clock.Now = start.AddSeconds(0.5);
            Line(log, 1);
            clock.Now = start.AddSeconds(1);
            Line(log, 2);
            Assert.Equal(["namesrv2026010210.log", "namesrv2026010211.log"], Files());
            Assert.Equal(2, LinesOf("namesrv2026010210.log").Length);
            clock.Now = start.AddHours(1).AddSeconds(1);
            Line(log, 3);
        }, background: false);

        Assert.Equal(["namesrv2026010211.log", "namesrv2026010212.log"], Files());
        Assert.Contains("Line 0002", Assert.Single(LinesOf("namesrv2026010211.log")), StringComparison.Ordinal);
        Assert.Contains("Line 0003", Assert.Single(LinesOf("namesrv2026010212.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void File_of_an_earlier_period_is_kept_as_it_is_and_counted_when_writing_starts_in_a_new_period()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        foreach (var old in new[] { "namesrv202001010000.log", "namesrv202001010001.log", "namesrv202001010001_001.log" })
        {
            File.WriteAllText(Path.Combine(_dir, "logs", old), "old\n");
        }
        File.WriteAllText(Path.Combine(_dir, "logs", "namesrv_traffic.log"), "not ours\n");

        Run(Settings(interval: LogRollingInterval.Minute, retained: 2), factory => Line(factory.CreateLogger("namesrv"), 0));

        var files = Files();
        var current = Assert.Single(files, f => f.StartsWith("namesrv20", StringComparison.Ordinal) && !f.StartsWith("namesrv2020", StringComparison.Ordinal));
        Assert.Matches(@"^namesrv\d{12}\.log$", current);
        Assert.Equal(["namesrv202001010001_001.log", current, "namesrv_traffic.log"], files);
        Assert.Equal(["old"], LinesOf("namesrv202001010001_001.log"));
        Assert.Single(LinesOf(current));
    }

    /// <summary>
    /// Serilog.Sinks.File's clock (internal <c>Serilog.Sinks.File.Clock</c>, the hook its own tests use): set, it gives
    /// the time set on the calling thread to every file sink of the process; disposing puts the real clock back.
    /// Serilog.Sinks.File is pinned (Directory.Packages.props); if a later version drops the hook, this fails loudly.
    /// </summary>
    private sealed class SerilogFileClock : IDisposable
    {
        private static readonly Type Clock = typeof(Serilog.RollingInterval).Assembly.GetType("Serilog.Sinks.File.Clock", throwOnError: true)!;
        private static readonly FieldInfo Source = Clock.GetField("_dateTimeNow", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingFieldException(Clock.FullName, "_dateTimeNow");
        private static readonly MethodInfo Set = Clock.GetMethod("SetTestDateTimeNow", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingMethodException(Clock.FullName, "SetTestDateTimeNow");

        private readonly object? _real = Source.GetValue(null);

        public DateTime Now
        {
            set => Set.Invoke(null, [value]);
        }

        public void Dispose() => Source.SetValue(null, _real);
    }
}
