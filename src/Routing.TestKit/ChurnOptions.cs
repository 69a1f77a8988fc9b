using Akka.Actor;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// Shape and pace of a <see cref="ChurnSimulation"/>. Every random choice of a run derives from <see cref="Seed"/>,
/// so a failing run is replayed with <c>new ChurnSimulation(options with { Seed = failingSeed })</c>.
/// </summary>
/// <remarks>
/// Event rates are expected counts per step: a rate of 0.25 means one event in a quarter of the steps, a rate of 2.5
/// means two events in every step plus a third one in half of them.
/// </remarks>
public sealed record ChurnOptions
{
    /// <summary>The seed of every random choice (topology, topic placement, events, step lengths).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of clusters.</summary>
    public int Clusters { get; init; } = 2;

    /// <summary>Broker groups (broker names) in each cluster; each group has one master (id 0).</summary>
    public int BrokerGroupsPerCluster { get; init; } = 4;

    /// <summary>Slaves in each group (ids 1..n).</summary>
    public int SlavesPerGroup { get; init; } = 1;

    /// <summary>
    /// Business topics in the pool; each is placed on 1..<see cref="MaxGroupsPerTopic"/> groups at start. Brokers also
    /// register their cluster-name and broker-name topics, so every registration carries at least two topics.
    /// </summary>
    public int Topics { get; init; } = 100;

    /// <summary>Largest number of groups a business topic is placed on at start.</summary>
    public int MaxGroupsPerTopic { get; init; } = 3;

    /// <summary>Share (0..1) of brokers that behave as 5.x brokers (send <c>enableActingMaster=false</c>); the others are 4.x (absent).</summary>
    public double FiveXShare { get; init; } = 0.5;

