using Akka.Actor;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>A session opened for a broker's actor (<see cref="OpenSession.Peer"/>) instead of a socket.</summary>
public sealed class BrokerSessionTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly RouteSnapshots _routes = new();
    private readonly IActorRef _routeTable;
    private readonly IActorRef _sessions;

    public BrokerSessionTests()
        : base(VirtualTime.Config)
    {
        _routeTable = Sys.ActorOf(RouteTable.Props(new RouteTableState(), _routes, TimeSpan.FromSeconds(10)), "route-table");
        _sessions = Sys.ActorOf(BrokerSessions.Props(_routeTable, new ConnectionEpochs()), "sessions");
    }

    [Fact]
    public async Task Session_stops_and_its_brokers_are_removed_when_the_peer_actor_terminates()
    {
        var broker = CreateTestProbe();
        var opened = await _sessions.Ask<SessionOpened>(new OpenSession(Peer: broker.Ref), Timeout);
        await opened.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"))), Timeout);
        Assert.True(_routes.TryGet("TopicA", out _));
        Watch(opened.Session);

        Sys.Stop(broker.Ref);

        ExpectTerminated(opened.Session, Timeout);
        await _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);
        Assert.False(_routes.TryGet("TopicA", out _));
    }

    [Fact]
    public async Task Session_calls_its_close_action_and_stops_when_told_to_close_the_connection()
    {
        var broker = CreateTestProbe();
        var reasons = new List<string>();
        var opened = await _sessions.Ask<SessionOpened>(new OpenSession(reasons.Add, broker.Ref), Timeout);
        Watch(opened.Session);

        opened.Session.Tell(new CloseConnection("broker 10.0.0.1:10911 expired"));

        ExpectTerminated(opened.Session, Timeout);
        Assert.Equal(["broker 10.0.0.1:10911 expired"], reasons);
    }

    [Fact]
    public async Task Session_stamps_its_epoch_on_an_unchanged_registration_and_refuses_one_stamped_by_the_sender()
    {
        var opened = await _sessions.Ask<SessionOpened>(new OpenSession(Peer: CreateTestProbe().Ref), Timeout);
        var key = new BrokerLiveKey(Cluster, "10.0.0.1:10911");
        await opened.Session.Ask<RegisterResult>(
            new SessionRegister(Reg5("broker-a", 0, key.BrokerAddr, Body(V(1), "TopicA", "TBW102")) with { Fingerprint = 7 }), Timeout);
        var vouched = _routes.UnchangedRegistrations.Matches(key, 7, opened.Session);

        var refreshed = await opened.Session.Ask<RegisterResult>(new SessionRefresh(key, 7), Timeout);
        var forged = await opened.Session.Ask<Status.Failure>(new RefreshRegistration(key, 7, ConnectionEpoch: 999, opened.Session), Timeout);

        Assert.True(vouched);
        Assert.Equal(RegisterOutcome.Registered, refreshed.Outcome);
        Assert.IsType<InvalidOperationException>(forged.Cause);
    }
}
