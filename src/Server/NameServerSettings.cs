using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;
using NameServer.Actors.Server.Settings;

namespace NameServer.Actors.Server;

/// <summary>
/// Everything a <see cref="NameServerService"/> runs with, one immutable object built and checked once by
/// <see cref="Create"/> from the resolved configuration: one settings record per component, read from the
/// <c>nameserver</c> section, and the Akka <see cref="Config"/> of its actor system, from the <c>akka</c> section. Every
/// default lives in <c>reference.conf</c> (embedded, <see cref="NameServerReference"/>); <see cref="Default"/> is it
/// alone, and tests change it with <c>with</c>.
/// </summary>
public sealed record NameServerSettings
{
    /// <summary>The <c>nameserver</c> section.</summary>
    public const string Section = NamesrvSettings.Section;

    /// <summary>Routing: the Java <c>NamesrvConfig</c> keys.</summary>
    public required NamesrvSettings Namesrv { get; init; }

    /// <summary>The remoting listener and its limits: the Java <c>NettyServerConfig</c> keys and ours.</summary>
    public required ServerSettings Server { get; init; }

    /// <summary>The HTTP listener of metrics, API and dashboard.</summary>
    public required HttpSettings Http { get; init; }

    /// <summary>Authenticated admin operations (<c>nameserver.security</c>).</summary>
    public required SecuritySettings Security { get; init; }

    /// <summary>TLS on the remoting port.</summary>
    public required TlsSettings Tls { get; init; }

    /// <summary>The OTLP push of metrics (run by <c>namesrv</c>).</summary>
    public required OtlpSettings Otlp { get; init; }

    /// <summary>The optional log file (<c>nameserver.log-file</c>, written by <c>namesrv</c>).</summary>
    public required LogFileSettings LogFile { get; init; }

    /// <summary>
    /// The actor system's configuration: the resolved <c>akka</c> section with the NameServer's own Akka settings
    /// (<see cref="NameServerActorSystem.Configure"/>), as the system is created with it.
    /// </summary>
    public required Config Akka { get; init; }

    /// <summary>
    /// Keys of the <c>nameserver</c> section that no settings record reads, e.g. Java keys of a properties file that
    /// this NameServer does not implement: reported by <c>GET_NAMESRV_CONFIG</c> and kept on updates, as Java does.
    /// Never a security key.
    /// </summary>
    public required IReadOnlyDictionary<string, string> ExtraKeys { get; init; }

    /// <summary>The settings of the embedded <c>reference.conf</c> alone.</summary>
    public static NameServerSettings Default { get; } = Create(new ConfigurationBuilder().Build());

    /// <summary>The HTTP listener's port: <see cref="HttpSettings.HttpPort"/>, else the one after the listen port.</summary>
    public int HttpPort => Http.PortFor(Server.ListenPort);

    /// <summary>
    /// <see cref="Create(IConfiguration)"/>, then passed through <paramref name="configure"/> when given: what
    /// <c>AddNameServer</c> and <c>AddNameServerListeners</c> run with when handed a configuration.
    /// </summary>
    /// <exception cref="SettingsException">A value is unusable; the one-line message names its key.</exception>
    public static NameServerSettings Create(IConfiguration configuration, Func<NameServerSettings, NameServerSettings>? configure)
    {
        var settings = Create(configuration);
        return configure is null ? settings : configure(settings);
    }

    /// <summary>
    /// Reads and checks every setting from <paramref name="configuration"/> layered over the embedded
    /// <c>reference.conf</c>, so a configuration that sets only <c>nameserver:listenPort</c> gets every other default.
    /// Keys of the <c>nameserver</c> section are the Java names (<c>nameserver:scanNotActiveBrokerInterval</c>,
    /// case-insensitive); those of the <c>akka</c> section keep their HOCON spelling.
    /// </summary>
    /// <exception cref="SettingsException">A value is unusable; the one-line message names its key.</exception>
    public static NameServerSettings Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var layered = NameServerReference.Under(configuration);
        var section = layered.GetSection(Section);
        Config akka;
        try
        {
            akka = NameServerActorSystem.Configure(AkkaConfiguration.Create(layered));
        }
        catch (Exception e) when (e is FormatException or ConfigurationException)
        {
            throw new SettingsException(AkkaConfiguration.Section, e.Message);
        }
        var server = ServerSettings.Create(section);
        var settings = new NameServerSettings
        {
            Namesrv = NamesrvSettings.Create(section),
            Server = server,
            Http = HttpSettings.Create(section),
            Security = SecuritySettings.Create(section.GetSection(SecuritySettings.Section)),
            Tls = TlsSettings.Create(section),
            Otlp = OtlpSettings.Create(section),
            LogFile = LogFileSettings.Create(section),
            Akka = akka,
            ExtraKeys = new Dictionary<string, string>(),
        };
        return settings with { ExtraKeys = settings.Unread(section) };
    }

    /// <summary>Every reported key in the Java form, for <c>namesrv -p</c>: routing, listener, HTTP, OTLP and log-file keys.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties() =>
        Namesrv.ToProperties().Concat(Server.ToProperties()).Concat(Http.ToProperties(Server.ListenPort)).Concat(Otlp.ToProperties())
            .Concat(LogFile.ToProperties());

    /// <summary>
    /// The running configuration of <c>GET_NAMESRV_CONFIG</c> and <c>UPDATE_NAMESRV_CONFIG</c>: the extra keys, then the
    /// routing, listener and HTTP keys (never security, TLS or OTLP keys). Listener and HTTP keys take effect at the
    /// next start, as in Java; an update only checks their type. Derived values (the HTTP port that follows the listen
    /// port, the RocketMQ home that is the program's folder) are reported but not persisted until an update sets them.
    /// </summary>
    public NamesrvConfigState ToConfigState()
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ExtraKeys)
        {
            values[key] = value;
        }
        var listener = Server.ToProperties().Concat(Http.ToProperties(Server.ListenPort)).ToList();
        foreach (var (key, value) in Namesrv.ToProperties().Concat(listener))
        {
            values[key] = value;
        }
        var schema = new Dictionary<string, ConfigValueKind>(NamesrvSettings.Schema, StringComparer.Ordinal);
        foreach (var (key, value) in listener)
        {
            schema[key] = bool.TryParse(value, out _) ? ConfigValueKind.Boolean : int.TryParse(value, out _) ? ConfigValueKind.Integer : ConfigValueKind.String;
        }
        IEnumerable<string> derived = Http.HttpPort is null ? ["httpPort"] : [];
        return new NamesrvConfigState(values, schema, Namesrv.DerivedKeys().Concat(derived));
    }

    // The values of the section's keys that no settings record reads (and that are no secret).
    private Dictionary<string, string> Unread(IConfigurationSection section)
    {
        var read = new HashSet<string>(
            ToProperties().Select(p => p.Key).Concat(ServerSettings.UnreportedKeys).Concat(TlsSettings.Keys).Append(SecuritySettings.Section),
            StringComparer.OrdinalIgnoreCase);
        var unread = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (child.Value is { } value && !read.Contains(child.Key) && !SecuritySettings.IsSecretKey(child.Key) && !child.GetChildren().Any())
            {
                unread[child.Key] = value;
            }
        }
        return unread;
    }
}