    /// <summary>How much virtual time the run covers.</summary>
    public TimeSpan VirtualDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Shortest virtual step. Steps are also cut at every scan instant so that each scan is checked alone.</summary>
    public TimeSpan MinStep { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest virtual step.</summary>
    public TimeSpan MaxStep { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Period of each live broker's full re-registration (RocketMQ: 30 s).</summary>
    public TimeSpan RegisterPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RouteTable's expiry scan interval.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Heartbeat timeout that 5.x brokers send with their registrations; null: none is sent and the NameServer default
    /// (120 s) applies. 4.x brokers never send one.
    /// </summary>
    public TimeSpan? FiveXHeartbeatTimeout { get; init; }

    /// <summary>
    /// How often live 5.x brokers send <c>BROKER_HEARTBEAT</c> (<see cref="BrokerHeartbeat"/>) between registrations
    /// (RocketMQ: 1 s with <c>enableSlaveActingMaster</c>); null: they send none. At most one per broker per step.
    /// </summary>
    public TimeSpan? FiveXHeartbeatPeriod { get; init; }

    /// <summary>Every broker first joins at a random instant within this window from the start.</summary>
    public TimeSpan JoinWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Shortest time a crashed, unregistered or expired broker stays away before it comes back on a new connection.</summary>
    public TimeSpan MinDowntime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time a broker stays away.</summary>
    public TimeSpan MaxDowntime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest delay before the old connection of a reconnected broker is closed (a late close that must not remove it).</summary>
    public TimeSpan MaxLateClose { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Crashes per step: the broker's connection closes (<see cref="ConnectionClosed"/> to its session).</summary>
    public double CrashesPerStep { get; init; } = 0.05;

    /// <summary>Silences per step: a broker stops re-registering and must be expired by the scan.</summary>
    public double SilencesPerStep { get; init; } = 0.03;

    /// <summary>Reconnects per step: a live broker registers on a new connection; its old one is closed later.</summary>
    public double ReconnectsPerStep { get; init; } = 0.05;

    /// <summary>Explicit unregisters per step (<see cref="UnregisterBroker"/>, then the connection closes).</summary>
    public double UnregistersPerStep { get; init; } = 0.02;

    /// <summary>
    /// Failovers per step: in a group whose master is gone, the live slave with the smallest id re-registers as id 0
    /// (controller or DLedger mode); the old master later returns with the slave's old id.
    /// </summary>
    public double FailoversPerStep { get; init; } = 0.02;

    /// <summary>Topic additions per step: a group with a live master gets 1..3 topics (new DataVersion); the master re-registers.</summary>
    public double TopicAddsPerStep { get; init; } = 0.2;

    /// <summary>Topic removals per step: a group with a live master drops one business topic (new DataVersion); the master re-registers.</summary>
    public double TopicRemovesPerStep { get; init; } = 0.1;

    /// <summary>
    /// Every this many steps (and after the last one) the whole table is checked: every route, the state's own
    /// <see cref="RouteTableState.CheckInvariants"/>, the live-broker list and cluster info read through the mailbox.
    /// Between them each step checks the live table, cluster info and the routes of the groups the step touched.
    /// </summary>
    public int FullCheckEverySteps { get; init; } = 100;

    /// <summary>Real time to wait for any answer or expected effect before the run fails.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Behaviour switches of the simulated NameServer's route table.</summary>
    public RouteTableOptions RouteTableOptions { get; init; } = RouteTableOptions.Default;

    /// <summary>Keep the first this many trace lines in <see cref="ChurnResult.Trace"/> (the trace hash always covers all).</summary>
    public int TraceLimit { get; init; }

    /// <summary>
    /// Where the log events of the simulation's own actor system go (<see cref="ChurnSimulation.Run()"/>); null discards
    /// them (RouteTable logs every change). A run inside a system of yours (<see cref="ChurnSimulation.Run(ActorSystem)"/>)
    /// logs wherever that system does.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Optional actor placed between the broker sessions and RouteTable: given RouteTable, returns the Props of an actor
    /// the sessions talk to instead. Meant for mutation tests (forward everything but break one rule) and for
    /// observing traffic. Null: sessions talk to RouteTable directly.
    /// </summary>
    public Func<IActorRef, Props>? InterposeRouteTable { get; init; }

    /// <summary>Total brokers: clusters × groups × (1 + slaves).</summary>
    public int BrokerCount => Clusters * BrokerGroupsPerCluster * (1 + SlavesPerGroup);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Positive(Clusters, nameof(Clusters));
        Positive(BrokerGroupsPerCluster, nameof(BrokerGroupsPerCluster));
        NonNegative(SlavesPerGroup, nameof(SlavesPerGroup));
        NonNegative(Topics, nameof(Topics));
        Positive(MaxGroupsPerTopic, nameof(MaxGroupsPerTopic));
        Positive(FullCheckEverySteps, nameof(FullCheckEverySteps));
        NonNegative(TraceLimit, nameof(TraceLimit));
        if (FiveXShare is < 0 or > 1 || double.IsNaN(FiveXShare))
        {
            throw new ArgumentOutOfRangeException(nameof(FiveXShare), FiveXShare, "FiveXShare must be between 0 and 1.");
        }
        PositiveTime(VirtualDuration, nameof(VirtualDuration));
        if (MinStep < TimeSpan.FromMilliseconds(1))
        {
            // The clock moves in whole milliseconds; a shorter step could stall the run.
            throw new ArgumentOutOfRangeException(nameof(MinStep), MinStep, "MinStep must be at least 1 ms.");
        }
        PositiveTime(RegisterPeriod, nameof(RegisterPeriod));
        if (ScanInterval < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(ScanInterval), ScanInterval, "ScanInterval must be at least 1 ms.");
        }
        PositiveTime(AnswerTimeout, nameof(AnswerTimeout));
        if (MaxStep < MinStep)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStep), MaxStep, "MaxStep must not be shorter than MinStep.");
        }
        if (MaxDowntime < MinDowntime || MinDowntime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDowntime), MaxDowntime, "Downtimes must satisfy 0 <= MinDowntime <= MaxDowntime.");
        }
        if (JoinWindow < TimeSpan.Zero || MaxLateClose < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(JoinWindow), "JoinWindow and MaxLateClose must not be negative.");
        }
        if (FiveXHeartbeatPeriod is { } period && period < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(FiveXHeartbeatPeriod), period, "FiveXHeartbeatPeriod must be at least 1 ms when set.");
        }
        if (FiveXHeartbeatTimeout is { } timeout && timeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(FiveXHeartbeatTimeout), timeout, "FiveXHeartbeatTimeout must be at least 1 ms when set.");
        }
        foreach (var (rate, name) in new[]
        {
            (CrashesPerStep, nameof(CrashesPerStep)), (SilencesPerStep, nameof(SilencesPerStep)),
            (ReconnectsPerStep, nameof(ReconnectsPerStep)), (UnregistersPerStep, nameof(UnregistersPerStep)),
            (FailoversPerStep, nameof(FailoversPerStep)),
            (TopicAddsPerStep, nameof(TopicAddsPerStep)), (TopicRemovesPerStep, nameof(TopicRemovesPerStep)),
        })
        {
            if (rate < 0 || !double.IsFinite(rate))
            {
                throw new ArgumentOutOfRangeException(name, rate, $"{name} must be a finite rate >= 0.");
            }
        }
        ArgumentNullException.ThrowIfNull(RouteTableOptions, nameof(RouteTableOptions));
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.");
        }
    }

    private static void PositiveTime(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }
}
