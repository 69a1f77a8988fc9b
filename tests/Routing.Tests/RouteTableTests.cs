using Akka.Actor;
using Akka.TestKit;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>The RouteTable actor: snapshot publication, death watch with connection epochs, the periodic scan (on Akka's TestScheduler).</summary>
public sealed class RouteTableTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(10);

    private readonly RouteSnapshots _routes = new();
    private readonly RoutingMetrics _metrics = new(new System.Diagnostics.Metrics.Meter("RouteTableTests"));
    private readonly IActorRef _routeTable;
    private readonly IActorRef _sessions;

    public RouteTableTests()
        : base(VirtualTime.Config)
    {
        _routeTable = Sys.ActorOf(RouteTable.Props(new RouteTableState(), _routes, ScanInterval, _metrics), "route-table");
        _sessions = Sys.ActorOf(BrokerSessions.Props(_routeTable, new ConnectionEpochs()), "sessions");
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private async Task<SessionOpened> OpenAsync(Action<string>? onClose = null) =>
        await _sessions.Ask<SessionOpened>(new OpenSession(onClose), Timeout);

    private static Task<RegisterResult> RegisterAsync(IActorRef session, RegisterBrokerCommand command) =>
        session.Ask<RegisterResult>(new SessionRegister(command), Timeout);

    // Every message told before this one has been processed, and its changes published, once the answer arrives.
    private Task SyncAsync() => _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);

    [Fact]
    public async Task Session_refuses_a_registration_that_names_its_own_session_and_epoch()
    {
        var session = await OpenAsync();
        var forged = new RegisterBroker(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA")) with { ConnectionEpoch = 99 }, session.Session);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.Session.Ask<RegisterResult>(forged, Timeout));
        await SyncAsync();
        Assert.False(_routes.TryGet("TopicA", out _));
    }

    [Fact]
    public async Task RouteTable_publishes_route_snapshots_when_a_master_registers()
    {
        var session = await OpenAsync();
        var result = await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TopicB")));

        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.True(_routes.TryGet("TopicA", out var snapshot));
        Assert.Equal("10.0.0.1:10911", Assert.Single(snapshot.Route.BrokerDatas).BrokerAddrs[0]);
        Assert.True(_routes.TryGet("TopicB".AsSpan(), out _));
        Assert.Contains("broker-a", _routes.ClusterInfo.BrokerAddrTable.Keys);
    }

    [Fact]
    public async Task RouteTable_answers_each_registration_after_its_routes_are_published_when_many_arrive_at_once()
    {
        var sessions = new List<IActorRef>();
        for (var i = 0; i < 20; i++)
        {
            sessions.Add((await OpenAsync()).Session);
        }

        // All told at once, so they queue behind each other and publication is batched.
        var answers = sessions.Select(async (session, i) =>
        {
            var topics = Enumerable.Range(0, 50).Select(t => $"Shared-{t}").Append($"Own-{i}").ToArray();
            var result = await RegisterAsync(session, Reg5($"broker-{i}", 0, $"10.0.0.{i}:10911", Body(V(1), topics)));
            // Checked the moment the answer arrives: the broker's own topic and its share of a common one are visible.
            var own = _routes.TryGet($"Own-{i}", out _);
            var shared = _routes.TryGet("Shared-7", out var snapshot) && snapshot.Route.BrokerDatas.Any(b => b.BrokerName == $"broker-{i}");
            var listed = _routes.ClusterInfo.BrokerAddrTable.ContainsKey($"broker-{i}");
            return (result.Outcome, own, shared, listed);
        }).ToList();
        var results = await Task.WhenAll(answers);

        Assert.All(results, r => Assert.Equal((RegisterOutcome.Registered, true, true, true), r));
        Assert.True(_routes.TryGet("Shared-49", out var last));
        Assert.Equal(20, last.Route.BrokerDatas.Count);
    }

    [Fact]
    public async Task RouteTable_republishes_only_changed_topics_when_a_broker_re_registers()
    {
        var session = await OpenAsync();
        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), Topic("TopicA"), Topic("TopicB"))));
        Assert.True(_routes.TryGet("TopicB", out var before));

        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(2), Topic("TopicA", queues: 8), Topic("TopicB"))));

        Assert.True(_routes.TryGet("TopicA", out var changed));
        Assert.Equal(8, Assert.Single(changed.Route.QueueDatas).WriteQueueNums);
        Assert.True(_routes.TryGet("TopicB", out var unchanged));
        Assert.Same(before, unchanged);
    }

    [Fact]
    public async Task RouteTable_removes_broker_when_its_session_stops()
    {
        var session = await OpenAsync();
        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102")));
        Sys.EventStream.Subscribe(TestActor, typeof(BrokerRemoved));

        session.Session.Tell(ConnectionClosed.Instance);

        Assert.Equal("connection closed", ExpectMsg<BrokerRemoved>(Timeout).Cause);
        await SyncAsync();
        Assert.False(_routes.TryGet("TopicA", out _));
        Assert.Empty(_routes.ClusterInfo.BrokerAddrTable);
    }

    [Fact]
    public async Task RouteTable_keeps_re_registered_broker_when_an_older_connection_closes_late()
    {
        // apache/rocketmq#11043: the close of the first connection arrives after the broker re-registered on a second one.
        var first = await OpenAsync();
        var second = await OpenAsync();
        var command = Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"));
        await RegisterAsync(first.Session, command);
        await RegisterAsync(second.Session, command);

        var probe = CreateTestProbe();
        probe.Watch(first.Session);
        first.Session.Tell(ConnectionClosed.Instance);
        probe.ExpectTerminated(first.Session);
        await SyncAsync();

        Assert.True(_routes.TryGet("TopicA", out _));
        var live = await _routeTable.Ask<LiveBrokers>(GetLiveBrokers.Instance, Timeout);
        Assert.Equal(second.Epoch, Assert.Single(live.Brokers).Value.ConnectionEpoch);
    }

    [Fact]
    public async Task RouteTable_expires_silent_broker_and_closes_its_connection_when_scan_runs()
    {
        var closed = CreateTestProbe();
        var session = await OpenAsync(reason => closed.Ref.Tell(reason));
        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"), timeout: 30_000));
        Watch(session.Session);

        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(ScanInterval);
            await SyncAsync();
        }
        Assert.True(_routes.TryGet("TopicA", out _));

        await EventFilter.Warning(contains: "expired").ExpectOneAsync(async () =>
        {
            Clock.Advance(ScanInterval);
            Assert.Contains("expired", closed.ExpectMsg<string>(Timeout));
            await SyncAsync();
        });
        ExpectTerminated(session.Session);
        Assert.False(_routes.TryGet("TopicA", out _));
        Assert.Equal(0, _metrics.LateTicks);
    }

    [Fact]
    public async Task RouteTable_counts_a_late_tick_when_the_scan_comes_more_than_an_interval_late()
    {
        await SyncAsync();

        // One step of three intervals: the periodic scan fires once, two intervals after it was due.
        await EventFilter.Warning(contains: "late").ExpectOneAsync(async () =>
        {
            Clock.Advance(ScanInterval * 3);
            await SyncAsync();
        });
        Clock.Advance(ScanInterval);
        await SyncAsync();

        Assert.Equal(1, _metrics.LateTicks);
    }

    [Fact]
    public async Task RouteTable_keeps_broker_alive_when_heartbeats_arrive_within_the_timeout()
    {
        var session = await OpenAsync();
        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"), timeout: 30_000));

        for (var i = 0; i < 10; i++)
        {
            Clock.Advance(ScanInterval);
            Assert.True(await session.Session.Ask<bool>(new BrokerHeartbeat(Cluster, "10.0.0.1:10911"), Timeout));
        }
        await SyncAsync();

        Assert.True(_routes.TryGet("TopicA", out _));
    }

    [Fact]
    public async Task RouteTable_answers_failure_and_changes_nothing_when_registration_lacks_a_broker_name()
    {
        var session = await OpenAsync();
        var bad = Reg5("", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"));

        await Assert.ThrowsAsync<ArgumentException>(() => RegisterAsync(session.Session, bad));
        Assert.Equal(0, _routes.Count);
    }

    [Fact]
    public async Task RouteTable_answers_queries_through_its_mailbox_when_asked()
    {
        var session = await OpenAsync();
        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TopicB")));

        var all = await _routeTable.Ask<TopicList>(new GetTopicList(TopicListKind.All), Timeout);
        var byCluster = await _routeTable.Ask<TopicList>(new GetTopicsByCluster(Cluster), Timeout);
        var route = await _routeTable.Ask<RouteAnswer>(new GetRoute("TopicA"), Timeout);
        var wiped = await _routeTable.Ask<PermChangeResult>(new WipeWritePerm("broker-a"), Timeout);

        Assert.Equal(["TopicA", "TopicB"], all.Topics);
        Assert.Equal(["TopicA", "TopicB"], byCluster.Topics);
        Assert.NotNull(route.Route);
        Assert.Equal(2, wiped.TopicCount);
        Assert.True(_routes.TryGet("TopicA", out var snapshot));
        Assert.Equal(4, Assert.Single(snapshot.Route.QueueDatas).Perm);
    }

    [Fact]
    public async Task RouteTable_withdraws_snapshot_when_topic_is_deleted()
    {
        var session = await OpenAsync();
        await RegisterAsync(session.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102")));

        await _routeTable.Ask<RouteChanges>(new DeleteTopic("TopicA"), Timeout);

        Assert.False(_routes.TryGet("TopicA", out _));
    }

    [Fact]
    public async Task RouteTable_applies_new_options_when_configuration_changes()
    {
        var master = await OpenAsync();
        var slave = await OpenAsync();
        await RegisterAsync(master.Session, Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"), actingMaster: true));
        await RegisterAsync(slave.Session, Reg5("broker-a", 1, "10.0.0.2:10911", Body(V(1), "TopicA", "TBW102"), actingMaster: true));
        Sys.EventStream.Subscribe(TestActor, typeof(BrokerRemoved));
        master.Session.Tell(ConnectionClosed.Instance);
        ExpectMsg<BrokerRemoved>(Timeout);
        await SyncAsync();
        Assert.True(_routes.TryGet("TopicA", out var orphaned));
        Assert.False(orphaned.Route.BrokerDatas[0].BrokerAddrs.ContainsKey(0));

        _routeTable.Tell(new UpdateRouteTableOptions(new RouteTableOptions(SupportActingMaster: true)));
        await SyncAsync();

        Assert.True(_routes.TryGet("TopicA", out var rewritten));
        Assert.Equal("10.0.0.2:10911", rewritten.Route.BrokerDatas[0].BrokerAddrs[0]);
    }

    [Fact]
    public async Task RouteTable_keeps_its_routes_when_it_is_restarted_after_a_failure()
    {
        // The state comes through Props: a restart by the supervisor (Kill, with a strategy that restarts) keeps every broker.
        var (table, _, routes) = await RegisterThenRestartAsync();
        var live = await table.Ask<LiveBrokers>(GetLiveBrokers.Instance, Timeout);

        Assert.Equal(7, Assert.Single(live.Brokers).Value.ConnectionEpoch);
        Assert.True(routes.TryGet("TopicR", out _));
        Assert.Contains("broker-b", routes.ClusterInfo.BrokerAddrTable.Keys);
    }

    [Fact]
    public async Task RouteTable_removes_a_broker_at_once_when_its_session_closes_after_a_restart()
    {
        // The sessions it watches come through Props like the state, and Akka keeps death watch across the restart: the
        // close of a session that registered before the restart still removes its broker, without waiting for expiry
        // (on the TestScheduler here, the expiry scan never runs).
        var (table, session, routes) = await RegisterThenRestartAsync();
        Assert.Single((await table.Ask<LiveBrokers>(GetLiveBrokers.Instance, Timeout)).Brokers);
        Sys.EventStream.Subscribe(TestActor, typeof(BrokerRemoved));

        session.Tell(ConnectionClosed.Instance);

        var removed = ExpectMsg<BrokerRemoved>(Timeout);
        Assert.Equal("connection closed", removed.Cause);
        Assert.Equal(7, removed.Broker.ConnectionEpoch);
        Assert.Empty((await table.Ask<LiveBrokers>(GetLiveBrokers.Instance, Timeout)).Brokers);
        Assert.False(routes.TryGet("TopicR", out _));
    }

    // broker-b registers through session 7 (epoch 7) with a RouteTable that its supervisor then restarts (Kill).
    private async Task<(IActorRef Table, IActorRef Session, RouteSnapshots Routes)> RegisterThenRestartAsync()
    {
        var state = new RouteTableState();
        var routes = new RouteSnapshots();
        var supervisor = Sys.ActorOf(Props.Create(() => new RestartingParent(state, routes)), "supervisor");
        var table = await supervisor.Ask<IActorRef>(GetChild.Instance, Timeout);
        var session = Sys.ActorOf(BrokerSession.Props(table, 7), "session-7");
        await RegisterAsync(session, Reg5("broker-b", 0, "10.0.0.9:10911", Body(V(1), "TopicR", "TBW102")));
        await EventFilter.Exception<ActorKilledException>().ExpectOneAsync(() =>
        {
            table.Tell(Kill.Instance);
            return Task.CompletedTask;
        });
        return (table, session, routes);
    }

    private sealed record GetChild
    {
        public static readonly GetChild Instance = new();
    }

    /// <summary>A parent with RouteTable as a child, restarting it on any failure (Kill included).</summary>
    private sealed class RestartingParent : ReceiveActor
    {
        public RestartingParent(RouteTableState state, RouteSnapshots routes)
        {
            var table = Context.ActorOf(RouteTable.Props(state, routes, TimeSpan.FromMinutes(1)), "route-table");
            Receive<GetChild>(_ => Sender.Tell(table));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
    }
}
