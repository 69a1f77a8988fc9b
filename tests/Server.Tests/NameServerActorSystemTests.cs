using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Routing.Observability;

namespace NameServer.Actors.Server.Tests;

/// <summary><see cref="NameServerActorSystem.Create(Config, Microsoft.Extensions.Logging.ILoggerFactory)"/>: the system namesrv runs on.</summary>
public sealed class NameServerActorSystemTests
{
    [Fact]
    public async Task Create_starts_a_system_with_the_given_config_and_the_logger_setup()
    {
        // Built without ActorSystem.Create (see Create): the system must still be the one Create would have built.
        var akka = ConfigurationFactory.ParseString("akka.loglevel = ERROR").WithFallback(NameServerSettings.Default.Akka);
        var system = NameServerActorSystem.Create(akka, NullLoggerFactory.Instance);
        try
        {
            Assert.Equal(NameServerActorSystem.Name, system.Name);
            Assert.Equal("ERROR", system.Settings.LogLevel);
            Assert.Equal(TimeSpan.FromMilliseconds(250), system.Settings.Config.GetTimeSpan("akka.scheduler.tick-duration"));
            Assert.True(system.Settings.Setup.Get<MicrosoftLoggerSetup>().HasValue);
            Assert.Contains(MicrosoftLogger.TypeName, system.Settings.Loggers);
            var echo = system.ActorOf(Props.Create(() => new Echo()), "echo");
            Assert.Equal("ping", await echo.Ask<string>("ping", TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<string>(text => Sender.Tell(text));
    }
}
