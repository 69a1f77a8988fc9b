using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.Observability;

namespace NameServer.Actors.Server;

/// <summary>
/// The Akka actor system a <see cref="NameServerService"/> runs on: named <see cref="Name"/>, configured by
/// <see cref="Config"/> (Akka's log events go to the service's <see cref="ILoggerFactory"/> through
/// <see cref="MicrosoftLogger"/>; the counting mailboxes of <see cref="RoutingConfig"/> as a fallback).
/// </summary>
public static class NameServerActorSystem
{
    /// <summary>The system's name (its actors' paths are <c>akka://namesrv/user/...</c>).</summary>
    public const string Name = "namesrv";

    /// <summary>The Akka settings the NameServer sets, in HOCON.</summary>
    public const string Hocon = $$"""
        akka {
          loglevel = INFO
          # Only what happens before the logger starts or after it stops reaches standard output.
          stdout-loglevel = WARNING
          loggers = ["{{MicrosoftLogger.TypeName}}"]
          log-dead-letters-during-shutdown = off
          # The host stops the NameServer (NameServerService.StopAsync), which terminates the system.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary>The configuration: <see cref="Hocon"/>, then <see cref="RoutingConfig.Default"/>.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(Hocon).WithFallback(RoutingConfig.Default);

    /// <summary>Creates the system, its log events written to <paramref name="loggerFactory"/>.</summary>
    public static ActorSystem Create(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var setup = BootstrapSetup.Create().WithConfig(Config).And(new MicrosoftLoggerSetup(loggerFactory));
        return ActorSystem.Create(Name, setup);
    }
}
