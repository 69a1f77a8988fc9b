using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Routing.Tests.Config;

/// <summary>GET_NAMESRV_CONFIG and UPDATE_NAMESRV_CONFIG (<c>DefaultRequestProcessor.getConfig</c>, <c>updateConfig</c>; <c>docs/BEHAVIOUR.md</c>, "NameServer configuration").</summary>
public class NamesrvConfigStateTests
{
    private static readonly Dictionary<string, ConfigValueKind> Schema = new()
    {
        ["orderMessageEnable"] = ConfigValueKind.Boolean,
        ["listenPort"] = ConfigValueKind.Integer,
        ["scanNotActiveBrokerInterval"] = ConfigValueKind.Long,
        ["productEnvName"] = ConfigValueKind.String,
        ["kvConfigPath"] = ConfigValueKind.String,
        ["configStorePath"] = ConfigValueKind.String,
        ["configBlackList"] = ConfigValueKind.String,
        ["enableTopicList"] = ConfigValueKind.Boolean,
    };

    private static NamesrvConfigState NewState() => new(
        new Dictionary<string, string>
        {
            ["orderMessageEnable"] = "false",
            ["listenPort"] = "9876",
            ["scanNotActiveBrokerInterval"] = "10000",
            ["productEnvName"] = "center",
            ["kvConfigPath"] = "/root/namesrv/kvConfig.json",
            ["configStorePath"] = "/root/namesrv/namesrv.properties",
            ["configBlackList"] = "configBlackList;configStorePath;kvConfigPath;enableTopicList",
            ["enableTopicList"] = "true",
        },
        Schema);

    [Fact]
    public void Render_writes_sorted_key_value_lines_when_asked()
    {
        var text = NewState().Render();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Contains("listenPort=9876", lines);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void Update_applies_known_keys_and_reports_changes_when_allowed()
    {
        var state = NewState();
        var result = Assert.IsType<ConfigUpdateResult.Applied>(state.Update([new("orderMessageEnable", " true "), new("listenPort", "9876")]));
        Assert.Equal(["orderMessageEnable"], result.Changed);
        Assert.Equal("true", state["orderMessageEnable"]);
    }

    [Fact]
    public void Update_ignores_unknown_keys_when_not_in_schema()
    {
        var state = NewState();
        var result = Assert.IsType<ConfigUpdateResult.Applied>(state.Update([new("noSuchKey", "1")]));
        Assert.Equal(["noSuchKey"], result.Ignored);
        Assert.Null(state["noSuchKey"]);
    }

    [Theory]
    [InlineData("kvConfigPath")]
    [InlineData("configStorePath")]
    [InlineData("configBlackList")]
    [InlineData("rocketmqHome")]
    [InlineData("enableTopicList")]
    public void Update_is_forbidden_and_applies_nothing_when_a_key_is_black_listed(string key)
    {
        var state = NewState();
        var before = state.Render();
        var result = Assert.IsType<ConfigUpdateResult.Forbidden>(state.Update([new("orderMessageEnable", "true"), new(key, "/tmp/evil")]));
        Assert.Equal(key, result.Key);
        Assert.Equal(before, state.Render());
    }

    [Theory]
    [InlineData("listenPort", "abc")]
    [InlineData("listenPort", "99999999999")]
    [InlineData("orderMessageEnable", "yes please")]
    [InlineData("scanNotActiveBrokerInterval", "10s")]
    public void Update_is_invalid_and_applies_nothing_when_a_value_does_not_parse(string key, string value)
    {
        var state = NewState();
        var before = state.Render();
        var result = Assert.IsType<ConfigUpdateResult.Invalid>(state.Update([new("productEnvName", "x"), new(key, value)]));
        Assert.Equal(key, result.Key);
        Assert.Equal(before, state.Render());
    }

    [Fact]
    public void BlackList_always_contains_fixed_keys_when_config_list_is_empty()
    {
        var state = new NamesrvConfigState([new("configBlackList", "")], Schema);
        Assert.Superset(new HashSet<string>(NamesrvConfigState.AlwaysForbidden), new HashSet<string>(state.BlackList));
    }

    [Fact]
    public void Persisted_leaves_out_derived_keys_until_an_update_sets_them()
    {
        var state = new NamesrvConfigState([new("listenPort", "9876"), new("orderMessageEnable", "false")], Schema, derived: ["listenPort"]);

        Assert.Equal("listenPort=9876\norderMessageEnable=false\n", state.Render());
        Assert.Equal("orderMessageEnable=false\n", state.RenderPersisted());
        state.Update([new("listenPort", "9876")]);
        Assert.Equal("listenPort=9876\norderMessageEnable=false\n", state.RenderPersisted());
    }

    [Fact]
    public void Update_is_invalid_and_applies_nothing_when_the_check_refuses_the_values_it_would_leave()
    {
        var state = NewState();
        var before = state.Render();
        IReadOnlyDictionary<string, string>? checkedValues = null;

        var result = state.Update(
            [new("orderMessageEnable", "true"), new("listenPort", "0")],
            values =>
            {
                checkedValues = values;
                throw new SettingsException("listenPort", "listenPort 0 is refused here");
            });

        var invalid = Assert.IsType<ConfigUpdateResult.Invalid>(result);
        Assert.Equal(("listenPort", "0", "listenPort 0 is refused here"), (invalid.Key, invalid.Value, invalid.Reason));
        Assert.Equal("true", checkedValues!["orderMessageEnable"]);
        Assert.Equal("center", checkedValues["productEnvName"]);
        Assert.Equal(before, state.Render());
    }
}
