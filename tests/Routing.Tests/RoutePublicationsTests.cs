using Akka.Actor;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>RouteTable telling its publications to listeners (<see cref="SubscribeRoutePublications"/>).</summary>
public sealed class RoutePublicationsTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly RouteSnapshots _routes = new();
    private readonly RoutePublicationListeners _listeners = new();
    private readonly IActorRef _routeTable;
    private readonly IActorRef _sessions;

    public RoutePublicationsTests()
        : base(VirtualTime.Config)
    {
        _routeTable = Sys.ActorOf(RouteTable.Props(new RouteTableState(), _routes, TimeSpan.FromSeconds(10), listeners: _listeners), "route-table");
        _sessions = Sys.ActorOf(BrokerSessions.Props(_routeTable, new ConnectionEpochs()), "sessions");
    }

    private async Task<IActorRef> RegisterAsync(string broker, string addr, params string[] topics)
    {
        var session = (await _sessions.Ask<SessionOpened>(new OpenSession(), Timeout)).Session;
        await session.Ask<RegisterResult>(new SessionRegister(Reg5(broker, 0, addr, Body(V(1), topics))), Timeout);
        return session;
    }

    private Task SyncAsync() => _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);

    [Fact]
    public async Task RouteTable_tells_a_listener_each_published_route_when_it_has_subscribed()
    {
        var listener = CreateTestProbe();
        _routeTable.Tell(new SubscribeRoutePublications(listener.Ref), listener.Ref);
        listener.ExpectMsg<RoutePublicationsSubscribed>(Timeout);

        var session = await RegisterAsync("broker-a", "10.0.0.1:10911", "TopicA", "TBW102");

        var published = listener.ExpectMsg<RoutesPublished>(Timeout);
        var topicA = Assert.Single(published.Routes, r => r.Topic == "TopicA");
        Assert.Same(_routes.TryGet("TopicA", out var current) ? current : null, topicA.Snapshot);
        Assert.True(published.Version >= topicA.Snapshot!.Version);

        session.Tell(ConnectionClosed.Instance);
        var withdrawn = listener.ExpectMsg<RoutesPublished>(Timeout);
        Assert.Null(Assert.Single(withdrawn.Routes, r => r.Topic == "TopicA").Snapshot);
        Assert.True(withdrawn.Version > published.Version);
    }

    [Fact]
    public async Task RouteTable_stops_telling_a_listener_when_it_unsubscribes_or_terminates()
    {
        var leaving = CreateTestProbe();
        var dying = CreateTestProbe();
        foreach (var probe in new[] { leaving, dying })
        {
            _routeTable.Tell(new SubscribeRoutePublications(probe.Ref), probe.Ref);
            probe.ExpectMsg<RoutePublicationsSubscribed>(Timeout);
        }

        _routeTable.Tell(new UnsubscribeRoutePublications(leaving.Ref));
        Watch(dying.Ref);
        Sys.Stop(dying.Ref);
        ExpectTerminated(dying.Ref, Timeout);
        await SyncAsync();
        AwaitCondition(() => _listeners.Count == 0, Timeout);

        await RegisterAsync("broker-a", "10.0.0.1:10911", "TopicA", "TBW102");
        await SyncAsync();
        leaving.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task RouteTable_keeps_its_listeners_when_it_restarts()
    {
        var listeners = new RoutePublicationListeners();
        var parent = Sys.ActorOf(Props.Create(() => new RestartingParent(new RouteTableState(), new RouteSnapshots(), listeners)));
        var table = await parent.Ask<IActorRef>(GetChild.Instance, Timeout);
        var listener = CreateTestProbe();
        table.Tell(new SubscribeRoutePublications(listener.Ref), listener.Ref);
        listener.ExpectMsg<RoutePublicationsSubscribed>(Timeout);

        table.Tell(Kill.Instance);
        var sessions = Sys.ActorOf(BrokerSessions.Props(table, new ConnectionEpochs()));
        var session = (await sessions.Ask<SessionOpened>(new OpenSession(), Timeout)).Session;
        await session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"))), Timeout);

        Assert.Contains(listener.ExpectMsg<RoutesPublished>(Timeout).Routes, r => r.Topic == "TopicA" && r.Snapshot is not null);
        Assert.Equal(1, listeners.Count);
    }

    private sealed record GetChild
    {
        public static readonly GetChild Instance = new();
    }

    /// <summary>A parent with RouteTable as a child, restarting it on any failure (Kill included).</summary>
    private sealed class RestartingParent : ReceiveActor
    {
        public RestartingParent(RouteTableState state, RouteSnapshots routes, RoutePublicationListeners listeners)
        {
            var table = Context.ActorOf(RouteTable.Props(state, routes, TimeSpan.FromMinutes(1), listeners: listeners), "route-table");
            Receive<GetChild>(_ => Sender.Tell(table));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
    }
}
