using Akka.Actor;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>The assembled routing layer: <see cref="NameServerRoot"/> and its children, on a system with the counting mailboxes.</summary>
public sealed class RoutingCoreTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public RoutingCoreTests()
        : base(RoutingConfig.Default)
    {
    }

    [Fact]
    public async Task RoutingCore_routes_a_registration_from_a_session_to_the_snapshots_when_started()
    {
        var core = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false);
        var session = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);

        await session.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"))), Timeout);
        await core.KvConfig.Ask<KvDone>(new PutKvConfig("ns", "k", "v"), Timeout);

        Assert.True(core.Routes.TryGet("TopicA", out _));
        Assert.Equal("v", core.Kv.Get("ns", "k"));
        Assert.True(core.Config.Settings.EnableAllTopicList);
    }

    [Fact]
    public async Task RoutingCore_turns_config_update_into_route_options_when_switch_changes()
    {
        var core = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false);
        var master = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        var slave = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        await master.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"), actingMaster: true)), Timeout);
        await slave.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 1, "10.0.0.2:10911", Body(V(1), "TopicA", "TBW102"), actingMaster: true)), Timeout);
        Sys.EventStream.Subscribe(TestActor, typeof(BrokerRemoved));
        master.Session.Tell(ConnectionClosed.Instance);
        ExpectMsg<BrokerRemoved>(Timeout);
        await core.RouteTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);
        Assert.True(core.Routes.TryGet("TopicA", out var orphaned));
        Assert.False(orphaned.Route.BrokerDatas[0].BrokerAddrs.ContainsKey(0));

        await core.NamesrvConfig.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("supportActingMaster", "true")]), Timeout);
        // NamesrvConfig told RouteTable before it answered; this query queues behind that.
        await core.RouteTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);

        Assert.True(core.Routes.TryGet("TopicA", out var rewritten));
        Assert.Equal("10.0.0.2:10911", rewritten.Route.BrokerDatas[0].BrokerAddrs[0]);
    }

    [Fact]
    public async Task RoutingCore_places_its_actors_under_one_root_when_started()
    {
        var core = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false, name: "ns-a");

        Assert.Equal("/user/ns-a", core.Root.Path.ToStringWithoutAddress());
        Assert.Equal("/user/ns-a/route-table", core.RouteTable.Path.ToStringWithoutAddress());
        Assert.Equal("/user/ns-a/sessions", core.Sessions.Path.ToStringWithoutAddress());
        Assert.Equal("/user/ns-a/kv-config", core.KvConfig.Path.ToStringWithoutAddress());
        Assert.Equal("/user/ns-a/namesrv-config", core.NamesrvConfig.Path.ToStringWithoutAddress());
        var session = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        Assert.Equal($"/user/ns-a/sessions/session-{session.Epoch}", session.Session.Path.ToStringWithoutAddress());
    }

    [Fact]
    public async Task RoutingCore_starts_a_child_of_another_layer_under_its_root_once_when_asked_twice()
    {
        var core = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false, name: "ns-a");

        var child = await core.StartChildAsync("gateway", Props.Create<Akka.TestKit.TestActors.BlackHoleActor>());
        var again = await core.StartChildAsync("gateway", Props.Create<Akka.TestKit.TestActors.BlackHoleActor>());

        Assert.Equal("/user/ns-a/gateway", child.Path.ToStringWithoutAddress());
        Assert.Equal(child, again);
        await Assert.ThrowsAsync<InvalidActorNameException>(() => core.StartChildAsync("no/slash", Props.Create<Akka.TestKit.TestActors.BlackHoleActor>()));
    }

    [Fact]
    public async Task RoutingCore_keeps_two_nameservers_apart_when_they_share_a_system()
    {
        var a = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false, name: "ns-a");
        var b = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false, name: "ns-b");

        await a.NamesrvConfig.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("enableAllTopicList", "false")]), Timeout);

        Assert.False(a.Config.Settings.EnableAllTopicList);
        Assert.True(b.Config.Settings.EnableAllTopicList);
        var session = await b.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        await session.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicB", "TBW102"))), Timeout);
        Assert.True(b.Routes.TryGet("TopicB", out _));
        Assert.False(a.Routes.TryGet("TopicB", out _));
    }

    [Fact]
    public async Task RoutingCore_keeps_the_table_when_route_table_is_restarted_by_the_root()
    {
        var core = await RoutingCore.StartAsync(Sys, NamesrvSettings.Default, persist: false);
        var session = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        await session.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"))), Timeout);

        // An exception inside RouteTable (not one of its guarded input errors) makes the root restart it.
        await EventFilter.Exception<ArgumentNullException>().ExpectOneAsync(async () =>
        {
            core.RouteTable.Tell(new GetTopicsByCluster(null!));
            await core.RouteTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);
        });

        var live = await core.RouteTable.Ask<LiveBrokers>(GetLiveBrokers.Instance, Timeout);
        Assert.Equal(session.Epoch, Assert.Single(live.Brokers).Value.ConnectionEpoch);
        Assert.True(core.Routes.TryGet("TopicA", out _));
    }
}
