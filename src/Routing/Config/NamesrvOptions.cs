using System.Globalization;
using NameServer.Actors.Hocon;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.Config;

/// <summary>
/// The NameServer's routing settings, named after the Java <c>NamesrvConfig</c> keys (<c>nameserver-behaviour.md</c>
/// §10.1). Bound from the <c>nameserver</c> section of the configuration (HOCON <c>scan-not-active-broker-interval</c> ≡
/// <c>scanNotActiveBrokerInterval</c>). Keys marked "compatibility" are accepted and reported but change nothing here.
/// </summary>
public sealed class NamesrvOptions
{
    private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>
    /// Default: <c>$ROCKETMQ_HOME</c>, else the folder of the running program (<see cref="DefaultRocketmqHome"/>).
    /// Reported by <c>GET_NAMESRV_CONFIG</c>, where tools and dashboards read it; nothing here needs it.
    /// </summary>
    public string? RocketmqHome { get; set; } = DefaultRocketmqHome(Environment.GetEnvironmentVariable, AppContext.BaseDirectory);

    /// <summary>The KV store file. Default <c>~/namesrv/kvConfig.json</c>.</summary>
    public string KvConfigPath { get; set; } = Path.Combine(Home, "namesrv", "kvConfig.json");

    /// <summary>Where configuration updates are written. Default <c>~/namesrv/namesrv.properties</c>.</summary>
    public string ConfigStorePath { get; set; } = Path.Combine(Home, "namesrv", "namesrv.properties");

    /// <summary>Compatibility (<c>clusterTest</c> environment name). Default <c>center</c>.</summary>
    public string ProductEnvName { get; set; } = "center";

    /// <summary>Compatibility: the Java cluster-test route fallback is not implemented. Default false.</summary>
    public bool ClusterTest { get; set; }

    /// <summary>Add <c>orderTopicConf</c> from the KV store to routes. Default false.</summary>
    public bool OrderMessageEnable { get; set; }

    /// <summary>Keys that <c>UPDATE_NAMESRV_CONFIG</c> may never change, <c>;</c>-separated (a fixed set is always added).</summary>
    public string ConfigBlackList { get; set; } = "configBlackList;configStorePath;kvConfigPath";

    /// <summary>Send the <c>ORDER_TOPIC_CONFIG</c> KV table in registration answers. Default true.</summary>
    public bool ReturnOrderTopicConfigToBroker { get; set; } = true;

    /// <summary>Compatibility (Java route thread pool). Default 8.</summary>
    public int ClientRequestThreadPoolNums { get; set; } = 8;

    /// <summary>Compatibility (Java default thread pool). Default 16.</summary>
    public int DefaultThreadPoolNums { get; set; } = 16;

    /// <summary>Compatibility (Java route queue). Default 50000.</summary>
    public int ClientRequestThreadPoolQueueCapacity { get; set; } = 50000;

    /// <summary>Compatibility (Java default queue). Default 10000.</summary>
    public int DefaultThreadPoolQueueCapacity { get; set; } = 10000;

    /// <summary>Period of the expiry scan. Default 10 s (4.9's period; 5.x uses 5 s).</summary>
    public HoconDuration ScanNotActiveBrokerInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Heartbeat timeout of brokers that do not send their own (<c>heartbeatTimeoutMillis</c>). Default 120 s.</summary>
    public HoconDuration BrokerChannelExpiredTime { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Compatibility (5.x batch-unregister queue). Default 3000.</summary>
    public int UnRegisterBrokerQueueCapacity { get; set; } = 3000;

    /// <summary>Rewrite the smallest slave of a master-less acting-master group as id 0 in routes. Default false.</summary>
    public bool SupportActingMaster { get; set; }

    /// <summary>Answer <c>GET_ALL_TOPIC_LIST_FROM_NAMESERVER</c>. Default true.</summary>
    public bool EnableAllTopicList { get; set; } = true;

    /// <summary>Answer the by-cluster and unit topic lists. Default true.</summary>
    public bool EnableTopicList { get; set; } = true;

    /// <summary>Send <c>NOTIFY_MIN_BROKER_ID_CHANGE</c> to brokers. Default false.</summary>
    public bool NotifyMinBrokerIdChanged { get; set; }

    /// <summary>Compatibility: the embedded controller is out of scope; must stay false.</summary>
    public bool EnableControllerInNamesrv { get; set; }

    /// <summary>Answer route queries with "not ready" for <see cref="WaitSecondsForService"/> after start. Default false.</summary>
    public bool NeedWaitForService { get; set; }

    /// <summary>How long <see cref="NeedWaitForService"/> holds route queries back. Default 45.</summary>
    public int WaitSecondsForService { get; set; } = 45;

    /// <summary>A master registration removes the topics it no longer reports. Default false.</summary>
    public bool DeleteTopicWithBrokerRegistration { get; set; }

    /// <summary>
    /// <c>ROCKETMQ_HOME</c> when set, else <paramref name="programFolder"/> without its trailing separator. The Java
    /// NameServer never runs without a home: <c>bin/mqnamesrv</c> exports its installation folder when
    /// <c>ROCKETMQ_HOME</c> is unset, and <c>NamesrvStartup</c> exits when neither gives one; the folder of our
    /// program plays the installation folder's part.
    /// </summary>
    public static string DefaultRocketmqHome(Func<string, string?> environment, string programFolder)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment("ROCKETMQ_HOME") is { Length: > 0 } home ? home : Path.TrimEndingDirectorySeparator(programFolder);
    }

