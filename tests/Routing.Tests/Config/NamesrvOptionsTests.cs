using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Routing.Tests.Config;

/// <summary><see cref="NamesrvOptions"/>: the Java-named keys reported by <c>GET_NAMESRV_CONFIG</c>.</summary>
public class NamesrvOptionsTests
{
    private static readonly string ProgramFolder = Path.Combine(Path.GetTempPath(), "namesrv") + Path.DirectorySeparatorChar;

    [Fact]
    public void DefaultRocketmqHome_is_the_environment_variable_when_rocketmq_home_is_set()
    {
        var home = NamesrvOptions.DefaultRocketmqHome(name => name == "ROCKETMQ_HOME" ? "/opt/rocketmq" : null, ProgramFolder);

        Assert.Equal("/opt/rocketmq", home);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void DefaultRocketmqHome_is_the_program_folder_when_rocketmq_home_is_unset(string? value)
    {
        var home = NamesrvOptions.DefaultRocketmqHome(_ => value, ProgramFolder);

        Assert.Equal(Path.Combine(Path.GetTempPath(), "namesrv"), home);
    }

    [Fact]
    public void ToProperties_reports_rocketmq_home_when_it_is_configured()
    {
        var properties = new NamesrvOptions { RocketmqHome = "/srv/rocketmq" }.ToProperties().ToDictionary();

        Assert.Equal("/srv/rocketmq", properties["rocketmqHome"]);
    }

    [Fact]
    public void ToProperties_reports_rocketmq_home_when_nothing_configures_it()
    {
        var properties = new NamesrvOptions().ToProperties().ToDictionary();

        Assert.False(string.IsNullOrEmpty(properties["rocketmqHome"]));
    }
}
