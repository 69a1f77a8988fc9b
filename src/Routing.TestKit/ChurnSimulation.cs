using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.TestKit;
using NameServer.Actors.Routing.Observability;
using AkkaConfig = Akka.Configuration.Config;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// A seeded broker-churn simulation against the real routing actors (<see cref="RouteTable"/> and
/// <see cref="BrokerSessions"/>) on an Akka actor system whose scheduler is Akka's <see cref="TestScheduler"/>, so that
/// the scan timer and RouteTable's clock move only when the simulation advances them. Brokers of several clusters, masters
/// and slaves, 4.x- and 5.x-style, join, re-register every period with their full topic table, gain and lose topics,
/// crash, go silent, reconnect, unregister and come back. After every step the simulation checks the NameServer
/// against its own model of what it did, and throws <see cref="ChurnViolationException"/> (naming the seed) at the
/// first violation.
/// </summary>
/// <example>
/// <code>
/// var result = new ChurnSimulation(new ChurnOptions { Seed = 42, VirtualDuration = TimeSpan.FromHours(1) }).Run();
/// // a failure says "seed 42 ... step 517 ..."; replay it with the same options.
///
/// // Inside an Akka.TestKit test class constructed with base(ChurnSimulation.TestKitConfig), beside actors of its own:
/// var result = new ChurnSimulation(options).Run(Sys);
/// </code>
/// </example>
/// <remarks>
/// <para>Invariants checked after every step: every registered broker is in the live table with its current
/// connection epoch, DataVersion and last-update time, and no other is (expiry exactly when the scan runs after
/// timeout); cluster info lists exactly the registered brokers of each group; every topic of a registered master's
/// table is routable and its route names the master's address; no route names a broker that is not registered, a
/// group that is not in cluster info, or a group that never registered the topic; every route's broker datas match
/// its queue datas; the published snapshot equals the state's route; slaves are told the live master's address and
/// HA address; the NameServer closes the connection of every broker it expires. Routes are checked for the groups the
/// step touched; every <see cref="ChurnOptions.FullCheckEverySteps"/> steps the whole table is, plus
/// <see cref="State.RouteTableState.CheckInvariants"/>.</para>
/// <para>Determinism: events come only from the seeded model, never from the actors' timing; each step's messages
/// are applied in phases (closes and unregisters, then registrations) separated by synchronising asks, and the clock
/// stops at every scan instant, so the expected state after each step is exact.</para>
/// </remarks>
public sealed class ChurnSimulation
{
    /// <summary>Creates a simulation; <paramref name="options"/> are validated here.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ChurnSimulation(ChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options of this simulation.</summary>
    public ChurnOptions Options { get; }

    /// <summary>
    /// The HOCON a test passes to its Akka.TestKit base class to run the simulation on the test's own system with
    /// <see cref="Run(ActorSystem)"/>: Akka's <see cref="TestScheduler"/> as the scheduler, log level WARNING (RouteTable
    /// logs every membership change at INFO, thousands per run; layer <c>akka.loglevel = INFO</c> over it to see them),
    /// and the NameServer's counting mailboxes (<see cref="RoutingConfig.Hocon"/>).
    /// </summary>
    public const string TestKitHocon = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING

        """ + RoutingConfig.Hocon;

    /// <summary><see cref="TestKitHocon"/> parsed: <c>public MyTests() : base(ChurnSimulation.TestKitConfig) { }</c>.</summary>
    public static AkkaConfig TestKitConfig { get; } = ConfigurationFactory.ParseString(TestKitHocon);

    /// <summary>
    /// Runs the whole simulation on a fresh actor system of its own (each call is an independent, identical run) and
    /// returns its counts.
    /// </summary>
    /// <exception cref="ChurnViolationException">An invariant was violated, or the NameServer did not answer in time.</exception>
    public ChurnResult Run()
    {
        var logging = Options.LoggerFactory is not null
            ? $"akka.loggers = [\"{MicrosoftLogger.TypeName}\"]\nakka.loglevel = INFO"
            : "akka.loglevel = OFF\nakka.stdout-loglevel = OFF";
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(logging).WithFallback(TestKitConfig)));
        if (Options.LoggerFactory is { } loggerFactory)
        {
            setup = setup.And(new MicrosoftLoggerSetup(loggerFactory));
        }
        var system = ActorSystem.Create("churn", setup);
        try
        {
            return Run(system);
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// Runs the whole simulation on <paramref name="system"/>, beside whatever else runs there (for example inside
    /// an Akka.TestKit test: <c>Run(Sys)</c>). The run's actors are top-level actors named <c>churn-N-...</c>, stopped
    /// when it ends; the run moves the system's virtual clock forward by <see cref="ChurnOptions.VirtualDuration"/>.
    /// </summary>
    /// <param name="system">A system whose scheduler is Akka's <see cref="TestScheduler"/> (see <see cref="TestKitConfig"/>).</param>
    /// <exception cref="InvalidOperationException">The system's scheduler is not a <see cref="TestScheduler"/>.</exception>
    /// <exception cref="ChurnViolationException">An invariant was violated, or the NameServer did not answer in time.</exception>
    public ChurnResult Run(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (system.Scheduler is not TestScheduler)
        {
            throw new InvalidOperationException(
                $"The churn simulation advances virtual time: the actor system '{system.Name}' must run on Akka's TestScheduler, not "
                + $"{system.Scheduler.GetType().Name}. Create it with ChurnSimulation.TestKitConfig (e.g. `: base(ChurnSimulation.TestKitConfig)` "
                + "in an Akka.TestKit test class), or set akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\".");
        }
        using var run = new ChurnRun(Options, system);
        return run.Execute();
    }
}
