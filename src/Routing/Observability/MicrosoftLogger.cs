using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace NameServer.Actors.Routing.Observability;

/// <summary>Hands an <see cref="ILoggerFactory"/> to the <see cref="MicrosoftLogger"/> of an actor system (part of its <see cref="ActorSystemSetup"/>).</summary>
public sealed class MicrosoftLoggerSetup(ILoggerFactory loggerFactory) : Setup
{
    public ILoggerFactory LoggerFactory { get; } = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
}

/// <summary>
/// An Akka logger (<c>akka.loggers = ["NameServer.Actors.Routing.Observability.MicrosoftLogger, NameServer.Actors.Routing"]</c>)
/// that writes Akka's log events to <c>Microsoft.Extensions.Logging</c>: the category is the class that logged (its
/// full name; the log source when there is none), the message template and its arguments are handed over as they are,
/// so structured logging keeps the named properties, and the cause is the exception. The factory comes from the
/// system's <see cref="MicrosoftLoggerSetup"/>.
/// </summary>
public sealed class MicrosoftLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>The value for <c>akka.loggers</c>.</summary>
    public const string TypeName = "NameServer.Actors.Routing.Observability.MicrosoftLogger, NameServer.Actors.Routing";

    private readonly ILoggerFactory _factory;
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public MicrosoftLogger()
    {
        var setup = Context.System.Settings.Setup.Get<MicrosoftLoggerSetup>();
        if (!setup.HasValue)
        {
            throw new ConfigurationException(
                $"{nameof(MicrosoftLogger)} needs a {nameof(MicrosoftLoggerSetup)} in the ActorSystemSetup of the system that configures it in akka.loggers.");
        }
        _factory = setup.Value.LoggerFactory;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Log);
    }

    private void Log(LogEvent e)
    {
        var category = e.LogClass?.FullName ?? e.LogSource ?? "Akka";
        if (!_loggers.TryGetValue(category, out var logger))
        {
            logger = _factory.CreateLogger(category);
            _loggers[category] = logger;
        }
        var level = Level(e.LogLevel());
        if (!logger.IsEnabled(level))
        {
            return;
        }
        var arguments = e.GetParameters().ToArray();
#pragma warning disable CA2254 // The template is the one the actor logged with, not built here.
        logger.Log(level, default, e.Cause, e.GetTemplate(), arguments);
#pragma warning restore CA2254
    }

    /// <summary>Akka's level as a <see cref="LogLevel"/>.</summary>
    public static LogLevel Level(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