    public RouteTableOptions ToRouteTableOptions() => new(
        SupportActingMaster, DeleteTopicWithBrokerRegistration, NotifyMinBrokerIdChanged,
        (long)BrokerChannelExpiredTime.Value.TotalMilliseconds);

    /// <summary>Reads the route switches back from a configuration update.</summary>
    public static RouteTableOptions RouteTableOptionsFrom(IReadOnlyDictionary<string, string> values) => new(
        Flag(values, "supportActingMaster"),
        Flag(values, "deleteTopicWithBrokerRegistration"),
        Flag(values, "notifyMinBrokerIdChanged"),
        values.TryGetValue("brokerChannelExpiredTime", out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var millis) && millis > 0
            ? millis
            : RouteTableState.DefaultHeartbeatTimeoutMillis);

    /// <summary>Every key with its current value in the Java form (durations in milliseconds), for <c>GET_NAMESRV_CONFIG</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        foreach (var (key, (_, get)) in Keys)
        {
            if (get(this) is { } value)
            {
                yield return new(key, value);
            }
        }
    }

    /// <summary>The key kinds, for validating updates.</summary>
    public static IReadOnlyDictionary<string, ConfigValueKind> Schema { get; } =
        Keys.ToDictionary(e => e.Key, e => e.Value.Kind, StringComparer.Ordinal);

    private static Dictionary<string, (ConfigValueKind Kind, Func<NamesrvOptions, string?> Get)> Keys => new(StringComparer.Ordinal)
    {
        ["rocketmqHome"] = (ConfigValueKind.String, o => o.RocketmqHome),
        ["kvConfigPath"] = (ConfigValueKind.String, o => o.KvConfigPath),
        ["configStorePath"] = (ConfigValueKind.String, o => o.ConfigStorePath),
        ["productEnvName"] = (ConfigValueKind.String, o => o.ProductEnvName),
        ["clusterTest"] = (ConfigValueKind.Boolean, o => Text(o.ClusterTest)),
        ["orderMessageEnable"] = (ConfigValueKind.Boolean, o => Text(o.OrderMessageEnable)),
        ["configBlackList"] = (ConfigValueKind.String, o => o.ConfigBlackList),
        ["returnOrderTopicConfigToBroker"] = (ConfigValueKind.Boolean, o => Text(o.ReturnOrderTopicConfigToBroker)),
        ["clientRequestThreadPoolNums"] = (ConfigValueKind.Integer, o => Text(o.ClientRequestThreadPoolNums)),
        ["defaultThreadPoolNums"] = (ConfigValueKind.Integer, o => Text(o.DefaultThreadPoolNums)),
        ["clientRequestThreadPoolQueueCapacity"] = (ConfigValueKind.Integer, o => Text(o.ClientRequestThreadPoolQueueCapacity)),
        ["defaultThreadPoolQueueCapacity"] = (ConfigValueKind.Integer, o => Text(o.DefaultThreadPoolQueueCapacity)),
        ["scanNotActiveBrokerInterval"] = (ConfigValueKind.Long, o => Text((long)o.ScanNotActiveBrokerInterval.Value.TotalMilliseconds)),
        ["brokerChannelExpiredTime"] = (ConfigValueKind.Long, o => Text((long)o.BrokerChannelExpiredTime.Value.TotalMilliseconds)),
        ["unRegisterBrokerQueueCapacity"] = (ConfigValueKind.Integer, o => Text(o.UnRegisterBrokerQueueCapacity)),
        ["supportActingMaster"] = (ConfigValueKind.Boolean, o => Text(o.SupportActingMaster)),
        ["enableAllTopicList"] = (ConfigValueKind.Boolean, o => Text(o.EnableAllTopicList)),
        ["enableTopicList"] = (ConfigValueKind.Boolean, o => Text(o.EnableTopicList)),
        ["notifyMinBrokerIdChanged"] = (ConfigValueKind.Boolean, o => Text(o.NotifyMinBrokerIdChanged)),
        ["enableControllerInNamesrv"] = (ConfigValueKind.Boolean, o => Text(o.EnableControllerInNamesrv)),
        ["needWaitForService"] = (ConfigValueKind.Boolean, o => Text(o.NeedWaitForService)),
        ["waitSecondsForService"] = (ConfigValueKind.Integer, o => Text(o.WaitSecondsForService)),
        ["deleteTopicWithBrokerRegistration"] = (ConfigValueKind.Boolean, o => Text(o.DeleteTopicWithBrokerRegistration)),
    };

    private static string Text(bool value) => value ? "true" : "false";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool Flag(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && bool.TryParse(text, out var value) && value;
}
