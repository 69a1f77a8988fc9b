using System.Reflection;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests;

/// <summary><see cref="NameServerSettings.Create"/>: every setting from the resolved configuration over the embedded reference.conf, checked once.</summary>
public sealed class NameServerSettingsTests
{
    private static NameServerSettings Create(params (string Key, string Value)[] values) =>
        NameServerSettings.Create(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    /// <summary>Every component record, with its instance in <see cref="NameServerSettings.Default"/> and its section of reference.conf.</summary>
    public static TheoryData<string> Components() => ["Namesrv", "Server", "Http", "Security", "Tls", "Otlp"];

    private static (object Settings, IConfigurationSection Section) Component(string name)
    {
        var reference = NameServerReference.Build().GetSection(NameServerSettings.Section);
        var settings = typeof(NameServerSettings).GetProperty(name)!.GetValue(NameServerSettings.Default)!;
        return (settings, name == "Security" ? reference.GetSection(SecuritySettings.Section) : reference);
    }

    // ServerSocketSndBufSize → server-socket-snd-buf-size, as reference.conf writes it.
    private static string Kebab(string property) => Regex.Replace(property, "(?<!^)([A-Z])", "-$1").ToLowerInvariant();

    [Theory]
    [MemberData(nameof(Components))]
    public void Default_takes_every_property_from_reference_conf_where_its_key_is_written(string component)
    {
        var (settings, section) = Component(component);
        var nullability = new NullabilityInfoContext();

        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var kebab = Kebab(property.Name);
            // The key is written in reference.conf: set, or shown commented out when it is optional (unset by default).
            Assert.True(
                Regex.IsMatch(NameServerReference.Text, $@"^\s*(#\s*)?{Regex.Escape(kebab)}\s*(=|\{{)", RegexOptions.Multiline),
                $"{component}.{property.Name}: no {kebab} in reference.conf");
            var camel = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var optional = nullability.Create(property).ReadState == NullabilityState.Nullable;
            if (!optional && property.PropertyType != typeof(IReadOnlyDictionary<string, string>) && property.PropertyType.Name != "IReadOnlyList`1")
            {
                Assert.True(section[camel] is not null, $"{component}.{property.Name}: {kebab} has no value in reference.conf");
            }
            else if (optional)
            {
                // Optional: unset in reference.conf (commented out), or set from the environment (rocketmq-home).
                Assert.True(section[camel] is null || camel == "rocketmqHome", $"{component}.{property.Name}: optional but set");
            }
        }
    }

