using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Hocon.Tests;

/// <summary>Checks <c>hocon/reference.conf</c> at the repository root.</summary>
public class ReferenceConfTests
{
    // Property names of Java's NamesrvConfig and NettyServerConfig (4.9.8 and 5.3.3).
    private static readonly string[] JavaKeys =
    [
        "rocketmqHome", "kvConfigPath", "configStorePath", "productEnvName", "clusterTest", "orderMessageEnable",
        "configBlackList", "returnOrderTopicConfigToBroker", "clientRequestThreadPoolNums", "defaultThreadPoolNums",
        "clientRequestThreadPoolQueueCapacity", "defaultThreadPoolQueueCapacity", "scanNotActiveBrokerInterval",
        "unRegisterBrokerQueueCapacity", "supportActingMaster", "enableAllTopicList", "enableTopicList",
        "notifyMinBrokerIdChanged", "enableControllerInNamesrv", "needWaitForService", "waitSecondsForService",
        "deleteTopicWithBrokerRegistration",
        "bindAddress", "listenPort", "serverWorkerThreads", "serverCallbackExecutorThreads", "serverSelectorThreads",
        "serverOnewaySemaphoreValue", "serverAsyncSemaphoreValue", "serverChannelMaxIdleTimeSeconds",
        "serverSocketSndBufSize", "serverSocketRcvBufSize", "writeBufferHighWaterMark", "writeBufferLowWaterMark",
        "serverSocketBacklog", "serverNettyWorkerGroupEnable", "serverPooledByteBufAllocatorEnable",
        "enableShutdownGracefully", "shutdownWaitTimeSeconds", "useEpollNativeSelector",
    ];

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["HOME"] = "/home/test",
        ["ROCKETMQ_HOME"] = "/opt/rocketmq",
    };

    internal static string ReferencePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; dir is not null && depth < 20; depth++, dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NameServer.Actors.sln")))
            {
                return Path.Combine(dir.FullName, "hocon", "reference.conf");
            }
        }

        throw new InvalidOperationException("NameServer.Actors.sln not found above " + AppContext.BaseDirectory);
    }

    private static HoconConfig Load(Dictionary<string, string> env) =>
        HoconConfig.Load(ReferencePath(), new HoconParseOptions { EnvironmentLookup = name => env.GetValueOrDefault(name) });

    [Fact]
    public void Reference_conf_parses_and_every_setting_is_a_scalar()
    {
        var nameserver = Load(Environment).GetConfig("nameserver");

        // The security block (credentials map, allow-list array) and the log-file block are the nested sections.
        foreach (var (key, value) in nameserver.Root.Where(e => e.Key is not ("security" or "log-file")))
        {
            Assert.True(value is HoconString or HoconNumber or HoconBoolean, $"{key} is {value.Type}");
            Assert.NotEmpty(nameserver.GetString(HoconPath.Render([key])));
        }
    }

    [Fact]
    public void Reference_conf_covers_every_java_setting_by_camel_case_name()
    {
        var keys = Load(Environment).GetConfig("nameserver").Root.Keys.Select(HoconKeys.KebabToCamel).ToHashSet(StringComparer.Ordinal);

        var missing = JavaKeys.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        Assert.Contains("frameMaxLength", keys);
        Assert.Contains("tlsServerMode", keys);
        Assert.Contains("brokerChannelExpiredTime", keys);
    }

    [Fact]
    public void Reference_conf_has_expected_defaults()
    {
        var config = Load(Environment);

        Assert.Equal(9876, config.GetInt("nameserver.listen-port"));
        Assert.Equal("127.0.0.1", config.GetString("nameserver.bind-address"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetDuration("nameserver.scan-not-active-broker-interval"));
        Assert.Equal(TimeSpan.FromSeconds(120), config.GetDuration("nameserver.broker-channel-expired-time"));
        Assert.Equal(16_777_216, config.GetBytes("nameserver.frame-max-length"));
        Assert.Equal(120, config.GetInt("nameserver.server-channel-max-idle-time-seconds"));
        Assert.Equal(3000, config.GetInt("nameserver.un-register-broker-queue-capacity"));
        Assert.Equal("/home/test/namesrv/kvConfig.json", config.GetString("nameserver.kv-config-path"));
        Assert.Equal("/home/test/namesrv/namesrv.properties", config.GetString("nameserver.config-store-path"));
        Assert.Equal("/opt/rocketmq", config.GetString("nameserver.rocketmq-home"));
        Assert.Equal("configBlackList;configStorePath;kvConfigPath", config.GetString("nameserver.config-black-list"));
        Assert.Equal("permissive", config.GetString("nameserver.tls-server-mode"));
        Assert.True(config.GetBoolean("nameserver.enable-all-topic-list"));
        Assert.True(config.GetBoolean("nameserver.return-order-topic-config-to-broker"));
        Assert.False(config.GetBoolean("nameserver.enable-controller-in-namesrv"));
        Assert.Equal(45, config.GetInt("nameserver.wait-seconds-for-service"));
    }

    [Fact]
    public void Reference_conf_leaves_rocketmq_home_unset_and_uses_working_directory_without_environment()
    {
        var config = Load(new Dictionary<string, string>());

        Assert.False(config.HasPath("nameserver.rocketmq-home"));
        Assert.Equal("./namesrv/kvConfig.json", config.GetString("nameserver.kv-config-path"));
    }

    [Fact]
    public void Reference_conf_binds_through_configuration_with_user_override()
    {
        var config = new ConfigurationBuilder()
            .AddHoconFile(ReferencePath())
            .AddHoconString("nameserver.listen-port = 10000")
            .Build();

        Assert.Equal("10000", config["nameserver:listenPort"]);
        Assert.Equal("10s", config["nameserver:scanNotActiveBrokerInterval"]);
        Assert.Equal(16_777_216, config.GetBytes("nameserver:frameMaxLength"));
        Assert.Equal(TimeSpan.FromSeconds(120), config.GetDuration("nameserver:brokerChannelExpiredTime"));
    }

    [Fact]
    public void Reference_conf_has_the_akka_section_with_remoting_inert_and_keys_as_written_in_configuration()
    {
        var akka = Load(Environment).GetConfig("akka");
        var config = new ConfigurationBuilder().AddHoconFile(ReferencePath()).Build();

        Assert.Equal("INFO", akka.GetString("loglevel"));
        Assert.Equal("WARNING", akka.GetString("stdout-loglevel"));
        Assert.Equal(10, akka.GetInt("log-dead-letters"));
        Assert.Equal("local", akka.GetString("actor.provider"));
        Assert.Equal("127.0.0.1", akka.GetString("remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, akka.GetInt("remote.dot-netty.tcp.port"));
        Assert.Equal("30", config["akka:actor:default-dispatcher:throughput"]);
        Assert.Equal("5 minutes", config["akka:log-dead-letters-suspend-duration"]);
        Assert.Equal("0", config["akka:remote:dot-netty:tcp:port"]);
    }
}
