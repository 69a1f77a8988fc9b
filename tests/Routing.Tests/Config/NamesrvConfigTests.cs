using Akka.Actor;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Routing.Tests.Config;

/// <summary>The NamesrvConfig actor: properties view, black list answered as forbidden, persisted updates.</summary>
public sealed class NamesrvConfigTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cfgactor-" + Guid.NewGuid().ToString("N"));

    private string StorePath => Path.Combine(_dir, "namesrv.properties");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private IActorRef Start(NamesrvConfigSnapshot? snapshot = null) =>
        Sys.ActorOf(NamesrvConfig.Props(
            new NamesrvConfigState(new NamesrvOptions().ToProperties(), NamesrvOptions.Schema), StorePath, snapshot ?? new NamesrvConfigSnapshot()));

    [Fact]
    public async Task NamesrvConfig_renders_every_key_when_asked()
    {
        var text = (await Start().Ask<NamesrvConfigText>(GetNamesrvConfig.Instance, Timeout)).Text;

        Assert.Contains("scanNotActiveBrokerInterval=10000\n", text);
        Assert.Contains("enableAllTopicList=true\n", text);
        Assert.Contains("configBlackList=configBlackList;configStorePath;kvConfigPath\n", text);
    }

    [Fact]
    public async Task NamesrvConfig_refuses_update_and_writes_nothing_when_key_is_black_listed()
    {
        var result = await Start().Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("kvConfigPath", "/tmp/x")]), Timeout);

        Assert.IsType<ConfigUpdateResult.Forbidden>(result);
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public async Task NamesrvConfig_persists_publishes_and_announces_update_when_allowed()
    {
        var snapshot = new NamesrvConfigSnapshot();
        var config = Start(snapshot);
        Sys.EventStream.Subscribe(TestActor, typeof(NamesrvConfigChanged));

        var result = await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("orderMessageEnable", "true")]), Timeout);

        Assert.Equal(["orderMessageEnable"], Assert.IsType<ConfigUpdateResult.Applied>(result).Changed);
        Assert.Contains("orderMessageEnable=true\n", await File.ReadAllTextAsync(StorePath));
        Assert.True(snapshot.GetBoolean("orderMessageEnable", false));
        ExpectMsg<NamesrvConfigChanged>(m => m.Changed.Contains("orderMessageEnable"));
    }

    [Fact]
    public async Task NamesrvConfig_tells_its_route_table_the_new_switches_when_an_update_is_applied()
    {
        var routeTable = CreateTestProbe();
        var config = Sys.ActorOf(NamesrvConfig.Props(
            new NamesrvConfigState(new NamesrvOptions().ToProperties(), NamesrvOptions.Schema), null, new NamesrvConfigSnapshot(), routeTable.Ref));

        await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("supportActingMaster", "true")]), Timeout);

        Assert.True(routeTable.ExpectMsg<UpdateRouteTableOptions>().Options.SupportActingMaster);
        await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("kvConfigPath", "/tmp/x")]), Timeout);
        routeTable.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
