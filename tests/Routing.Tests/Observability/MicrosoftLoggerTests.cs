using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.Observability;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace NameServer.Actors.Routing.Tests.Observability;

/// <summary>Akka's log events through <see cref="MicrosoftLogger"/> into Microsoft.Extensions.Logging.</summary>
public sealed class MicrosoftLoggerTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly Capture _capture;

    public MicrosoftLoggerTests()
        : this(new Capture())
    {
    }

    private MicrosoftLoggerTests(Capture capture)
        : base(Setup(capture), "logged")
    {
        _capture = capture;
    }

    private static ActorSystemSetup Setup(Capture capture) =>
        BootstrapSetup.Create()
            .WithConfig(ConfigurationFactory.ParseString($"akka.loggers = [\"{MicrosoftLogger.TypeName}\"]\nakka.loglevel = DEBUG"))
            .And(new MicrosoftLoggerSetup(LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(capture))));

    [Fact]
    public void MicrosoftLogger_keeps_category_level_template_arguments_and_cause_when_an_actor_logs()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Talker()), "talker");

        actor.Tell("go");

        AwaitCondition(() => _capture.Entries.Any(e => e.Category == typeof(Talker).FullName && e.Level == LogLevel.Error));
        var info = _capture.Entries.Single(e => e.Category == typeof(Talker).FullName && e.Level == LogLevel.Information);
        Assert.Equal("Broker Cluster0/10.0.0.1:10911 removed: expired", info.Message);
        Assert.Equal("Broker {Cluster}/{Address} removed: {Cause}", info.Properties["{OriginalFormat}"]);
        Assert.Equal("Cluster0", info.Properties["Cluster"]);
        var error = _capture.Entries.Single(e => e.Category == typeof(Talker).FullName && e.Level == LogLevel.Error);
        Assert.IsType<IOException>(error.Exception);
        Assert.Equal("Could not write /tmp/kv", error.Message);
        Assert.Contains(_capture.Entries, e => e.Category == typeof(Talker).FullName && e.Level == LogLevel.Warning && e.Message == "braces {kept} as they are");
    }

    private sealed class Talker : ReceiveActor
    {
        public Talker()
        {
            var log = Context.GetLogger();
            Receive<string>(_ =>
            {
                log.Info("Broker {Cluster}/{Address} removed: {Cause}", "Cluster0", "10.0.0.1:10911", "expired");
                log.Warning("braces {kept} as they are");
                log.Error(new IOException("disk"), "Could not write {Path}", "/tmp/kv");
            });
        }
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Properties);

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? pairs.ToDictionary(p => p.Key, p => p.Value)
                    : new Dictionary<string, object?>();
                capture.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception, properties));
            }
        }
    }
}
