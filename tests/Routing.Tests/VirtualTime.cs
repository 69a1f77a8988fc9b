using Akka.TestKit;

namespace NameServer.Actors.Routing.Tests;

/// <summary>Akka configuration for actor tests that move time themselves.</summary>
internal static class VirtualTime
{
    /// <summary>Akka's <see cref="TestScheduler"/> as the system's scheduler: timers fire, and <c>Scheduler.Now</c> moves, only on <c>Advance</c>.</summary>
    public const string Config = """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """;
}
