using System.Globalization;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.Config;

/// <summary>
/// The NameServer's routing settings, the keys of Java's <c>NamesrvConfig</c> (<c>common</c> module), read
/// from the <c>nameserver</c> section by <see cref="Create(IConfiguration)"/>. Immutable; every default is in
/// <c>reference.conf</c> (<see cref="Default"/>), none here. Keys marked "compatibility" are accepted and reported but
/// change nothing here. The running NameServer republishes these settings after every accepted
/// <c>UPDATE_NAMESRV_CONFIG</c> (<see cref="NamesrvConfigSnapshot"/>), so the request path reads typed values.
/// </summary>
public sealed record NamesrvSettings
{
    /// <summary>
    /// <c>rocketmqHome</c>: the configured RocketMQ home (reference.conf takes <c>ROCKETMQ_HOME</c>), or null when
    /// none is; <c>GET_NAMESRV_CONFIG</c> then reports <see cref="EffectiveRocketmqHome"/>. Nothing here needs it.
    /// </summary>
    public required string? RocketmqHome { get; init; }

    /// <summary><c>kvConfigPath</c>: the KV store file.</summary>
    public required string KvConfigPath { get; init; }

    /// <summary><c>configStorePath</c>: where configuration updates are written.</summary>
    public required string ConfigStorePath { get; init; }

    /// <summary><c>productEnvName</c>, compatibility (<c>clusterTest</c> environment name).</summary>
    public required string ProductEnvName { get; init; }

    /// <summary><c>clusterTest</c>, compatibility: the Java cluster-test route fallback is not implemented.</summary>
    public required bool ClusterTest { get; init; }

    /// <summary><c>orderMessageEnable</c>: add <c>orderTopicConf</c> from the KV store to routes.</summary>
    public required bool OrderMessageEnable { get; init; }

    /// <summary><c>configBlackList</c>: keys <c>UPDATE_NAMESRV_CONFIG</c> may never change, <c>;</c>-separated (a fixed set is always added).</summary>
    public required string ConfigBlackList { get; init; }

    /// <summary><c>returnOrderTopicConfigToBroker</c>: send the <c>ORDER_TOPIC_CONFIG</c> KV table in registration answers.</summary>
    public required bool ReturnOrderTopicConfigToBroker { get; init; }

    /// <summary><c>clientRequestThreadPoolNums</c>, compatibility (Java route thread pool).</summary>
    public required int ClientRequestThreadPoolNums { get; init; }

    /// <summary><c>defaultThreadPoolNums</c>, compatibility (Java default thread pool).</summary>
    public required int DefaultThreadPoolNums { get; init; }

    /// <summary><c>clientRequestThreadPoolQueueCapacity</c>, compatibility (Java route queue).</summary>
    public required int ClientRequestThreadPoolQueueCapacity { get; init; }

    /// <summary><c>defaultThreadPoolQueueCapacity</c>, compatibility (Java default queue).</summary>
    public required int DefaultThreadPoolQueueCapacity { get; init; }

    /// <summary><c>scanNotActiveBrokerInterval</c>: period of the expiry scan, positive.</summary>
    public required TimeSpan ScanNotActiveBrokerInterval { get; init; }

    /// <summary><c>brokerChannelExpiredTime</c>: heartbeat timeout of brokers that send none of their own, positive.</summary>
    public required TimeSpan BrokerChannelExpiredTime { get; init; }

    /// <summary><c>unRegisterBrokerQueueCapacity</c>, compatibility (5.x batch-unregister queue).</summary>
    public required int UnRegisterBrokerQueueCapacity { get; init; }

    /// <summary><c>supportActingMaster</c>: rewrite the smallest slave of a master-less acting-master group as id 0 in routes.</summary>
    public required bool SupportActingMaster { get; init; }

    /// <summary><c>enableAllTopicList</c>: answer <c>GET_ALL_TOPIC_LIST_FROM_NAMESERVER</c>.</summary>
    public required bool EnableAllTopicList { get; init; }

    /// <summary><c>enableTopicList</c>: answer the by-cluster and unit topic lists.</summary>
    public required bool EnableTopicList { get; init; }

    /// <summary><c>notifyMinBrokerIdChanged</c>: send <c>NOTIFY_MIN_BROKER_ID_CHANGE</c> to brokers.</summary>
    public required bool NotifyMinBrokerIdChanged { get; init; }

    /// <summary><c>enableControllerInNamesrv</c>, compatibility: the embedded controller is out of scope.</summary>
    public required bool EnableControllerInNamesrv { get; init; }

    /// <summary><c>needWaitForService</c>: answer route queries "not ready" for <see cref="WaitSecondsForService"/> after start.</summary>
    public required bool NeedWaitForService { get; init; }

    /// <summary><c>waitSecondsForService</c>: how long <see cref="NeedWaitForService"/> holds route queries back, 0 or more.</summary>
    public required int WaitSecondsForService { get; init; }