    [Fact]
    public void Create_gives_the_default_settings_when_the_configuration_is_empty()
    {
        var settings = Create();

        Assert.Equal(NameServerSettings.Default.ToProperties(), settings.ToProperties());
        Assert.Equivalent(NameServerSettings.Default.Security, settings.Security);
        Assert.Equal(NameServerSettings.Default.Tls, settings.Tls);
        Assert.Equal(NameServerSettings.Default.Server, settings.Server);
        Assert.Empty(settings.ExtraKeys);
        Assert.Equal(9876, settings.Server.ListenPort);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Server.RequestTimeout);
        Assert.Equal(16L * 1024 * 1024, settings.Server.FrameMaxLength);
        Assert.Equal(9877, settings.HttpPort);
        Assert.Null(settings.Otlp.MetricsOtlpEndpoint);
        Assert.Equal(OtlpProtocol.Grpc, settings.Otlp.MetricsOtlpProtocol);
    }

    [Fact]
    public void Create_takes_every_other_default_from_reference_conf_when_one_key_is_set()
    {
        var settings = Create(("nameserver:listenPort", "10000"));

        Assert.Equal(10000, settings.Server.ListenPort);
        Assert.Equal(10001, settings.HttpPort);
        Assert.Equal(NameServerSettings.Default.Namesrv, settings.Namesrv);
        Assert.Equal(NameServerSettings.Default.Server with { ListenPort = 10000 }, settings.Server);
    }

    [Theory]
    [InlineData("10000", null, 10001)]
    [InlineData("0", null, 0)]
    [InlineData("9876", "18080", 18080)]
    [InlineData("9876", "0", 0)]
    [InlineData("65535", "8080", 8080)]
    public void Create_puts_the_http_port_after_the_listen_port_unless_it_is_set(string listenPort, string? httpPort, int expected)
    {
        var values = new List<(string, string)> { ("nameserver:listenPort", listenPort) };
        if (httpPort is not null)
        {
            values.Add(("nameserver:httpPort", httpPort));
        }

        var settings = Create([.. values]);

        Assert.Equal(expected, settings.HttpPort);
        Assert.Equal(httpPort is null ? null : int.Parse(httpPort, System.Globalization.CultureInfo.InvariantCulture), settings.Http.HttpPort);
        Assert.Contains(new KeyValuePair<string, string>("httpPort", expected.ToString(System.Globalization.CultureInfo.InvariantCulture)), settings.ToProperties());
    }

    [Theory]
    [InlineData(null, RemotingTransport.Sockets)]
    [InlineData("kestrel", RemotingTransport.Kestrel)]
    [InlineData(" Sockets ", RemotingTransport.Sockets)]
    public void Create_reads_the_remoting_transport_when_given_or_defaulted(string? value, RemotingTransport expected)
    {
        var settings = value is null ? Create() : Create(("nameserver:remotingTransport", value));

        Assert.Equal(expected, settings.Server.RemotingTransport);
        Assert.Contains(new KeyValuePair<string, string>("remotingTransport", expected.ToString().ToLowerInvariant()), settings.ToProperties());
    }

    [Theory]
    [InlineData("nameserver:listenPort", "abc", "listenPort", "listenPort 'abc' is not a 32-bit integer")]
    [InlineData("nameserver:listenPort", "70000", "listenPort", "listenPort 70000 is not a TCP port")]
    [InlineData("nameserver:listenPort", "65535", "httpPort", "httpPort follows listenPort unless set, and listenPort 65535 + 1 is not a TCP port: set httpPort")]
    [InlineData("nameserver:bindAddress", "nowhere", "bindAddress", "bindAddress 'nowhere' is not an IP address")]
    [InlineData("nameserver:socketIoThreads", "-2", "socketIoThreads", "socketIoThreads -2 must be -1 (the .NET defaults), 0 (automatic) or a thread count up to 1024")]
    [InlineData("nameserver:remotingTransport", "netty", "remotingTransport", "remotingTransport 'netty' is not sockets or kestrel")]
    [InlineData("nameserver:routeBodyCacheBytes", "-1", "routeBodyCacheBytes", "routeBodyCacheBytes -1 must be 0 (keep no body) or more")]
    [InlineData("nameserver:routeBodyCacheBytes", "lots", "routeBodyCacheBytes", "routeBodyCacheBytes 'lots' is not a size (16MiB, 64KiB or bytes)")]
    [InlineData("nameserver:requestTimeout", "0", "requestTimeout", "requestTimeout must be positive")]
    [InlineData("nameserver:frameMaxLength", "huge", "frameMaxLength", "frameMaxLength 'huge' is not a size (16MiB, 64KiB or bytes)")]
    [InlineData("nameserver:maxConnections", "-1", "maxConnections", "maxConnections -1 must be from 0 to 2147483647")]
    [InlineData("nameserver:healthPort", "99999", "healthPort", "healthPort 99999 is not a TCP port")]
    [InlineData("nameserver:scanNotActiveBrokerInterval", "0", "scanNotActiveBrokerInterval", "scanNotActiveBrokerInterval must be positive")]
    [InlineData("nameserver:orderMessageEnable", "yes", "orderMessageEnable", "orderMessageEnable 'yes' is not true or false")]
    [InlineData("nameserver:httpPort", "65536", "httpPort", "httpPort 65536 is not a TCP port")]
    [InlineData("nameserver:httpBindAddress", "localhost.example", "httpBindAddress", "httpBindAddress 'localhost.example' is not an IP address")]
    [InlineData("nameserver:peerNamesrvAddrs", "nohostport", "peerNamesrvAddrs", "peerNamesrvAddrs 'nohostport': ")]
    [InlineData("nameserver:nsAddrList", "10.0.0.1:9876;10.0.0.2", "nsAddrList", "nsAddrList '10.0.0.1:9876;10.0.0.2': ")]
    [InlineData("nameserver:peerCheckInterval", "0", "peerCheckInterval", "peerCheckInterval must be positive")]
    [InlineData("nameserver:metricsOtlpEndpoint", "not a url", "metricsOtlpEndpoint", "metricsOtlpEndpoint 'not a url' is not an http(s) URL")]
    [InlineData("nameserver:metricsOtlpProtocol", "carrier-pigeon", "metricsOtlpProtocol", "metricsOtlpProtocol 'carrier-pigeon' must be grpc or http/protobuf")]
    [InlineData("nameserver:metricsOtlpInterval", "-1s", "metricsOtlpInterval", "metricsOtlpInterval must be positive")]
    [InlineData("nameserver:tlsServerMode", "strict", "tlsServerMode", "tlsServerMode 'strict' is not disabled, permissive or enforcing")]
    [InlineData("nameserver:tlsServerMode", "enforcing", "tlsServerMode", "tlsServerMode=enforcing needs tlsServerCertPath and tlsServerKeyPath")]
    [InlineData("nameserver:tlsHandshakeTimeout", "never", "tlsHandshakeTimeout", "tlsHandshakeTimeout 'never' is not a duration")]
    [InlineData("nameserver:security:protectRouteReads", "1", "security.protectRouteReads", "security.protectRouteReads '1' is not true or false")]
    [InlineData("nameserver:security:adminAllowList", "10.0.0.0/33", "security.adminAllowList", "security.adminAllowList '10.0.0.0/33': the prefix length must be 0 to 32")]
    [InlineData("akka:log-dead-letters:count", "3", "akka", "configuration key 'akka:log-dead-letters' has both a value")]
    public void Create_refuses_an_unusable_value_with_one_line_naming_its_key(string key, string value, string named, string message)
    {
        var error = Assert.Throws<SettingsException>(() => Create((key, value)));

        Assert.Equal(named, error.Key);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Create_reports_unread_keys_of_the_section_as_extra_keys_but_never_secrets()
    {
        var settings = Create(
            ("nameserver:clusterTestEnv", "x"),
            ("nameserver:tls.server.keyPassword", "secret"),
            ("nameserver:security:aclEnable", "false"),
            ("nameserver:tlsServerKeyPassword", "secret"),
            ("nameserver:listenPort", "1"));

        Assert.Equal(new Dictionary<string, string> { ["clusterTestEnv"] = "x" }, settings.ExtraKeys);
        Assert.Equal("x", settings.ToConfigState()["clusterTestEnv"]);
        Assert.Equal("secret", settings.Tls.TlsServerKeyPassword);
    }

    [Fact]
    public void ToConfigState_reports_the_http_port_that_follows_but_persists_it_only_when_it_is_set()
    {
        var following = Create(("nameserver:listenPort", "10000")).ToConfigState();
        var set = Create(("nameserver:listenPort", "10000"), ("nameserver:httpPort", "8080")).ToConfigState();

        Assert.Equal("10001", following["httpPort"]);
        Assert.DoesNotContain(following.Persisted, p => p.Key == "httpPort");
        Assert.Contains(following.Persisted, p => p.Key == "listenPort" && p.Value == "10000");
        Assert.Contains(set.Persisted, p => p.Key == "httpPort" && p.Value == "8080");
        Assert.DoesNotContain(set.Values, p => p.Key.StartsWith("tls", StringComparison.Ordinal) || p.Key.StartsWith("metricsOtlp", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_gives_akka_the_configured_section_with_the_nameserver_logger_first_and_no_clr_shutdown_hook()
    {
        var settings = Create(
            ("akka:loglevel", "DEBUG"),
            ("akka:loggers:0", "Akka.Event.DefaultLogger"),
            ("akka:coordinated-shutdown:run-by-clr-shutdown-hook", "on"),
            ("akka:actor:default-dispatcher:throughput", "5"));

        Assert.Equal("DEBUG", settings.Akka.GetString("akka.loglevel"));
        Assert.Equal(5, settings.Akka.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal([MicrosoftLogger.TypeName, "Akka.Event.DefaultLogger"], settings.Akka.GetStringList("akka.loggers"));
        Assert.False(settings.Akka.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.True(settings.Akka.HasPath(RoutingConfig.MailboxId("route-table")));
    }

    [Fact]
    public void Akka_scheduler_ticks_every_250ms_by_default_and_the_tick_can_be_set()
    {
        // reference.conf's akka.scheduler.tick-duration: an idle NameServer wakes 4 times a second, not Akka's 100.
        Assert.Equal(TimeSpan.FromMilliseconds(250), NameServerSettings.Default.Akka.GetTimeSpan("akka.scheduler.tick-duration"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), Create(("akka:scheduler:tick-duration", "100ms")).Akka.GetTimeSpan("akka.scheduler.tick-duration"));
    }

    [Fact]
    public void Configure_changes_nothing_when_applied_again()
    {
        var once = NameServerSettings.Default.Akka;

        var twice = NameServerActorSystem.Configure(once);

        Assert.Equal([MicrosoftLogger.TypeName], twice.GetStringList("akka.loggers"));
        Assert.Equal(once.GetString("akka.loglevel"), twice.GetString("akka.loglevel"));
        Assert.Equal("INFO", ConfigurationFactory.Empty.WithFallback(twice).GetString("akka.loglevel"));
    }
}
