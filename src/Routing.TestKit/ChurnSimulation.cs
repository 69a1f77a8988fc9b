namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// A seeded broker-churn simulation against the real routing actors (<see cref="RouteTable"/> and
/// <see cref="BrokerSessions"/>) on an actor system driven by a virtual clock. Brokers of several clusters, masters
/// and slaves, 4.x- and 5.x-style, join, re-register every period with their full topic table, gain and lose topics,
/// crash, go silent, reconnect, unregister and come back. After every step the simulation checks the NameServer
/// against its own model of what it did, and throws <see cref="ChurnViolationException"/> (naming the seed) at the
/// first violation.
/// </summary>
/// <example>
/// <code>
/// var result = new ChurnSimulation(new ChurnOptions { Seed = 42, VirtualDuration = TimeSpan.FromHours(1) }).Run();
/// // a failure says "seed 42 ... step 517 ..."; replay it with the same options.
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
    /// Runs the whole simulation on a fresh actor system (each call is an independent, identical run) and returns
    /// its counts.
    /// </summary>
    /// <exception cref="ChurnViolationException">An invariant was violated, or the NameServer did not answer in time.</exception>
    public ChurnResult Run()
    {
        using var run = new ChurnRun(Options);
        return run.Execute();
    }
}
