using NameServer.Actors.Host;

namespace NameServer.Actors.Host.Tests;

/// <summary>The namesrv configuration layers and command line.</summary>
public sealed class NameServerConfigurationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hostcfg-" + Guid.NewGuid().ToString("N"));

    public NameServerConfigurationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Reference => Path.Combine(AppContext.BaseDirectory, "reference.conf");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private (Routing.Config.NamesrvOptions Namesrv, Server.ServerOptions Server) Load(params string[] args)
    {
        var command = NameServerConfiguration.ParseArgs(args);
        var configuration = NameServerConfiguration.Build(command, Reference, out _);
        return NameServerConfiguration.Bind(configuration);
    }

    [Fact]
    public void Configuration_uses_reference_defaults_when_nothing_is_given()
    {
        var (namesrv, server) = Load("--configStorePath=" + Path.Combine(_dir, "none.properties"));
        Assert.Equal(9876, server.ListenPort);
        Assert.Equal("127.0.0.1", server.BindAddress);
        Assert.Equal(TimeSpan.FromSeconds(10), namesrv.ScanNotActiveBrokerInterval.Value);
        Assert.Equal(16L * 1024 * 1024, server.FrameMaxLength.Bytes);
        Assert.True(namesrv.EnableAllTopicList);
    }

    [Fact]
    public void Configuration_reads_java_properties_file_when_c_names_one()
    {
        var file = Write("namesrv.properties", "listenPort=10000\nscanNotActiveBrokerInterval=5000\norderMessageEnable=true\n");
        var (namesrv, server) = Load("-c", file);
        Assert.Equal(10000, server.ListenPort);
        Assert.Equal(TimeSpan.FromSeconds(5), namesrv.ScanNotActiveBrokerInterval.Value);
        Assert.True(namesrv.OrderMessageEnable);
        Assert.Equal(Path.GetFullPath(file), namesrv.ConfigStorePath);
    }

    [Fact]
    public void Configuration_reads_hocon_file_and_command_line_wins_when_both_set_a_key()
    {
        var file = Write("namesrv.conf", "nameserver { listen-port = 10001, scan-not-active-broker-interval = 2s }");
        var (namesrv, server) = Load("-c", file, "--listenPort=10002", "--configStorePath=" + Path.Combine(_dir, "none.properties"));
        Assert.Equal(10002, server.ListenPort);
        Assert.Equal(TimeSpan.FromSeconds(2), namesrv.ScanNotActiveBrokerInterval.Value);
    }

    [Fact]
    public void Configuration_applies_saved_updates_when_config_store_file_exists()
    {
        var store = Write("store.properties", "orderMessageEnable=true\n");
        var file = Write("namesrv.conf", $"nameserver.config-store-path = \"{store}\"");
        var (namesrv, _) = Load("-c", file);
        Assert.True(namesrv.OrderMessageEnable);
    }

    [Theory]
    [InlineData("--listenPort=abc")]
    [InlineData("--listenPort=70000")]
    [InlineData("--bindAddress=nowhere")]
    [InlineData("--scanNotActiveBrokerInterval=0")]
    [InlineData("--socketIoThreads=-2")]
    [InlineData("stray")]
    [InlineData("-c")]
    public void Configuration_reports_a_clear_problem_when_input_is_bad(string arg)
    {
        var problem = Assert.ThrowsAny<Exception>(() => Load(arg, "--configStorePath=" + Path.Combine(_dir, "none.properties")));
        Assert.IsType<ConfigurationProblem>(problem);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public void Configuration_reports_missing_file_when_c_names_nothing()
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => Load("-c", Path.Combine(_dir, "missing.conf")));
        Assert.Contains("does not exist", problem.Message);
    }
}
