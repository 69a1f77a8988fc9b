using Microsoft.Extensions.Logging;
using NameServer.Actors.Host.Logging;

namespace NameServer.Actors.Host.Tests.Logging;

/// <summary>namesrv's log level, taken from <c>akka.loglevel</c>.</summary>
public sealed class NamesrvLoggingTests
{
    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("WARNING", LogLevel.Warning)]
    [InlineData("ERROR", LogLevel.Error)]
    [InlineData("OFF", LogLevel.None)]
    public void Minimum_level_follows_akka_loglevel_when_it_is_set(string level, LogLevel expected)
    {
        var akka = Akka.Configuration.ConfigurationFactory.ParseString($"akka.loglevel = {level}");

        Assert.Equal(expected, NamesrvLogging.MinimumLevel(akka));
    }
}
