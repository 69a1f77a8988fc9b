namespace NameServer.Actors.Routing.TestKit.Tests;

public sealed class ChurnOptionsTests
{
    [Fact]
    public void Validate_accepts_the_defaults()
    {
        var options = new ChurnOptions();

        options.Validate();

        Assert.Equal(2 * 4 * 2, options.BrokerCount);
    }

    [Theory]
    [InlineData(nameof(ChurnOptions.Clusters))]
    [InlineData(nameof(ChurnOptions.BrokerGroupsPerCluster))]
    [InlineData(nameof(ChurnOptions.SlavesPerGroup))]
    [InlineData(nameof(ChurnOptions.MaxStep))]
    [InlineData(nameof(ChurnOptions.CrashesPerStep))]
    [InlineData(nameof(ChurnOptions.FiveXShare))]
    [InlineData(nameof(ChurnOptions.FiveXHeartbeatPeriod))]
    [InlineData(nameof(ChurnOptions.MaxDowntime))]
    [InlineData(nameof(ChurnOptions.ScanInterval))]
    public void Validate_names_the_setting_when_it_is_out_of_range(string name)
    {
        var options = name switch
        {
            nameof(ChurnOptions.Clusters) => new ChurnOptions { Clusters = 0 },
            nameof(ChurnOptions.BrokerGroupsPerCluster) => new ChurnOptions { BrokerGroupsPerCluster = -1 },
            nameof(ChurnOptions.SlavesPerGroup) => new ChurnOptions { SlavesPerGroup = -1 },
            nameof(ChurnOptions.MaxStep) => new ChurnOptions { MaxStep = TimeSpan.FromMilliseconds(10) },
            nameof(ChurnOptions.CrashesPerStep) => new ChurnOptions { CrashesPerStep = double.NaN },
            nameof(ChurnOptions.FiveXShare) => new ChurnOptions { FiveXShare = 1.5 },
            nameof(ChurnOptions.FiveXHeartbeatPeriod) => new ChurnOptions { FiveXHeartbeatPeriod = TimeSpan.Zero },
            nameof(ChurnOptions.MaxDowntime) => new ChurnOptions { MinDowntime = TimeSpan.FromMinutes(10) },
            _ => new ChurnOptions { ScanInterval = TimeSpan.Zero },
        };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Simulation_rejects_options_when_they_are_invalid_or_missing()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ChurnSimulation(new ChurnOptions { Topics = -1 }));
        Assert.Throws<ArgumentNullException>(() => new ChurnSimulation(null!));
    }
}