    /// <summary><c>deleteTopicWithBrokerRegistration</c>: a master registration removes the topics it no longer reports.</summary>
    public required bool DeleteTopicWithBrokerRegistration { get; init; }

    /// <summary>The settings of <c>reference.conf</c> alone.</summary>
    public static NamesrvSettings Default { get; } = Create(NameServerReference.Build().GetSection(Section));

    /// <summary>The configuration section these settings are read from.</summary>
    public const string Section = "nameserver";

    /// <summary>What <c>GET_NAMESRV_CONFIG</c> reports as <c>rocketmqHome</c>: the configured one, else the folder of the program.</summary>
    public string EffectiveRocketmqHome => RocketmqHome ?? DefaultRocketmqHome(_ => null, AppContext.BaseDirectory);

    /// <summary>Reads and checks every key of the <c>nameserver</c> section (layered over reference.conf, see <see cref="NameServerReference.Under"/>).</summary>
    /// <exception cref="SettingsException">A key is missing or its value unusable; the message names it.</exception>
    public static NamesrvSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section);
        return new NamesrvSettings
        {
            RocketmqHome = read.OptionalText("rocketmqHome"),
            KvConfigPath = read.Text("kvConfigPath"),
            ConfigStorePath = read.Text("configStorePath"),
            ProductEnvName = read.Text("productEnvName"),
            ClusterTest = read.Boolean("clusterTest"),
            OrderMessageEnable = read.Boolean("orderMessageEnable"),
            ConfigBlackList = read.Text("configBlackList"),
            ReturnOrderTopicConfigToBroker = read.Boolean("returnOrderTopicConfigToBroker"),
            ClientRequestThreadPoolNums = read.Int("clientRequestThreadPoolNums"),
            DefaultThreadPoolNums = read.Int("defaultThreadPoolNums"),
            ClientRequestThreadPoolQueueCapacity = read.Int("clientRequestThreadPoolQueueCapacity"),
            DefaultThreadPoolQueueCapacity = read.Int("defaultThreadPoolQueueCapacity"),
            ScanNotActiveBrokerInterval = read.PositiveDuration("scanNotActiveBrokerInterval"),
            BrokerChannelExpiredTime = read.PositiveDuration("brokerChannelExpiredTime"),
            UnRegisterBrokerQueueCapacity = read.Int("unRegisterBrokerQueueCapacity"),
            SupportActingMaster = read.Boolean("supportActingMaster"),
            EnableAllTopicList = read.Boolean("enableAllTopicList"),
            EnableTopicList = read.Boolean("enableTopicList"),
            NotifyMinBrokerIdChanged = read.Boolean("notifyMinBrokerIdChanged"),
            EnableControllerInNamesrv = read.Boolean("enableControllerInNamesrv"),
            NeedWaitForService = read.Boolean("needWaitForService"),
            WaitSecondsForService = read.Int("waitSecondsForService", 0, int.MaxValue),
            DeleteTopicWithBrokerRegistration = read.Boolean("deleteTopicWithBrokerRegistration"),
        };
    }

    /// <summary>
    /// Reads the settings back from the running configuration's Java-form values (<see cref="ToProperties"/>, with
    /// updates applied), with the same checks as <see cref="Create(IConfiguration)"/>.
    /// </summary>
    /// <exception cref="SettingsException">A value is unusable; the message names its key.</exception>
    public static NamesrvSettings Create(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Create(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
    }

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

    /// <summary>The switches of the routing state.</summary>
    public RouteTableOptions ToRouteTableOptions() => new(
        SupportActingMaster, DeleteTopicWithBrokerRegistration, NotifyMinBrokerIdChanged,
        (long)BrokerChannelExpiredTime.TotalMilliseconds);

    /// <summary>Every key with its value in the Java form (durations in milliseconds), for <c>GET_NAMESRV_CONFIG</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties() =>
        Keys.Select(k => new KeyValuePair<string, string>(k.Key, k.Value.Get(this)));

    /// <summary>The keys whose reported value is derived rather than configured: <c>rocketmqHome</c> when none is configured.</summary>
    public IEnumerable<string> DerivedKeys() => RocketmqHome is null ? ["rocketmqHome"] : [];

    /// <summary>The key kinds, for checking updates before the settings are read back.</summary>
    public static IReadOnlyDictionary<string, ConfigValueKind> Schema { get; } =
        Keys.ToDictionary(e => e.Key, e => e.Value.Kind, StringComparer.Ordinal);

    private static Dictionary<string, (ConfigValueKind Kind, Func<NamesrvSettings, string> Get)> Keys => new(StringComparer.Ordinal)
    {
        ["rocketmqHome"] = (ConfigValueKind.String, o => o.EffectiveRocketmqHome),
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
        ["scanNotActiveBrokerInterval"] = (ConfigValueKind.Long, o => Text((long)o.ScanNotActiveBrokerInterval.TotalMilliseconds)),
        ["brokerChannelExpiredTime"] = (ConfigValueKind.Long, o => Text((long)o.BrokerChannelExpiredTime.TotalMilliseconds)),
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
}
