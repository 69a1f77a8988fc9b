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

    private IActorRef Start(NamesrvConfigSnapshot? snapshot = null, NamesrvSettings? settings = null) =>
        Sys.ActorOf(NamesrvConfig.Props(
            NamesrvConfigState.Of(settings ?? NamesrvSettings.Default), StorePath, snapshot ?? new NamesrvConfigSnapshot(NamesrvSettings.Default)));

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
        var snapshot = new NamesrvConfigSnapshot(NamesrvSettings.Default);
        var config = Start(snapshot);
        Sys.EventStream.Subscribe(TestActor, typeof(NamesrvConfigChanged));

        var result = await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("orderMessageEnable", "true")]), Timeout);

        Assert.Equal(["orderMessageEnable"], Assert.IsType<ConfigUpdateResult.Applied>(result).Changed);
        Assert.Contains("orderMessageEnable=true\n", await File.ReadAllTextAsync(StorePath));
        Assert.True(snapshot.Settings.OrderMessageEnable);
        Assert.Equal("true", snapshot.Values["orderMessageEnable"]);
        ExpectMsg<NamesrvConfigChanged>(m => m.Changed.Contains("orderMessageEnable"));
    }

    [Fact]
    public async Task NamesrvConfig_tells_its_route_table_the_new_switches_when_an_update_is_applied()
    {
        var routeTable = CreateTestProbe();
        var config = Sys.ActorOf(NamesrvConfig.Props(
            NamesrvConfigState.Of(NamesrvSettings.Default), null, new NamesrvConfigSnapshot(NamesrvSettings.Default), routeTable.Ref));

        await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("supportActingMaster", "true")]), Timeout);

        Assert.True(routeTable.ExpectMsg<UpdateRouteTableOptions>().Options.SupportActingMaster);
        await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("kvConfigPath", "/tmp/x")]), Timeout);
        routeTable.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Theory]
    [InlineData("scanNotActiveBrokerInterval", "0")]
    [InlineData("brokerChannelExpiredTime", "-5")]
    [InlineData("waitSecondsForService", "-1")]
    public async Task NamesrvConfig_refuses_update_and_changes_nothing_when_the_settings_refuse_a_value(string key, string value)
    {
        var snapshot = new NamesrvConfigSnapshot(NamesrvSettings.Default);
        var config = Start(snapshot);
        var before = (await config.Ask<NamesrvConfigText>(GetNamesrvConfig.Instance, Timeout)).Text;

        var result = await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("orderMessageEnable", "true"), new(key, value)]), Timeout);

        var invalid = Assert.IsType<ConfigUpdateResult.Invalid>(result);
        Assert.Equal(key, invalid.Key);
        Assert.Equal(value, invalid.Value);
        Assert.Contains(key, invalid.Reason, StringComparison.Ordinal);
        Assert.Equal(before, (await config.Ask<NamesrvConfigText>(GetNamesrvConfig.Instance, Timeout)).Text);
        Assert.Same(NamesrvSettings.Default, snapshot.Settings);
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public async Task NamesrvConfig_publishes_typed_settings_read_back_from_its_values_when_an_update_is_applied()
    {
        var snapshot = new NamesrvConfigSnapshot(NamesrvSettings.Default);
        var config = Start(snapshot);

        await config.Ask<ConfigUpdateResult>(
            new UpdateNamesrvConfig([new("enableAllTopicList", "false"), new("waitSecondsForService", "7"), new("brokerChannelExpiredTime", "30000")]), Timeout);

        Assert.Equal(
            NamesrvSettings.Default with { EnableAllTopicList = false, WaitSecondsForService = 7, BrokerChannelExpiredTime = TimeSpan.FromSeconds(30), RocketmqHome = NamesrvSettings.Default.EffectiveRocketmqHome },
            snapshot.Settings);
    }

    [Fact]
    public async Task NamesrvConfig_persists_configured_values_but_not_derived_ones_until_an_update_sets_them()
    {
        var config = Start(settings: NamesrvSettings.Default with { RocketmqHome = null });

        await config.Ask<ConfigUpdateResult>(new UpdateNamesrvConfig([new("orderMessageEnable", "true")]), Timeout);
        var rendered = (await config.Ask<NamesrvConfigText>(GetNamesrvConfig.Instance, Timeout)).Text;
        var persisted = await File.ReadAllTextAsync(StorePath);

        Assert.Contains("rocketmqHome=", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("rocketmqHome=", persisted, StringComparison.Ordinal);
        Assert.Contains("orderMessageEnable=true\n", persisted, StringComparison.Ordinal);
        Assert.Contains("scanNotActiveBrokerInterval=10000\n", persisted, StringComparison.Ordinal);
    }
}
