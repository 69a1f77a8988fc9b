using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon;
using NameServer.Actors.Hocon.Configuration;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;
using NameServer.Actors.Server.Settings;

namespace NameServer.Actors.Host;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLine(string? ConfigFile, bool PrintConfig, bool Help, IReadOnlyList<string> Overrides);

/// <summary>A configuration problem worth a one-line message and a non-zero exit.</summary>
internal sealed class ConfigurationProblem(string message) : Exception(message);

/// <summary>
/// Builds the running configuration in layers, later wins: <c>reference.conf</c> (every default) → the <c>-c</c> file
/// (HOCON, or a Java NameServer <c>.properties</c> file, so existing deployments migrate unchanged) → the
/// <c>configStorePath</c> file where remote updates were saved → environment variables (<c>NAMESERVER__LISTENPORT</c>,
/// <c>AKKA__LOGLEVEL</c>) → command-line overrides (<c>--listenPort=10000</c> or <c>--nameserver:listenPort=10000</c>;
/// Akka's keys by their HOCON path, <c>--akka.loglevel=DEBUG</c>).
/// </summary>
internal static class NameServerConfiguration
{
    public const string Section = "nameserver";

    public static CommandLine ParseArgs(IReadOnlyList<string> args)
    {
        string? file = null;
        bool print = false, help = false;
        var overrides = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-c" or "--configFile":
                    file = i + 1 < args.Count ? args[++i] : throw new ConfigurationProblem($"{arg} needs a file name");
                    break;
                case "-p" or "--printConfigItem":
                    print = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                case "-n" or "--namesrvAddr":
                    // Java accepts it and ignores it on a NameServer; so do we.
                    i++;
                    break;
                default:
                    if (!arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ConfigurationProblem($"unknown argument '{arg}' (try -h)");
                    }
                    var option = arg[2..];
                    if (!option.Contains('=', StringComparison.Ordinal))
                    {
                        option += "=" + (i + 1 < args.Count ? args[++i] : throw new ConfigurationProblem($"{arg} needs a value"));
                    }
                    overrides.Add(option.StartsWith(AkkaConfiguration.Section + ".", StringComparison.Ordinal)
                        ? "--" + AkkaKey(option)
                        : option.Contains(':', StringComparison.Ordinal) && option.IndexOf(':') < option.IndexOf('=')
                        ? "--" + option
                        : $"--{Section}:{option}");
                    break;
            }
        }
        return new CommandLine(file, print, help, overrides);
    }

    /// <summary>
    /// <c>akka.actor.default-dispatcher.throughput=5</c> → <c>akka:actor:default-dispatcher:throughput=5</c>: an Akka key
    /// written as a HOCON path (quoted segments keep their dots: <c>akka.actor.serialization-bindings."A.B, C"=json</c>).
    /// </summary>
    private static string AkkaKey(string option)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        try
        {
            return string.Join(ConfigurationPath.KeyDelimiter, HoconPath.Parse(option[..equals])) + option[equals..];
        }
        catch (FormatException e)
        {
            throw new ConfigurationProblem($"--{option[..equals]}: {e.Message}");
        }
    }

    /// <summary>
    /// What <c>-p</c> prints: every <c>nameserver</c> setting by its Java name, sorted, then every value of the
    /// <c>akka</c> section as <c>akka.x.y=value</c>, sorted, spelled as Akka receives them.
    /// </summary>
    public static IEnumerable<string> PrintedItems(NameServerSettings settings, IConfiguration configuration)
    {
        IReadOnlyList<KeyValuePair<string, string>> akka;
        try
        {
            akka = AkkaConfiguration.ToProperties(configuration);
        }
        catch (FormatException e)
        {
            throw new ConfigurationProblem(e.Message);
        }

        return settings.ToProperties().OrderBy(p => p.Key, StringComparer.Ordinal).Concat(akka).Select(p => $"{p.Key}={p.Value}");
    }

    public static IConfigurationRoot Build(CommandLine command, string referenceConf, out IReadOnlyDictionary<string, string> extraKeys)
    {
        var builder = new ConfigurationBuilder().AddHoconFile(referenceConf);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (command.ConfigFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new ConfigurationProblem($"configuration file '{file}' does not exist");
            }
            if (IsProperties(file))
            {
                var properties = LoadProperties(file);
                foreach (var (key, value) in properties)
                {
                    extra[key] = value;
                }
                // As in Java, updates are written back to the -c properties file unless it names another store.
                properties.TryAdd("configStorePath", Path.GetFullPath(file));
                builder.AddInMemoryCollection(properties.Select(p => new KeyValuePair<string, string?>($"{Section}:{p.Key}", p.Value)));
            }
            else
            {
                builder.AddHoconFile(Path.GetFullPath(file));
            }
        }
        var layered = builder.Build();
        var store = layered[$"{Section}:configStorePath"];
        if (store is not null && File.Exists(store) && (command.ConfigFile is null || Path.GetFullPath(command.ConfigFile) != Path.GetFullPath(store)))
        {
            builder.AddInMemoryCollection(LoadProperties(store).Select(p => new KeyValuePair<string, string?>($"{Section}:{p.Key}", p.Value)));
        }
        builder.AddEnvironmentVariables().AddCommandLine([.. command.Overrides]);
        extraKeys = extra;
        return builder.Build();
    }

    public static (NamesrvOptions Namesrv, ServerOptions Server) Bind(IConfiguration configuration) =>
        BindAll(configuration) is var all ? (all.Namesrv, all.Server) : default;

    public static NameServerSettings BindAll(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var namesrv = new NamesrvOptions();
        var server = new ServerOptions();
        var tls = new TlsOptions();
        var http = new HttpApiOptions();
        var otlp = new OtlpOptions();
        SecurityOptions security;
        try
        {
            section.Bind(namesrv);
            section.Bind(server);
            section.Bind(tls);
            section.Bind(http);
            section.Bind(otlp);
            security = SecurityOptions.Bind(section.GetSection("security"));
            _ = new AdminAuthorizer(security);
            tls.Validate();
            _ = otlp.Protocol;
            _ = otlp.Endpoint;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ConfigurationProblem(e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }
        tls.FirstByteTimeout = TimeSpan.FromSeconds(Math.Max(1, server.ServerChannelMaxIdleTimeSeconds));
        if (server.ListenPort is < 0 or > 65535)
        {
            throw new ConfigurationProblem($"listenPort {server.ListenPort} is not a TCP port");
        }
        if (!System.Net.IPAddress.TryParse(server.BindAddress, out _))
        {
            throw new ConfigurationProblem($"bindAddress '{server.BindAddress}' is not an IP address");
        }
        if (server.SocketIoThreads is < -1 or > 1024)
        {
            throw new ConfigurationProblem($"socketIoThreads {server.SocketIoThreads} must be -1 (the .NET defaults), 0 (automatic) or a thread count up to 1024");
        }
        if (namesrv.ScanNotActiveBrokerInterval.Value <= TimeSpan.Zero)
        {
            throw new ConfigurationProblem("scanNotActiveBrokerInterval must be positive");
        }
        // Unset, the HTTP port follows the listen port, so two NameServers on different listen ports never share one.
        var httpPortFollows = section["httpPort"] is null;
        if (httpPortFollows)
        {
            http.HttpPort = HttpApiOptions.PortAfter(server.ListenPort);
        }
        if (http.HttpPort is < 0 or > 65535)
        {
            throw new ConfigurationProblem(httpPortFollows
                ? $"httpPort follows listenPort unless set, and listenPort {server.ListenPort} + 1 is not a TCP port: set httpPort"
                : $"httpPort {http.HttpPort} is not a TCP port");
        }
        if (!System.Net.IPAddress.TryParse(http.HttpBindAddress, out _))
        {
            throw new ConfigurationProblem($"httpBindAddress '{http.HttpBindAddress}' is not an IP address");
        }
        if (http.PeerCheckInterval.Value <= TimeSpan.Zero)
        {
            throw new ConfigurationProblem("peerCheckInterval must be positive");
        }
        Check(() => http.Peers, "peerNamesrvAddrs");
        Check(() => http.NsAddrs, "nsAddrList");
        return new NameServerSettings(namesrv, server, security, tls, http, otlp);
    }

    private static void Check(Func<IReadOnlyList<string>> parse, string key)
    {
        try
        {
            parse();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationProblem($"{key}: {e.Message}");
        }
    }

    private static bool IsProperties(string file) =>
        file.EndsWith(".properties", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> LoadProperties(string file)
    {
        try
        {
            return JavaProperties.Load(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Protocol.ProtocolException)
        {
            throw new ConfigurationProblem($"cannot read properties file '{file}': {e.Message}");
        }
    }
}

/// <summary>Every options class of <c>namesrv</c>, bound from one configuration.</summary>
internal sealed record NameServerSettings(
    NamesrvOptions Namesrv, ServerOptions Server, SecurityOptions Security, TlsOptions Tls, HttpApiOptions Http, OtlpOptions Otlp)
{
    /// <summary>Every key in the Java form, for <c>-p</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties() =>
        Namesrv.ToProperties().Concat(Server.ToProperties()).Concat(Http.ToProperties()).Concat(
        [
            new("metricsOtlpEndpoint", Otlp.MetricsOtlpEndpoint),
            new("metricsOtlpProtocol", Otlp.MetricsOtlpProtocol),
            new("metricsOtlpInterval", ((long)Otlp.MetricsOtlpInterval.Value.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
}
