using Akka.Actor;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing.State;
using Xunit.Abstractions;

namespace NameServer.Actors.Routing.TestKit.Tests;

public sealed class ChurnSimulationTests(ITestOutputHelper output)
{
    // Busy churn on a small topology: every kind of event happens many times within 30 virtual minutes.
    private static readonly ChurnOptions Small = new()
    {
        Clusters = 2,
        BrokerGroupsPerCluster = 4,
        SlavesPerGroup = 1,
        Topics = 60,
        VirtualDuration = TimeSpan.FromMinutes(30),
        CrashesPerStep = 0.1,
        SilencesPerStep = 0.05,
        ReconnectsPerStep = 0.1,
        UnregistersPerStep = 0.05,
        TopicAddsPerStep = 0.3,
        TopicRemovesPerStep = 0.2,
        FailoversPerStep = 0.1,
        FiveXHeartbeatPeriod = TimeSpan.FromSeconds(5),
        FiveXHeartbeatTimeout = TimeSpan.FromSeconds(15),
        FullCheckEverySteps = 20,
    };

    // Mutation runs fail fast: a lost removal is reported after one second instead of ten.
    private static readonly ChurnOptions Mutated = Small with { Seed = 4242, AnswerTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public void Simulation_passes_when_a_thousand_brokers_churn_for_six_virtual_hours()
    {
        var options = new ChurnOptions
        {
            Seed = 20261121,
            Clusters = 4,
            BrokerGroupsPerCluster = 125,
            SlavesPerGroup = 1,
            Topics = 10_000,
            VirtualDuration = TimeSpan.FromHours(6),
            FiveXHeartbeatPeriod = TimeSpan.FromSeconds(10),
            FiveXHeartbeatTimeout = TimeSpan.FromSeconds(30),
            FullCheckEverySteps = 200,
        };

        var result = new ChurnSimulation(options).Run();

        output.WriteLine(result.ToString());
        Assert.Equal(1_000, result.Brokers);
        Assert.True(result.RoutedTopicsAtEnd >= 10_000, $"only {result.RoutedTopicsAtEnd} routed topics");
        Assert.True(result.VirtualTime >= TimeSpan.FromHours(6));
        Assert.All(Enum.GetValues<ChurnEventKind>(), kind => Assert.True(result.Counts[kind] > 0, $"no {kind} event: {result}"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Simulation_passes_when_small_and_seeded(int seed)
    {
        var result = new ChurnSimulation(Small with { Seed = seed }).Run();

        output.WriteLine(result.ToString());
        Assert.Equal(seed, result.Seed);
        Assert.All(Enum.GetValues<ChurnEventKind>(), kind => Assert.True(result.Counts[kind] > 0, $"no {kind} event: {result}"));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    public void Simulation_passes_when_groups_have_other_shapes(int slaves, double fiveXShare)
    {
        var result = new ChurnSimulation(Small with { Seed = 77, SlavesPerGroup = slaves, FiveXShare = fiveXShare }).Run();

        output.WriteLine(result.ToString());
        Assert.Equal(8 * (1 + slaves), result.Brokers);
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void Simulation_passes_when_route_table_switches_are_on(bool deleteTopics, bool actingMaster, bool notify)
    {
        var switches = new RouteTableOptions(actingMaster, deleteTopics, notify);

        var result = new ChurnSimulation(Small with { Seed = 31, RouteTableOptions = switches, FiveXShare = 0.5 }).Run();

        output.WriteLine(result.ToString());
        Assert.True(result.Counts[ChurnEventKind.TopicRemoved] > 0);
    }

    [Fact]
    public void Simulation_passes_when_five_x_brokers_time_out_between_their_registrations()
    {
        // A 20 s timeout under a 30 s period: every 5.x broker expires before it re-registers, then comes back.
        var options = Small with
        {
            Seed = 9,
            FiveXShare = 1,
            FiveXHeartbeatPeriod = null,
            FiveXHeartbeatTimeout = TimeSpan.FromSeconds(20),
            MinDowntime = TimeSpan.Zero,
        };

        var result = new ChurnSimulation(options).Run();

        output.WriteLine(result.ToString());
        Assert.True(result.Counts[ChurnEventKind.Expired] > result.Counts[ChurnEventKind.Silence]);
    }

    [Fact]
    public void Simulation_gives_the_same_trace_when_run_twice_with_one_seed()
    {
        var options = Small with { Seed = 11, TraceLimit = 300 };

        var first = new ChurnSimulation(options).Run();
        var second = new ChurnSimulation(options).Run();
        var other = new ChurnSimulation(options with { Seed = 12 }).Run();

        Assert.Equal(first.Counts, second.Counts);
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.Registrations, second.Registrations);
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(300, first.Trace.Count);
        Assert.NotEqual(first.TraceHash, other.TraceHash);
        output.WriteLine(string.Join(Environment.NewLine, first.Trace.Take(20)));
    }

    [Fact]
    public void Simulation_fails_with_the_seed_when_registrations_carry_a_stale_connection_epoch()
    {
        // Mutation: every registration is stamped with the first connection its broker address ever used, so a late
        // close of an old connection removes a broker that has moved to a new one (apache/rocketmq#11043).
        var options = Mutated with
        {
            InterposeRouteTable = Interposer.Between(() =>
            {
                var firstEpoch = new Dictionary<string, long>(StringComparer.Ordinal);
                return (_, message) =>
                {
                    if (message is not RegisterBroker register)
                    {
                        return message;
                    }
                    var epoch = firstEpoch.TryAdd(register.Command.BrokerAddr, register.Command.ConnectionEpoch)
                        ? register.Command.ConnectionEpoch
                        : firstEpoch[register.Command.BrokerAddr];
                    return register with { Command = register.Command with { ConnectionEpoch = epoch } };
                };
            }),
        };

        var error = Assert.Throws<ChurnViolationException>(() => new ChurnSimulation(options).Run());

        output.WriteLine(error.Message);
        AssertNamesSeed(error, 4242);
        Assert.Contains(error.Violations, v => v.Contains("connection", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulation_fails_with_the_seed_when_closed_connections_do_not_remove_their_brokers()
    {
        // Mutation: RouteTable is made to watch the interposer (which never stops) instead of the session, so the
        // death of a session, i.e. a closed connection, no longer removes its broker.
        var options = Mutated with
        {
            InterposeRouteTable = Interposer.Between(() => (self, message) =>
                message is RegisterBroker register ? register with { Session = self } : message),
        };

        var error = Assert.Throws<ChurnViolationException>(() => new ChurnSimulation(options).Run());

        output.WriteLine(error.Message);
        AssertNamesSeed(error, 4242);
        // Either a crashed broker stays registered, or an expired broker's session is never told to close (RouteTable
        // now knows the interposer as that connection): both are the broken death-watch link.
        Assert.Contains(error.Violations, v => v.Contains("still registered", StringComparison.Ordinal) || v.Contains("still running", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulation_fails_with_the_seed_when_a_topic_is_lost_from_registrations()
    {
        // Mutation: the first business topic of every table silently disappears on its way to RouteTable.
        var options = Mutated with
        {
            InterposeRouteTable = Interposer.Between(() => (_, message) =>
            {
                if (message is not RegisterBroker { Command.TopicConfigWrapper: { } wrapper } register)
                {
                    return message;
                }
                var lost = wrapper.TopicConfigTable.Keys
                    .Where(t => t.StartsWith("Topic-", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .FirstOrDefault();
                var table = wrapper.TopicConfigTable.Where(e => e.Key != lost).ToDictionary(e => e.Key, e => e.Value);
                return register with { Command = register.Command with { TopicConfigWrapper = wrapper with { TopicConfigTable = table } } };
            }),
        };

        var error = Assert.Throws<ChurnViolationException>(() => new ChurnSimulation(options).Run());

        output.WriteLine(error.Message);
        AssertNamesSeed(error, 4242);
        Assert.Contains(error.Violations, v => v.Contains("not routable", StringComparison.Ordinal) || v.Contains("route lacks", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulation_fails_with_the_seed_when_a_slave_is_not_told_its_master()
    {
        // Mutation: answers to slaves lose the master address on their way back.
        var options = Mutated with
        {
            InterposeRouteTable = routeTable => Props.Create(() => new MasterHidingInterposer(routeTable)),
        };

        var error = Assert.Throws<ChurnViolationException>(() => new ChurnSimulation(options).Run());

        output.WriteLine(error.Message);
        AssertNamesSeed(error, 4242);
        Assert.Contains(error.Violations, v => v.Contains("was told master (none)", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulation_refuses_a_system_when_its_scheduler_is_not_the_test_scheduler()
    {
        using var system = ActorSystem.Create("real-time");

        var error = Assert.Throws<InvalidOperationException>(() => new ChurnSimulation(Small).Run(system));

        Assert.Contains("TestScheduler", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ChurnSimulation.TestKitConfig), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulation_writes_its_actors_logs_to_the_logger_factory_when_one_is_given()
    {
        var categories = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new CategoryCounter(categories)));

        new ChurnSimulation(Small with { Seed = 2, VirtualDuration = TimeSpan.FromMinutes(5), LoggerFactory = loggers }).Run();

        Assert.True(categories.GetValueOrDefault(typeof(RouteTable).FullName!) > 0, string.Join(", ", categories.Keys));
    }

    private sealed class CategoryCounter(System.Collections.Concurrent.ConcurrentDictionary<string, int> categories) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Counter(categories, categoryName);

        public void Dispose()
        {
        }

        private sealed class Counter(System.Collections.Concurrent.ConcurrentDictionary<string, int> categories, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                categories.AddOrUpdate(category, 1, (_, n) => n + 1);
        }
    }

    private static void AssertNamesSeed(ChurnViolationException error, int seed)
    {
        Assert.Equal(seed, error.Seed);
        Assert.Contains($"seed {seed}", error.Message, StringComparison.Ordinal);
        Assert.Contains("step", error.Message, StringComparison.Ordinal);
        Assert.True(error.Step > 0);
        Assert.NotEmpty(error.Violations);
    }

    /// <summary>Forwards everything; answers to slave registrations come back through it without the master address.</summary>
    private sealed class MasterHidingInterposer : ReceiveActor
    {
        public MasterHidingInterposer(IActorRef routeTable)
        {
            Receive<RegisterBroker>(m => m.Command.BrokerId > 0, m =>
            {
                var asker = Sender;
                var relay = Context.ActorOf(Props.Create(() => new Relay(asker)));
                routeTable.Tell(m, relay);
            });
            ReceiveAny(m => routeTable.Tell(m, Sender));
        }
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef asker)
        {
            ReceiveAny(m =>
            {
                asker.Tell(m is RegisterResult result ? result with { MasterAddr = null, HaServerAddr = null } : m, Sender);
                Context.Stop(Self);
            });
        }
    }
}
