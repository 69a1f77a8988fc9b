namespace NameServer.Actors.Routing.TestKit;

/// <summary>What a <see cref="ChurnSimulation"/> does to the NameServer; counted in <see cref="ChurnResult.Counts"/>.</summary>
public enum ChurnEventKind
{
    /// <summary>A broker registered for the first time (new connection).</summary>
    Join,

    /// <summary>A live broker's periodic full re-registration.</summary>
    Reregister,

    /// <summary>A group gained topics (new DataVersion); its master re-registered at once.</summary>
    TopicAdded,

    /// <summary>A group dropped a topic (new DataVersion); its master re-registered at once.</summary>
    TopicRemoved,

    /// <summary>A broker's connection closed without an unregister.</summary>
    Crash,

    /// <summary>A broker stopped re-registering (its connection stays open until the NameServer expires it).</summary>
    Silence,

    /// <summary>The scan expired a silent broker and closed its connection.</summary>
    Expired,

    /// <summary>A live broker registered on a new connection.</summary>
    Reconnect,

    /// <summary>The old connection of a reconnected broker closed late; the broker must stay registered.</summary>
    LateClose,

    /// <summary>A broker unregistered explicitly, then closed its connection.</summary>
    Unregister,

    /// <summary>A crashed, unregistered or expired broker came back on a new connection.</summary>
    Return,

    /// <summary>A live 5.x broker's <c>BROKER_HEARTBEAT</c> (only with <see cref="ChurnOptions.FiveXHeartbeatPeriod"/>).</summary>
    Heartbeat,

    /// <summary>
    /// A live slave of a group whose master is gone re-registered as master (id 0) on its connection; the old master
    /// comes back later as a slave with the promoted slave's old id.
    /// </summary>
    Failover,
}

/// <summary>Outcome of a passing <see cref="ChurnSimulation.Run"/>.</summary>
/// <param name="Seed">The seed the run used.</param>
/// <param name="Steps">Number of virtual-clock steps.</param>
/// <param name="VirtualTime">Virtual time covered.</param>
/// <param name="WallTime">Real time the run took.</param>
/// <param name="Counts">How many events of each kind happened (every kind is present, possibly 0).</param>
/// <param name="Registrations">Registration requests sent (joins, returns, reconnects, re-registrations, topic changes).</param>
/// <param name="FullChecks">Number of full-table checks.</param>
/// <param name="Brokers">Simulated brokers.</param>
/// <param name="LiveBrokersAtEnd">Brokers registered when the run ended.</param>
/// <param name="RoutedTopicsAtEnd">Topics with a route when the run ended.</param>
/// <param name="TraceHash">Hash of the whole event trace: equal seeds and options give equal hashes.</param>
/// <param name="Trace">The first <see cref="ChurnOptions.TraceLimit"/> trace lines.</param>
public sealed record ChurnResult(
    int Seed,
    int Steps,
    TimeSpan VirtualTime,
    TimeSpan WallTime,
    IReadOnlyDictionary<ChurnEventKind, int> Counts,
    long Registrations,
    int FullChecks,
    int Brokers,
    int LiveBrokersAtEnd,
    int RoutedTopicsAtEnd,
    ulong TraceHash,
    IReadOnlyList<string> Trace)
{
    /// <summary>One line: seed, steps, times and every count, for test output.</summary>
    public override string ToString() =>
        $"seed {Seed}: {Steps} steps over {VirtualTime} virtual in {WallTime.TotalSeconds:F2} s wall; {Brokers} brokers "
        + $"({LiveBrokersAtEnd} live at end), {RoutedTopicsAtEnd} routed topics at end, {Registrations} registrations, "
        + $"{FullChecks} full checks; "
        + string.Join(", ", Counts.Select(e => $"{e.Key}={e.Value}"))
        + $"; trace hash {TraceHash:x16}";
}
