using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Runtime;
using NameServer.Actors.Runtime.TestKit;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>The assembled routing layer.</summary>
public sealed class RoutingCoreTests : ActorTestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task RoutingCore_routes_a_registration_from_a_session_to_the_snapshots_when_started()
    {
        var core = RoutingCore.Start(Sys, new NamesrvOptions(), persist: false);
        var session = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);

        await session.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"))), Timeout);
        await core.KvConfig.Ask<KvDone>(new PutKvConfig("ns", "k", "v"), Timeout);

        Assert.True(core.Routes.TryGet("TopicA", out _));
        Assert.Equal("v", core.Kv.Get("ns", "k"));
        Assert.True(core.Config.GetBoolean("enableAllTopicList", false));
    }

    [Fact]
    public async Task RoutingCore_turns_config_update_into_route_options_when_switch_changes()
    {
        var core = RoutingCore.Start(Sys, new NamesrvOptions(), persist: false);
        var master = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        var slave = await core.Sessions.Ask<SessionOpened>(new OpenSession(), Timeout);
        await master.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"), actingMaster: true)), Timeout);
        await slave.Session.Ask<RegisterResult>(new SessionRegister(Reg5("broker-a", 1, "10.0.0.2:10911", Body(V(1), "TopicA", "TBW102"), actingMaster: true)), Timeout);
        master.Session.Tell(ConnectionClosed.Instance);
        AwaitCondition(() => core.Routes.TryGet("TopicA", out var s) && !s.Route.BrokerDatas[0].BrokerAddrs.ContainsKey(0));

        await core.NamesrvConfig.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("supportActingMaster", "true")]), Timeout);

        AwaitCondition(() => core.Routes.TryGet("TopicA", out var s) && s.Route.BrokerDatas[0].BrokerAddrs.ContainsKey(0));
    }
}
