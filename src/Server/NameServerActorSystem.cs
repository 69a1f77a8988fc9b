using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Remote;

namespace NameServer.Actors.Server;

/// <summary>
/// The Akka actor system a <see cref="NameServerService"/> runs on: named <see cref="Name"/>, configured by the resolved
/// <c>akka</c> section of its settings (<see cref="NameServerSettings.Akka"/>) with the NameServer's own Akka settings
/// (<see cref="Configure"/>); Akka's log events go to the service's <see cref="ILoggerFactory"/> through
/// <see cref="MicrosoftLogger"/>.
/// </summary>
public static class NameServerActorSystem
{
    /// <summary>The system's name (its actors' paths are <c>akka://namesrv/user/...</c>).</summary>
    public const string Name = "namesrv";

    /// <summary>
    /// <paramref name="akka"/> (the <c>akka</c> section of the configuration, e.g. <c>akka.loglevel</c>) with what the
    /// NameServer needs of Akka. Over it, because they must hold whatever the configuration says:
    /// <list type="bullet">
    /// <item><c>akka.loggers</c>: <see cref="MicrosoftLogger"/> first, the configured loggers after it (without it the
    /// actors' log events would not reach the host's logging);</item>
    /// <item><c>akka.coordinated-shutdown.run-by-clr-shutdown-hook = off</c>: the host stops the NameServer
    /// (<see cref="NameServerService.StopAsync"/>: drain, close connections, then terminate the system), so Akka must not
    /// terminate it first when the process exits.</item>
    /// </list>
    /// Under it, as fallback: the counting mailboxes of <see cref="RoutingConfig.Default"/> and the message contract's
    /// serializer and bindings (<see cref="NameServerRemoting.Config"/>). Everything else, log
    /// levels included, is the configuration's. Applying it twice changes nothing.
    /// </summary>
    public static Config Configure(Config akka)
    {
        ArgumentNullException.ThrowIfNull(akka);
        var configured = akka.HasPath("akka.loggers") ? akka.GetStringList("akka.loggers") : [];
        var loggers = configured.Where(l => !IsOurLogger(l)).Prepend(MicrosoftLogger.TypeName);
        var fixedSettings = ConfigurationFactory.ParseString($$"""
            akka {
              loggers = [{{string.Join(", ", loggers.Select(Quoted))}}]
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            """);
        return fixedSettings.WithFallback(akka).WithFallback(RoutingConfig.Default).WithFallback(NameServerRemoting.Config);
    }

    /// <summary>Creates the system from <paramref name="akka"/> (<see cref="Configure"/> applied), its log events written to <paramref name="loggerFactory"/>.</summary>
    public static ActorSystem Create(Config akka, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var setup = BootstrapSetup.Create().WithConfig(Configure(akka)).And(new MicrosoftLoggerSetup(loggerFactory));
        return ActorSystem.Create(Name, setup);
    }

    /// <summary>Creates the system with the Akka settings of <c>reference.conf</c> (<see cref="NameServerSettings.Default"/>).</summary>
    public static ActorSystem Create(ILoggerFactory loggerFactory) => Create(NameServerSettings.Default.Akka, loggerFactory);

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // "Type, Assembly" as written, spaces aside.
    private static bool IsOurLogger(string typeName) =>
        string.Equals(typeName.Replace(" ", "", StringComparison.Ordinal), MicrosoftLogger.TypeName.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
}
