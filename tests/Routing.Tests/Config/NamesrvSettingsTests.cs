using System.Reflection;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Routing.Tests.Config;

/// <summary><see cref="NamesrvSettings"/>: the Java <c>NamesrvConfig</c> keys, read from reference.conf and checked.</summary>
public class NamesrvSettingsTests
{
    private static readonly string ProgramFolder = Path.Combine(Path.GetTempPath(), "namesrv") + Path.DirectorySeparatorChar;

    private static IConfiguration Section(params (string Key, string Value)[] overrides) =>
        NameServerReference.Under(new ConfigurationBuilder()
                .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>("nameserver:" + o.Key, o.Value)))
                .Build())
            .GetSection(NamesrvSettings.Section);

    [Fact]
    public void DefaultRocketmqHome_is_the_environment_variable_when_rocketmq_home_is_set()
    {
        var home = NamesrvSettings.DefaultRocketmqHome(name => name == "ROCKETMQ_HOME" ? "/opt/rocketmq" : null, ProgramFolder);

        Assert.Equal("/opt/rocketmq", home);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void DefaultRocketmqHome_is_the_program_folder_when_rocketmq_home_is_unset(string? value)
    {
        var home = NamesrvSettings.DefaultRocketmqHome(_ => value, ProgramFolder);

        Assert.Equal(Path.Combine(Path.GetTempPath(), "namesrv"), home);
    }

    [Fact]
    public void ToProperties_reports_rocketmq_home_when_it_is_configured()
    {
        var properties = (NamesrvSettings.Default with { RocketmqHome = "/srv/rocketmq" }).ToProperties().ToDictionary();

        Assert.Equal("/srv/rocketmq", properties["rocketmqHome"]);
        Assert.Empty((NamesrvSettings.Default with { RocketmqHome = "/srv/rocketmq" }).DerivedKeys());
    }

    [Fact]
    public void ToProperties_reports_the_program_folder_as_rocketmq_home_when_nothing_configures_it()
    {
        var settings = NamesrvSettings.Default with { RocketmqHome = null };

        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), settings.ToProperties().ToDictionary()["rocketmqHome"]);
        Assert.Equal(["rocketmqHome"], settings.DerivedKeys());
    }

    [Fact]
    public void Default_takes_every_value_from_reference_conf()
    {
        var settings = NamesrvSettings.Default;

        Assert.Equal(TimeSpan.FromSeconds(10), settings.ScanNotActiveBrokerInterval);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.BrokerChannelExpiredTime);
        Assert.Equal("center", settings.ProductEnvName);
        Assert.Equal("configBlackList;configStorePath;kvConfigPath", settings.ConfigBlackList);
        Assert.True(settings.EnableAllTopicList);
        Assert.True(settings.EnableTopicList);
        Assert.True(settings.ReturnOrderTopicConfigToBroker);
        Assert.False(settings.OrderMessageEnable);
        Assert.Equal(45, settings.WaitSecondsForService);
        Assert.Equal(3000, settings.UnRegisterBrokerQueueCapacity);
        Assert.EndsWith("/namesrv/kvConfig.json", settings.KvConfigPath, StringComparison.Ordinal);
        Assert.EndsWith("/namesrv/namesrv.properties", settings.ConfigStorePath, StringComparison.Ordinal);
        Assert.Equal(Environment.GetEnvironmentVariable("ROCKETMQ_HOME") is { Length: > 0 } home ? home : null, settings.RocketmqHome);
    }

    [Fact]
    public void Every_property_has_a_key_that_reference_conf_sets()
    {
        var reference = NameServerReference.Build().GetSection(NamesrvSettings.Section);
        var properties = typeof(NamesrvSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => HoconKeys.KebabToCamel(char.ToLowerInvariant(p.Name[0]) + p.Name[1..]))
            .Order(StringComparer.Ordinal);

        Assert.Equal(NamesrvSettings.Schema.Keys.Order(StringComparer.Ordinal), properties);
        // rocketmq-home is ${?ROCKETMQ_HOME}: set only when the environment sets it (then the program's folder is reported).
        Assert.All(NamesrvSettings.Schema.Keys.Where(k => k != "rocketmqHome"), key => Assert.NotNull(reference[key]));
        Assert.Contains("rocketmq-home = ${?ROCKETMQ_HOME}", NameServerReference.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_reads_back_what_ToProperties_reports()
    {
        var settings = NamesrvSettings.Default with
        {
            RocketmqHome = "/opt/rocketmq",
            ScanNotActiveBrokerInterval = TimeSpan.FromMilliseconds(1500),
            EnableAllTopicList = false,
            WaitSecondsForService = 3,
        };

        Assert.Equal(settings, NamesrvSettings.Create(settings.ToProperties().ToDictionary()));
    }

    [Theory]
    [InlineData("scanNotActiveBrokerInterval", "5s", 5_000)]
    [InlineData("scanNotActiveBrokerInterval", "5000", 5_000)]
    [InlineData("scanNotActiveBrokerInterval", " 250ms ", 250)]
    [InlineData("brokerChannelExpiredTime", "2m", 120_000)]
    public void Create_reads_durations_in_hocon_units_or_java_milliseconds(string key, string value, int millis)
    {
        var settings = NamesrvSettings.Create(Section((key, value)));

        var duration = key == "scanNotActiveBrokerInterval" ? settings.ScanNotActiveBrokerInterval : settings.BrokerChannelExpiredTime;
        Assert.Equal(TimeSpan.FromMilliseconds(millis), duration);
    }

    [Theory]
    [InlineData("scanNotActiveBrokerInterval", "0")]
    [InlineData("scanNotActiveBrokerInterval", "soon")]
    [InlineData("brokerChannelExpiredTime", "-1s")]
    [InlineData("orderMessageEnable", "yes")]
    [InlineData("enableAllTopicList", "maybe")]
    [InlineData("waitSecondsForService", "-1")]
    [InlineData("waitSecondsForService", "45s")]
    [InlineData("defaultThreadPoolNums", "99999999999")]
    public void Create_refuses_a_value_with_one_line_naming_the_key_when_it_is_unusable(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => NamesrvSettings.Create(Section((key, value))));

        Assert.Equal(key, error.Key);
        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Create_refuses_a_key_that_has_no_value()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["kvConfigPath"] = "/kv.json" }).Build();

        var error = Assert.Throws<SettingsException>(() => NamesrvSettings.Create(section));

        Assert.Contains("has no value", error.Message, StringComparison.Ordinal);
    }
}
