using Akka.Actor;
using Akka.TestKit;
using AkkaTestKit = Akka.TestKit.Xunit2.TestKit;

namespace NameServer.Actors.Routing.TestKit.Tests;

/// <summary>
/// Written as a user of the package would: an Akka.TestKit test class on <see cref="ChurnSimulation.TestKitConfig"/>
/// runs the NameServer's actors beside an actor of its own through a churn scenario (the example of the README).
/// </summary>
public sealed class UserTestKitTests : AkkaTestKit
{
    public UserTestKitTests()
        : base(ChurnSimulation.TestKitConfig)
    {
    }

    [Fact]
    public void Simulation_runs_beside_my_actor_when_it_counts_broker_removals_on_the_event_stream()
    {
        var removals = Sys.ActorOf(Props.Create(() => new RemovalCounter()), "removal-counter");

        var result = new ChurnSimulation(new ChurnOptions { Seed = 7, VirtualDuration = TimeSpan.FromMinutes(20) }).Run(Sys);

        // Every crash, unregister and expiry removed exactly one broker, and my actor saw each removal.
        var expected = result.Counts[ChurnEventKind.Crash] + result.Counts[ChurnEventKind.Unregister] + result.Counts[ChurnEventKind.Expired];
        removals.Tell(RemovalCounter.Report.Instance);
        var counted = ExpectMsg<RemovalCounter.Removals>();
        Assert.True(expected > 0, result.ToString());
        Assert.Equal(expected, counted.Total);
        Assert.Equal(result.Counts[ChurnEventKind.Expired], counted.ByCause.GetValueOrDefault("expired"));
    }

    [Fact]
    public void Simulation_moves_my_virtual_clock_when_it_runs_in_my_system()
    {
        var scheduler = (TestScheduler)Sys.Scheduler;
        var before = scheduler.Now;

        new ChurnSimulation(new ChurnOptions { Seed = 3, VirtualDuration = TimeSpan.FromMinutes(5) }).Run(Sys);

        Assert.Equal(TimeSpan.FromMinutes(5), scheduler.Now - before);
    }

    /// <summary>The user's own actor: counts <see cref="BrokerRemoved"/> events by cause.</summary>
    private sealed class RemovalCounter : ReceiveActor
    {
        private readonly Dictionary<string, int> _byCause = [];

        public RemovalCounter()
        {
            Receive<BrokerRemoved>(removed => _byCause[removed.Cause] = _byCause.GetValueOrDefault(removed.Cause) + 1);
            Receive<Report>(_ => Sender.Tell(new Removals(_byCause.Values.Sum(), new Dictionary<string, int>(_byCause))));
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(BrokerRemoved));

        public sealed record Report
        {
            public static readonly Report Instance = new();
        }

        public sealed record Removals(int Total, IReadOnlyDictionary<string, int> ByCause);
    }
}
