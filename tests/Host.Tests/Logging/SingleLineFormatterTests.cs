using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using NameServer.Actors.Host.Logging;
using NameServer.Actors.Server.Observability;
using Serilog.Extensions.Logging;

namespace NameServer.Actors.Host.Tests.Logging;

/// <summary>
/// namesrv's line through Serilog against the line Microsoft's SimpleConsole formatter (namesrv's console logger before)
/// writes for the same call, and the escaping of what clients send.
/// </summary>
public sealed class SingleLineFormatterTests
{
    private const string Category = "NameServer.Actors.Routing.RouteTable";
    private const int TimestampLength = 24; // "yyyy-MM-dd HH:mm:ss.fff "

    /// <summary>Logs one call through namesrv's pipeline and through SimpleConsole; the lines without namesrv's timestamp.</summary>
    private static (string Ours, string Simple) Both(bool colors, Action<ILogger> log)
    {
        using var ours = new StringWriter();
        using (var provider = new SerilogLoggerProvider(NamesrvLogging.CreateLogger(Disabled, ours, colors, background: true), dispose: true))
        {
            log(provider.CreateLogger(Category));
        }

        using var services = new ServiceCollection().AddLogging(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = null;
            o.ColorBehavior = colors ? LoggerColorBehavior.Enabled : LoggerColorBehavior.Disabled;
        })).BuildServiceProvider();
        var simple = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        using var written = new StringWriter();
        log(new FormatterLogger(simple, written));

        var line = ours.ToString();
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} ", line);
        return (line[TimestampLength..], written.ToString());
    }

    private static LogFileSettings Disabled => new()
    {
        Enabled = false,
        Path = Path.GetFullPath("unused.log"),
        MaxFileSize = 1024,
        RollingInterval = LogRollingInterval.Infinite,
        RetainedFileCount = 1,
    };

    public static TheoryData<string> Calls => ["template", "event id", "null", "list", "positional", "format", "no args", "exception", "exception only", "critical", "debug"];

    private static void Call(string name, ILogger log)
    {
        switch (name)
        {
            case "template":
                log.LogInformation("Broker {Cluster}/{BrokerName}[{BrokerId}] registered at {Address} (connection {Epoch})", "DefaultCluster", "broker-a", 0L, "10.0.0.1:10911", 42L);
                break;
            case "event id":
                log.LogWarning(new EventId(7, "Refused"), "Refusing connection {Remote}: maxConnections ({Max}) reached", new IPEndPoint(IPAddress.Loopback, 5555), 10000);
                break;
            case "null":
                log.LogInformation("Peer {Peer} could not be compared: {Error}", "10.0.0.2:9876", null);
                break;
            case "list":
                log.LogInformation("Configuration updated: {Keys}", new List<string> { "orderMessageEnable", "enableTopicList" });
                break;
            case "positional":
                log.LogInformation("{0} then {1}", "first", 2);
                break;
            case "format":
                log.LogInformation("Scan took {Elapsed:0.00} ms for [{Name,8}] [{Left,-6}]", 1.2345, "right", "left");
                break;
            case "no args":
                log.LogInformation("NameServer stopped");
                break;
            case "exception":
                log.LogError(Thrown(), "Request {Code} (opaque {Opaque}) failed", 105, 7);
                break;
            case "exception only":
                log.LogError(Thrown(), "");
                break;
            case "critical":
                log.LogCritical("Everything is on fire");
                break;
            default:
                log.LogDebug("TLS handshake with {Remote}", "127.0.0.1:5555");
                break;
        }
    }

    private static Exception Thrown()
    {
        try
        {
            try
            {
                throw new FormatException("inner cause");
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException("outer", e);
            }
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void Line_has_the_shape_and_content_simple_console_wrote_when_nothing_needs_escaping(string call)
    {
        var (ours, simple) = Both(colors: false, log => Call(call, log));

        Assert.Equal(simple, ours);
        Assert.EndsWith(Environment.NewLine, ours, StringComparison.Ordinal);
        Assert.Single(ours.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void Line_has_simple_consoles_colours_when_the_console_gets_colours(string call)
    {
        var (ours, simple) = Both(colors: true, log => Call(call, log));

        Assert.Equal(simple, ours);
    }

    [Fact]
    public void Line_escapes_control_characters_of_values_template_exception_and_category()
    {
        using var ours = new StringWriter();
        using (var provider = new SerilogLoggerProvider(NamesrvLogging.CreateLogger(Disabled, ours, consoleColors: false, background: true), dispose: true))
        {
            var log = provider.CreateLogger("odd\ncategory");
            log.LogInformation("Broker {BrokerName} on topic {Topic}", "evil\0broker\n2026-01-01 00:00:00.000 info: forged", "top\r\nic");
#pragma warning disable CA2254 // A template that is not ours, as Akka and libraries sometimes log.
            log.LogInformation("preformatted evil\0text\nforged");
#pragma warning restore CA2254
            log.LogWarning(new InvalidOperationException("bad header \"evil\0broker\nforged\"", new FormatException("inner\0cause\n")), "Request failed");
            log.LogInformation("Items {Items}", new List<string> { "a\nb", "c\0" });
        }

        var lines = ours.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.False(l.Any(c => char.IsControl(c)), l));
        Assert.EndsWith(@"info: odd\ncategory[0] Broker evil\u0000broker\n2026-01-01 00:00:00.000 info: forged on topic top\r\nic", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(@"[0] preformatted evil\u0000text\nforged", lines[1], StringComparison.Ordinal);
        Assert.Contains(@"Request failed System.InvalidOperationException: bad header ""evil\u0000broker\nforged""  ---> System.FormatException: inner\u0000cause\n", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(@"Items a\nb, c\u0000", lines[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null, null, true)]
    [InlineData(false, "1", null, false)]
    [InlineData(true, null, null, false)]
    [InlineData(true, null, "true", true)]
    [InlineData(true, null, "1", true)]
    [InlineData(true, null, "false", false)]
    public void ConsoleWantsColors_decides_as_simple_console_did_by_default(bool redirected, string? noColor, string? allowRedirection, bool expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["NO_COLOR"] = noColor,
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = allowRedirection,
        };

        Assert.Equal(expected, SingleLineFormatter.ConsoleWantsColors(redirected, k => environment.GetValueOrDefault(k)));
    }

    /// <summary>An <see cref="ILogger"/> that writes each call with a <see cref="ConsoleFormatter"/>, as the console logger does.</summary>
    private sealed class FormatterLogger(ConsoleFormatter formatter, TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> format) =>
            formatter.Write(new LogEntry<TState>(logLevel, Category, eventId, state, exception, format), null, output);
    }
}
