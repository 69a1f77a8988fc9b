using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using NameServer.Actors.Client;
using NameServer.Actors.Host.Tests.Support;

namespace NameServer.Actors.Host.Tests.Logging;

/// <summary>The namesrv executable's logging: what a client sends cannot forge lines; unusable log settings stop it.</summary>
public sealed partial class NamesrvLoggingProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("namesrv-logging-").FullName;
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private string LogFolder => Path.Combine(_dir, "logs");

    private (Process Process, ConcurrentQueue<string> Stdout, ConcurrentQueue<string> Stderr) Start(IDictionary<string, string>? environment, params string[] args)
    {
        var start = NamesrvStart.Info(_dir, environment, args);
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Enqueue(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Enqueue(stderr, e.Data);
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, stdout, stderr);
    }

    private static void Enqueue(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    /// <summary>The first line <paramref name="lines"/> yields that contains <paramref name="text"/>, within <see cref="Timeout"/>.</summary>
    private static async Task<string> LineAsync(Process process, Func<IEnumerable<string>> lines, string text, Func<string> diagnostics)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (lines().FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            Assert.False(process.HasExited, $"namesrv exited before logging '{text}':\n{diagnostics()}");
            Assert.True(watch.Elapsed < Timeout, $"no line with '{text}' after {Timeout}:\n{diagnostics()}");
            await Task.Delay(100);
        }
    }

    private IEnumerable<string> FileLines() =>
        Directory.Exists(LogFolder) ? Directory.GetFiles(LogFolder).Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines) : [];

    [GeneratedRegex(@"NameServer listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    [Fact]
    public async Task Control_characters_a_client_sends_appear_escaped_in_the_console_and_the_log_file()
    {
        var (process, stdout, stderr) = Start(
            null,
            "--listenPort=0", "--httpEnabled=false",
            "--nameserver:logFile:enabled=true", $"--nameserver:logFile:path={Path.Combine(LogFolder, "namesrv.log")}");
        string Output() => string.Join('\n', stdout) + "\n" + string.Join('\n', stderr);
        var listening = await LineAsync(process, () => stdout, "NameServer listening on", Output);
        var port = int.Parse(Listening().Match(listening).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        const string forged = "2026-01-01 00:00:00.000 warn: NameServer[0] forged line";
        await using (var broker = new SimulatedBroker(
            new SimulatedBrokerOptions("Cluster\0A", "evil\0broker\n" + forged, 0, "127.0.0.1:10911", "127.0.0.1:10912"),
            new NameServerClientOptions { Addresses = $"127.0.0.1:{port}" }))
        {
            var registered = Assert.Single(await broker.RegisterAsync());
            Assert.True(registered.Succeeded, registered.Error?.ToString());
        }

        const string escaped = @"Broker Cluster\u0000A/evil\u0000broker\n" + forged + "[0] registered at 127.0.0.1:10911";
        var console = await LineAsync(process, () => stdout, "registered at", Output);
        var file = await LineAsync(process, FileLines, "registered at", Output);
        Assert.Contains(escaped, console, StringComparison.Ordinal);
        Assert.Equal(console, file);
        foreach (var line in stdout.Concat(FileLines()))
        {
            Assert.False(line.StartsWith(forged, StringComparison.Ordinal), line);
            Assert.DoesNotContain('\0', line);
        }
    }

    [Fact]
    public async Task Akka_debug_level_shows_debug_lines_of_the_actor_system_when_set_on_the_command_line()
    {
        var (process, stdout, stderr) = Start(null, "--listenPort=0", "--httpEnabled=false", "--akka.loglevel=DEBUG");
        string Output() => string.Join('\n', stdout) + "\n" + string.Join('\n', stderr);

        await LineAsync(process, () => stdout, "NameServer listening on", Output);
        var debug = await LineAsync(process, () => stdout, " dbug: ", Output);

        Assert.Contains("Akka.", debug, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nameserver:logFile:rollingInterval=fortnight", null, "namesrv: logFile.rollingInterval 'fortnight' is not one of")]
    [InlineData("--nameserver:logFile:maxFileSize=huge", null, "namesrv: logFile.maxFileSize 'huge' is not a size")]
    [InlineData(null, "NAMESERVER__LOGFILE__RETAINEDFILECOUNT=0", "namesrv: logFile.retainedFileCount 0 must be from 1")]
    [InlineData("--nameserver:logFile:enabled=yes please", null, "namesrv: logFile.enabled 'yes please' is not true or false")]
    [InlineData("--nameserver:logFile:path={file}/logs/namesrv.log", "NAMESERVER__LOGFILE__ENABLED=true", "namesrv: logFile.path: cannot write log files in '{file}/logs'")]
    public async Task Unusable_log_settings_stop_start_up_with_one_line_and_exit_code_1(string? arg, string? variable, string expected)
    {
        // A regular file where the log folder's parent should be: no folder can be created under it, even as root.
        var file = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(file, "");
        var environment = variable?.Split('=', 2) is [var key, var value] ? new Dictionary<string, string> { [key] = value } : null;
        var (process, stdout, stderr) = Start(environment, arg is null ? [] : [arg.Replace("{file}", file, StringComparison.Ordinal)]);

        await process.WaitForExitAsync().WaitAsync(Timeout);
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Empty(stdout);
        Assert.StartsWith(expected.Replace("{file}", file, StringComparison.Ordinal), Assert.Single(stderr), StringComparison.Ordinal);
        Assert.False(Directory.Exists(LogFolder));
    }
}
