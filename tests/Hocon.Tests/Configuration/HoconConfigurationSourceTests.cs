using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Hocon.Tests.Configuration;

public class HoconConfigurationSourceTests
{
    public sealed class NameServerOptions
    {
        public int ListenPort { get; set; }

        public string BindAddress { get; set; } = string.Empty;

        public HoconDuration ScanNotActiveBrokerInterval { get; set; }

        public HoconSize FrameMaxLength { get; set; }

        public bool OrderMessageEnable { get; set; }

        public int UnRegisterBrokerQueueCapacity { get; set; }

        public List<string> Tags { get; set; } = [];
    }

    [Fact]
    public void AddHoconFile_exposes_flattened_camel_case_keys()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "nameserver { listen-port = 9876, un-register-broker-queue-capacity = 3000 }");

        var config = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("9876", config["nameserver:listenPort"]);
        Assert.Equal("3000", config["nameserver:unRegisterBrokerQueueCapacity"]);
    }

    [Fact]
    public void AddHoconFile_binds_options_including_durations_and_sizes()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("""
                nameserver {
                  listen-port = 9876
                  bind-address = "127.0.0.1"
                  scan-not-active-broker-interval = 10s
                  frame-max-length = 16MiB
                  order-message-enable = true
                  un-register-broker-queue-capacity = 3000
                  tags = [a, b]
                }
                """)
            .Build();

        var options = config.GetSection("nameserver").Get<NameServerOptions>()!;

        Assert.Equal(9876, options.ListenPort);
        Assert.Equal("127.0.0.1", options.BindAddress);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ScanNotActiveBrokerInterval.Value);
        Assert.Equal(16L * 1024 * 1024, options.FrameMaxLength.Bytes);
        Assert.True(options.OrderMessageEnable);
        Assert.Equal(3000, options.UnRegisterBrokerQueueCapacity);
        Assert.Equal(["a", "b"], options.Tags);
    }

    [Fact]
    public void AddHoconString_passes_yes_and_on_as_written_because_they_are_hocon_strings()
    {
        // HOCON getters read yes/on as true, but MEC binding of bool only accepts true/false.
        var config = new ConfigurationBuilder().AddHoconString("a = yes\nb = on\nc = true").Build();

        Assert.Equal("yes", config["a"]);
        Assert.Equal("on", config["b"]);
        Assert.Equal("true", config["c"]);
    }

    [Fact]
    public void Later_sources_win_in_order_reference_user_environment_command_line()
    {
        using var dir = new TempDirectory();
        var reference = dir.Write("reference.conf", """
            nameserver {
              listen-port = 9876
              bind-address = "127.0.0.1"
              scan-not-active-broker-interval = 10s
              frame-max-length = 16MiB
              order-message-enable = false
            }
            """);
        var user = dir.Write("user.conf", "nameserver.listen-port = 19876\nnameserver.bind-address = 0.0.0.0\nnameserver.order-message-enable = true");
        var prefix = "HOCONTEST_" + Guid.NewGuid().ToString("N") + "_";
        Environment.SetEnvironmentVariable(prefix + "NAMESERVER__SCANNOTACTIVEBROKERINTERVAL", "5000");
        Environment.SetEnvironmentVariable(prefix + "NAMESERVER__BINDADDRESS", "10.0.0.1");
        try
        {
            var config = new ConfigurationBuilder()
                .AddHoconFile(reference)
                .AddHoconFile(user, optional: true)
                .AddEnvironmentVariables(prefix)
                .AddCommandLine(["--nameserver:bindAddress=192.168.0.1", "--nameserver:frameMaxLength=8MiB"])
                .Build();

            var options = config.GetSection("nameserver").Get<NameServerOptions>()!;

            Assert.Equal(19876, options.ListenPort);
            Assert.True(options.OrderMessageEnable);
            Assert.Equal(TimeSpan.FromMilliseconds(5000), options.ScanNotActiveBrokerInterval.Value);
            Assert.Equal("192.168.0.1", options.BindAddress);
            Assert.Equal(8L * 1024 * 1024, options.FrameMaxLength.Bytes);
            Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("nameserver:scanNotActiveBrokerInterval"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "NAMESERVER__SCANNOTACTIVEBROKERINTERVAL", null);
            Environment.SetEnvironmentVariable(prefix + "NAMESERVER__BINDADDRESS", null);
        }
    }

    [Fact]
    public void AddHoconFile_adds_nothing_when_optional_file_is_missing()
    {
        using var dir = new TempDirectory();

        var config = new ConfigurationBuilder().AddHoconFile(Path.Combine(dir.Path, "missing.conf"), optional: true).Build();

        Assert.Empty(config.AsEnumerable());
    }

    [Fact]
    public void AddHoconFile_throws_when_required_file_is_missing()
    {
        using var dir = new TempDirectory();
        var builder = new ConfigurationBuilder().AddHoconFile(Path.Combine(dir.Path, "missing.conf"));

        Assert.Throws<FileNotFoundException>(() => builder.Build());
    }

    [Fact]
    public void AddHoconFile_reports_parse_error_with_file_position()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bad.conf", "nameserver {\n  listen-port 9876\n");
        var builder = new ConfigurationBuilder().AddHoconFile(file);

        var ex = Assert.Throws<InvalidDataException>(() => builder.Build());

        var inner = Assert.IsType<HoconParseException>(ex.InnerException);
        Assert.Equal(file, inner.FileName);
        Assert.Equal(3, inner.Line);
    }

    [Fact]
    public void AddHoconFile_follows_includes_relative_to_the_file()
    {
        using var dir = new TempDirectory();
        dir.Write("conf/base.conf", "nameserver.listen-port = 1111");
        var file = dir.Write("conf/app.conf", "include \"base.conf\"\nnameserver.bind-address = x");

        var config = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("1111", config["nameserver:listenPort"]);
        Assert.Equal("x", config["nameserver:bindAddress"]);
    }

    [Fact]
    public void AddHoconFile_reads_new_content_when_configuration_is_reloaded()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "a.listen-port = 1");
        var config = new ConfigurationBuilder().AddHoconFile(file, optional: false, reloadOnChange: false).Build();
        Assert.Equal("1", config["a:listenPort"]);

        File.WriteAllText(file, "a.listen-port = 2");
        config.Reload();

        Assert.Equal("2", config["a:listenPort"]);
    }

    [Fact]
    public void AddHoconFile_keeps_keys_as_written_when_configured()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "listen-port = 1");

        var config = new ConfigurationBuilder()
            .AddHoconFile(source =>
            {
                source.Path = file;
                source.KeyStyle = HoconKeyStyle.AsWritten;
                source.ResolveFileProvider();
            })
            .Build();

        Assert.Equal("1", config["listen-port"]);
        Assert.Null(config["listenPort"]);
    }

    [Fact]
    public void AddHoconFile_keeps_akka_keys_in_their_hocon_spelling_by_default()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", """
            nameserver.listen-port = 9876
            akka {
              loglevel = INFO
              actor.default-dispatcher.throughput = 30
              actor.serialization-bindings { "MyApp.Messages.Ping, MyApp" = json }
              remote.dot-netty.tcp.port = 0
            }
            """);

        var config = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("9876", config["nameserver:listenPort"]);
        Assert.Equal("30", config["akka:actor:default-dispatcher:throughput"]);
        Assert.Null(config["akka:actor:defaultDispatcher:throughput"]);
        Assert.Equal("0", config["akka:remote:dot-netty:tcp:port"]);
        var binding = Assert.Single(config.GetSection("akka:actor:serialization-bindings").GetChildren());
        Assert.Equal("MyApp.Messages.Ping, MyApp", binding.Key);
        Assert.Equal("json", binding.Value);
    }

    [Fact]
    public void AddHoconString_keeps_akka_keys_as_written_and_command_line_overrides_them_by_that_spelling()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("akka.actor.default-dispatcher.throughput = 30")
            .AddCommandLine(["--akka:actor:default-dispatcher:throughput=5"])
            .Build();

        Assert.Equal("5", config["akka:actor:default-dispatcher:throughput"]);
        Assert.Single(config.GetSection("akka:actor").GetChildren());
    }

    [Fact]
    public void AddHoconFile_converts_akka_keys_when_the_as_written_roots_are_cleared()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "akka.actor.default-dispatcher.throughput = 30\nmy-lib.some-key = 1");

        var config = new ConfigurationBuilder()
            .AddHoconFile(source =>
            {
                source.Path = file;
                source.AsWrittenRoots = ["my-lib"];
                source.ResolveFileProvider();
            })
            .Build();

        Assert.Equal("30", config["akka:actor:defaultDispatcher:throughput"]);
        Assert.Equal("1", config["my-lib:some-key"]);
    }

    [Fact]
    public void AddHoconConfig_adds_a_hocon_fallback_chain_as_one_source()
    {
        var reference = HoconConfig.Parse("nameserver { listen-port = 9876, bind-address = \"127.0.0.1\" }");
        var user = HoconConfig.Parse("nameserver.listen-port = 1234");

        var config = new ConfigurationBuilder().AddHoconConfig(user.WithFallback(reference)).Build();

        Assert.Equal("1234", config["nameserver:listenPort"]);
        Assert.Equal("127.0.0.1", config["nameserver:bindAddress"]);
    }

    [Fact]
    public void AddHoconString_throws_parse_exception_for_bad_text()
    {
        var builder = new ConfigurationBuilder().AddHoconString("a = [", "inline.conf");

        var ex = Assert.Throws<HoconParseException>(() => builder.Build());

        Assert.StartsWith("inline.conf:1:6: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_reports_key_and_unit_when_duration_text_is_invalid()
    {
        var config = new ConfigurationBuilder().AddHoconString("nameserver.scan-not-active-broker-interval = 10 fortnights").Build();

        var ex = Assert.Throws<InvalidOperationException>(() => config.GetSection("nameserver").Get<NameServerOptions>());

        Assert.Contains("nameserver:scanNotActiveBrokerInterval", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unknown duration unit 'fortnights'", ex.InnerException?.Message, StringComparison.Ordinal);
    }
}
