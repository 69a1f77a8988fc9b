using Microsoft.Extensions.DependencyInjection;
using NameServer.Actors.Host;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server;
using NameServer.Actors.Server.Settings;

namespace NameServer.Actors.Host.Tests;

/// <summary>The namesrv configuration layers and command line.</summary>
public sealed class NameServerConfigurationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hostcfg-" + Guid.NewGuid().ToString("N"));

    public NameServerConfigurationTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (NamesrvSettings Namesrv, ServerSettings Server) Load(params string[] args)
    {
        var settings = NameServerSettings.Create(NameServerConfiguration.Build(NameServerConfiguration.ParseArgs(args)));
        return (settings.Namesrv, settings.Server);
    }

    [Fact]
    public void Configuration_uses_reference_defaults_when_nothing_is_given()
    {
        var (namesrv, server) = Load("--configStorePath=" + Path.Combine(_dir, "none.properties"));
        Assert.Equal(9876, server.ListenPort);
        Assert.Equal("127.0.0.1", server.BindAddress.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), namesrv.ScanNotActiveBrokerInterval);
        Assert.Equal(16L * 1024 * 1024, server.FrameMaxLength);
        Assert.True(namesrv.EnableAllTopicList);
    }

    [Fact]
    public void Configuration_reads_java_properties_file_when_c_names_one()
    {
        var file = Write("namesrv.properties", "listenPort=10000\nscanNotActiveBrokerInterval=5000\norderMessageEnable=true\n");
        var (namesrv, server) = Load("-c", file);
        Assert.Equal(10000, server.ListenPort);
        Assert.Equal(TimeSpan.FromSeconds(5), namesrv.ScanNotActiveBrokerInterval);
        Assert.True(namesrv.OrderMessageEnable);
        Assert.Equal(Path.GetFullPath(file), namesrv.ConfigStorePath);
    }

    [Fact]
    public void Configuration_reads_hocon_file_and_command_line_wins_when_both_set_a_key()
    {
        var file = Write("namesrv.conf", "nameserver { listen-port = 10001, scan-not-active-broker-interval = 2s }");
        var (namesrv, server) = Load("-c", file, "--listenPort=10002", "--configStorePath=" + Path.Combine(_dir, "none.properties"));
        Assert.Equal(10002, server.ListenPort);
        Assert.Equal(TimeSpan.FromSeconds(2), namesrv.ScanNotActiveBrokerInterval);
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
    [InlineData("--httpPort=65536")]
    [InlineData("--httpBindAddress=localhost.example")]
    [InlineData("--peerNamesrvAddrs=nohostport")]
    [InlineData("--nsAddrList=10.0.0.1:9876;10.0.0.2")]
    [InlineData("--peerCheckInterval=0")]
    [InlineData("--metricsOtlpEndpoint=not a url")]
    [InlineData("--metricsOtlpProtocol=carrier-pigeon")]
    [InlineData("--tlsServerMode=strict")]
    [InlineData("--tlsServerMode=enforcing")]
    [InlineData("--listenPort=65535")]
    [InlineData("--akka.\"unterminated=x")]
    [InlineData("stray")]
    [InlineData("-c")]
    public void Configuration_reports_a_clear_problem_when_input_is_bad(string arg)
    {
        var problem = Assert.ThrowsAny<Exception>(() => Load(arg, "--configStorePath=" + Path.Combine(_dir, "none.properties")));
        // Both are printed on one line by namesrv, which then exits 1: command-line problems, and unusable values.
        Assert.True(problem is ConfigurationProblem or SettingsException, problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void Configuration_reports_the_position_of_a_syntax_error_on_one_line_when_the_hocon_file_is_malformed()
    {
        var file = Write("broken.conf", "nameserver {\n  listen-port = \n");

        var problem = Assert.Throws<ConfigurationProblem>(() => Load("-c", file));

        Assert.StartsWith($"{file}:", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void Configuration_reports_missing_file_when_c_names_nothing()
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => Load("-c", Path.Combine(_dir, "missing.conf")));
        Assert.Contains("does not exist", problem.Message);
    }

    [Fact]
    public void Configuration_stops_start_up_with_a_clear_problem_when_tls_is_enforcing_without_certificate()
    {
        var problem = Assert.Throws<SettingsException>(() => LoadAll("--tlsServerMode=enforcing"));

        Assert.StartsWith("tlsServerMode=enforcing needs tlsServerCertPath and tlsServerKeyPath", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_accepts_enforcing_tls_when_certificate_and_key_paths_are_set()
    {
        var settings = LoadAll("--tlsServerMode=enforcing", "--tlsServerCertPath=/etc/namesrv/tls.crt", "--tlsServerKeyPath=/etc/namesrv/tls.key");

        Assert.Equal(Server.Security.TlsMode.Enforcing, settings.Tls.TlsServerMode);
    }

    private NameServerSettings LoadAll(params string[] args)
    {
        var command = NameServerConfiguration.ParseArgs([.. args, "--configStorePath=" + Path.Combine(_dir, "none.properties")]);
        return NameServerSettings.Create(NameServerConfiguration.Build(command));
    }

    [Fact]
    public void Configuration_enables_the_http_listener_on_loopback_9877_when_nothing_is_given()
    {
        var settings = LoadAll();

        Assert.True(settings.Http.HttpEnabled);
        Assert.Equal("127.0.0.1", settings.Http.HttpBindAddress.ToString());
        Assert.Equal(9877, settings.HttpPort);
        Assert.Empty(settings.Http.PeerNamesrvAddrs);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Http.PeerCheckInterval);
        Assert.Null(settings.Otlp.MetricsOtlpEndpoint);
        Assert.Contains(settings.ToProperties(), p => p.Key == "httpPort" && p.Value == "9877");
    }

    [Fact]
    public void Configuration_reads_http_peer_and_otlp_keys_when_a_hocon_file_sets_them()
    {
        var file = Write("namesrv.conf", """
            nameserver {
              http-enabled = false
              http-port = 18080
              ns-addr-list = "10.0.0.1:9876;10.0.0.2:9876"
              peer-namesrv-addrs = "10.0.0.1:9876; 10.0.0.2:9876"
              peer-check-interval = 5s
              metrics-otlp-endpoint = "http://127.0.0.1:4318/v1/metrics"
              metrics-otlp-protocol = "http/protobuf"
            }
            """);

        var settings = LoadAll("-c", file);

        Assert.False(settings.Http.HttpEnabled);
        Assert.Equal(18080, settings.HttpPort);
        Assert.Equal(["10.0.0.1:9876", "10.0.0.2:9876"], settings.Http.NsAddrList);
        Assert.Equal(["10.0.0.1:9876", "10.0.0.2:9876"], settings.Http.PeerNamesrvAddrs);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Http.PeerCheckInterval);
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/metrics"), settings.Otlp.MetricsOtlpEndpoint);
    }

    [Theory]
    [InlineData("--listenPort=10000", 10000, 10001)]
    [InlineData("--listenPort=0", 0, 0)]
    [InlineData("--httpPort=18080", 9876, 18080)]
    [InlineData("--httpPort=0", 9876, 0)]
    public void Configuration_puts_the_http_port_after_the_listen_port_unless_it_is_set(string arg, int listenPort, int httpPort)
    {
        var settings = LoadAll(arg);

        Assert.Equal(listenPort, settings.Server.ListenPort);
        Assert.Equal(httpPort, settings.HttpPort);
        Assert.Contains(settings.ToProperties(), p => p.Key == "httpPort" && p.Value == httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Configuration_keeps_an_http_port_a_file_sets_whatever_the_listen_port()
    {
        var file = Write("namesrv.conf", "nameserver { listen-port = 10000, http-port = 9877 }");

        var settings = LoadAll("-c", file);

        Assert.Equal(9877, settings.HttpPort);
    }

    [Fact]
    public void Configuration_accepts_listen_port_65535_when_the_http_port_is_set()
    {
        var settings = LoadAll("--listenPort=65535", "--httpPort=8080");

        Assert.Equal(8080, settings.HttpPort);
    }

    [Theory]
    [InlineData(new[] { "--akka.loglevel=DEBUG" }, "--akka:loglevel=DEBUG")]
    [InlineData(new[] { "--akka.loglevel", "DEBUG" }, "--akka:loglevel=DEBUG")]
    [InlineData(new[] { "--akka.actor.default-dispatcher.throughput=5" }, "--akka:actor:default-dispatcher:throughput=5")]
    [InlineData(new[] { "--akka.actor.serialization-bindings.\"My.App.Ping, My.App\"=json" }, "--akka:actor:serialization-bindings:My.App.Ping, My.App=json")]
    [InlineData(new[] { "--akka:loglevel=DEBUG" }, "--akka:loglevel=DEBUG")]
    [InlineData(new[] { "--logFile:enabled=true" }, "--nameserver:logFile:enabled=true")]
    [InlineData(new[] { "--security:aclEnable=true" }, "--nameserver:security:aclEnable=true")]
    [InlineData(new[] { "--listenPort=1" }, "--nameserver:listenPort=1")]
    [InlineData(new[] { "--kvConfigPath=/a.b/akka.conf" }, "--nameserver:kvConfigPath=/a.b/akka.conf")]
    public void ParseArgs_maps_dotted_akka_keys_into_the_akka_section_and_other_keys_into_nameserver(string[] args, string expected)
    {
        Assert.Equal([expected], NameServerConfiguration.ParseArgs(args).Overrides);
    }

    [Fact]
    public void Configuration_hands_command_line_akka_keys_to_akka_in_their_reference_spelling()
    {
        var command = NameServerConfiguration.ParseArgs(
            ["--akka.loglevel=DEBUG", "--akka.actor.default-dispatcher.throughput=5", "--configStorePath=" + Path.Combine(_dir, "none.properties")]);
        var configuration = NameServerConfiguration.Build(command);

        var akka = AkkaConfiguration.Create(configuration);

        Assert.Equal("DEBUG", akka.GetString("akka.loglevel"));
        Assert.Equal(5, akka.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("local", akka.GetString("akka.actor.provider"));
    }

    [Fact]
    public void Configuration_reads_akka_keys_from_a_hocon_file_given_with_c()
    {
        var file = Write("namesrv.conf", "akka { loglevel = WARNING, actor.default-dispatcher.throughput = 10 }");
        var command = NameServerConfiguration.ParseArgs(["-c", file, "--configStorePath=" + Path.Combine(_dir, "none.properties")]);

        var akka = AkkaConfiguration.Create(NameServerConfiguration.Build(command));

        Assert.Equal("WARNING", akka.GetString("akka.loglevel"));
        Assert.Equal(10, akka.GetInt("akka.actor.default-dispatcher.throughput"));
    }

    [Fact]
    public void PrintedItems_lists_the_nameserver_keys_sorted_then_the_akka_section_sorted()
    {
        var command = NameServerConfiguration.ParseArgs(["--listenPort=10000", "--akka.loglevel=DEBUG", "--configStorePath=" + Path.Combine(_dir, "none.properties")]);
        var configuration = NameServerConfiguration.Build(command);

        var lines = NameServerConfiguration.PrintedItems(NameServerSettings.Create(configuration), configuration).ToList();

        var nameserver = lines.TakeWhile(l => !l.StartsWith("akka.", StringComparison.Ordinal)).ToList();
        var akka = lines.Skip(nameserver.Count).ToList();
        var keys = nameserver.Select(l => l[..l.IndexOf('=')]).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        // The akka paths are sorted segment by segment (a path before the longer ones it starts, array indexes as numbers).
        var paths = akka.Select(l => l[..l.IndexOf('=')].Replace('.', ':')).ToList();
        Assert.Equal(paths.Order(Microsoft.Extensions.Configuration.ConfigurationKeyComparer.Instance), paths);
        Assert.Contains("akka.loglevel=DEBUG", akka);
        Assert.Contains("akka.stdout-loglevel=WARNING", akka);
        Assert.Contains("akka.log-dead-letters-suspend-duration=5 minutes", akka);
        Assert.Contains("akka.actor.provider=local", akka);
        Assert.Contains("akka.actor.default-dispatcher.throughput=30", akka);
        Assert.Contains("akka.remote.dot-netty.tcp.hostname=127.0.0.1", akka);
        Assert.Contains("akka.remote.dot-netty.tcp.port=0", akka);
        Assert.Contains("listenPort=10000", nameserver);
        Assert.Contains("httpPort=10001", nameserver);
        Assert.Contains("scanNotActiveBrokerInterval=10000", nameserver);
    }

    [Fact]
    public void Configuration_keeps_access_keys_as_written_when_a_hocon_file_gives_credentials_with_dashes()
    {
        var file = Write("namesrv.conf", """
            nameserver.security {
              acl-enable = true
              credentials { ak-1 = "secret-1", rocketmq2 = "12345678" }
            }
            """);

        var settings = LoadAll("-c", file);

        Assert.Equal("secret-1", settings.Security.Credentials["ak-1"]);
        Assert.Equal("12345678", settings.Security.Credentials["rocketmq2"]);
        Assert.False(settings.Security.Credentials.ContainsKey("ak1"));
    }

    [Fact]
    public void Configuration_routes_akka_keys_of_a_java_properties_file_to_the_akka_section()
    {
        var file = Write("namesrv.properties", "listenPort=10000\nakka.loglevel=DEBUG\nakka.actor.default-dispatcher.throughput=7\nclusterTestEnv=x\n");
        var configuration = NameServerConfiguration.Build(NameServerConfiguration.ParseArgs(["-c", file]));

        var settings = NameServerSettings.Create(configuration);

        Assert.Equal("DEBUG", settings.Akka.GetString("akka.loglevel"));
        Assert.Equal(7, settings.Akka.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Null(configuration["nameserver:akka.loglevel"]);
        Assert.Equal(new Dictionary<string, string> { ["clusterTestEnv"] = "x" }, settings.ExtraKeys);
        Assert.Equal(10000, settings.Server.ListenPort);
    }

    [Fact]
    public async Task Configuration_keeps_the_http_port_following_the_listen_port_after_a_remote_update_was_saved()
    {
        var store = Path.Combine(_dir, "store.properties");
        var first = NameServerConfiguration.Build(NameServerConfiguration.ParseArgs(
            ["--listenPort=0", "--configStorePath=" + store, "--kvConfigPath=" + Path.Combine(_dir, "kv.json")]));
        await using (var server = new NameServerService(NameServerSettings.Create(first)))
        {
            await server.StartAsync(CancellationToken.None);
            await using var client = new Client.NameServerClient($"127.0.0.1:{server.EndPoint.Port}");
            await client.UpdateNamesrvConfigAsync(new Dictionary<string, string> { ["orderMessageEnable"] = "true" });
        }
        var saved = Protocol.Bodies.JavaProperties.Load(await File.ReadAllBytesAsync(store));

        var next = NameServerSettings.Create(NameServerConfiguration.Build(NameServerConfiguration.ParseArgs(["--configStorePath=" + store, "--listenPort=10000"])));

        // Configured values are saved (listenPort as given, 0), derived ones are not: httpPort still follows.
        Assert.Equal("true", saved["orderMessageEnable"]);
        Assert.Equal("0", saved["listenPort"]);
        Assert.False(saved.ContainsKey("httpPort"));
        Assert.False(saved.ContainsKey("rocketmqHome") && Environment.GetEnvironmentVariable("ROCKETMQ_HOME") is null);
        Assert.True(next.Namesrv.OrderMessageEnable);
        Assert.Equal(10001, next.HttpPort);
    }

    [Fact]
    public async Task AddNameServer_runs_the_actor_system_at_the_akka_log_level_given_on_the_command_line()
    {
        var configuration = NameServerConfiguration.Build(NameServerConfiguration.ParseArgs(
            ["--akka.loglevel=DEBUG", "--listenPort=0", "--httpEnabled=false", "--configStorePath=" + Path.Combine(_dir, "none.properties")]));
        var services = new ServiceCollection().AddNameServer(configuration);
        await using var provider = services.BuildServiceProvider();
        var server = provider.GetRequiredService<NameServerService>();

        await server.StartAsync(CancellationToken.None);

        Assert.Equal("DEBUG", server.ActorSystem.Settings.LogLevel);
        await server.StopAsync(CancellationToken.None);
    }
}

/// <summary>Tests that set process environment variables namesrv reads; run alone, so no other test sees them.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class NameServerEnvironmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hostenv-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("AKKA__LOGLEVEL", null);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task AddNameServer_runs_the_actor_system_at_the_akka_log_level_of_the_environment()
    {
        Environment.SetEnvironmentVariable("AKKA__LOGLEVEL", "DEBUG");
        var configuration = NameServerConfiguration.Build(NameServerConfiguration.ParseArgs(
            ["--listenPort=0", "--httpEnabled=false", "--configStorePath=" + Path.Combine(_dir, "none.properties")]));
        var services = new ServiceCollection().AddNameServer(configuration);
        Environment.SetEnvironmentVariable("AKKA__LOGLEVEL", null);
        await using var provider = services.BuildServiceProvider();
        var server = provider.GetRequiredService<NameServerService>();

        await server.StartAsync(CancellationToken.None);

        Assert.Equal("DEBUG", server.ActorSystem.Settings.LogLevel);
        await server.StopAsync(CancellationToken.None);
    }
}
