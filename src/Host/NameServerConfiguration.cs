using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon;
using NameServer.Actors.Hocon.Configuration;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server;
using NameServer.Actors.Server.Settings;

namespace NameServer.Actors.Host;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLine(string? ConfigFile, bool PrintConfig, bool Help, IReadOnlyList<string> Overrides);

/// <summary>A configuration problem worth a one-line message and a non-zero exit.</summary>
internal sealed class ConfigurationProblem(string message) : Exception(message);

/// <summary>
/// Builds the running configuration in layers, later wins: <c>reference.conf</c> (every default, embedded in the
/// library: <see cref="NameServerReference"/>) → the <c>-c</c> file
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
                    // A key of a nested block may be given below the section (--logFile:enabled=true), as the section
                    // itself may be (--nameserver:listenPort=10000, --akka:loglevel=DEBUG).
                    overrides.Add(option.StartsWith(AkkaConfiguration.Section + ".", StringComparison.Ordinal)
                        ? "--" + AkkaKey(option)
                        : option.StartsWith(Section + ":", StringComparison.OrdinalIgnoreCase)
                            || option.StartsWith(AkkaConfiguration.Section + ":", StringComparison.OrdinalIgnoreCase)
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
        return AkkaPath(option[..equals], "--") + option[equals..];
    }

    /// <summary>A HOCON path (<c>akka.actor."A.B, C"</c>) as a configuration key (<c>akka:actor:A.B, C</c>).</summary>
    private static string AkkaPath(string path, string shownAs = "")
    {
        try
        {
            return string.Join(ConfigurationPath.KeyDelimiter, HoconPath.Parse(path));
        }
        catch (FormatException e)
        {
            throw new ConfigurationProblem($"{shownAs}{path}: {e.Message}");
        }
    }

    /// <summary>
    /// What <c>-p</c> prints: every <c>nameserver</c> setting by its Java name, sorted, then every value of the
    /// <c>akka</c> section as <c>akka.x.y=value</c>, sorted, spelled as Akka receives them.
    /// </summary>
    /// <remarks>The akka section is printed as configured; Akka also receives the NameServer's logger first in
    /// <c>akka.loggers</c> and no CLR shutdown hook (<see cref="NameServerActorSystem.Configure"/>).</remarks>
    public static IEnumerable<string> PrintedItems(NameServerSettings settings, IConfiguration configuration)
    {
        // Create has refused an akka section Akka could not read, so this does not throw.
        var akka = AkkaConfiguration.ToProperties(configuration);
        return settings.ToProperties().OrderBy(p => p.Key, StringComparer.Ordinal).Concat(akka).Select(p => $"{p.Key}={p.Value}");
    }

    /// <summary>
    /// The layered configuration of <paramref name="command"/>: the embedded reference.conf, the <c>-c</c> file, the
    /// <c>configStorePath</c> file, the environment, the command line. Reading settings from it is
    /// <see cref="NameServerSettings.Create"/>'s job (through <c>AddNameServer</c>).
    /// </summary>
    public static IConfigurationRoot Build(CommandLine command)
    {
        var builder = new ConfigurationBuilder().AddNameServerReference();
        if (command.ConfigFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new ConfigurationProblem($"configuration file '{file}' does not exist");
            }
            if (IsProperties(file))
            {
                var properties = LoadProperties(file);
                // As in Java, updates are written back to the -c properties file unless it names another store.
                properties.TryAdd("configStorePath", Path.GetFullPath(file));
                builder.AddInMemoryCollection(ConfigurationKeys(properties));
            }
            else
            {
                builder.AddNameServerHoconFile(Path.GetFullPath(file));
            }
        }
        // The store named by any layer (NAMESERVER__CONFIGSTOREPATH in the systemd unit and the container image, too) is
        // the one updates are written to, so it is the one read back, beneath the environment and the command line.
        var store = new ConfigurationBuilder().AddConfiguration(Load(builder)).AddEnvironmentVariables().AddCommandLine([.. command.Overrides])
            .Build()[$"{Section}:configStorePath"];
        if (store is not null && File.Exists(store) && (command.ConfigFile is null || Path.GetFullPath(command.ConfigFile) != Path.GetFullPath(store)))
        {
            builder.AddInMemoryCollection(ConfigurationKeys(LoadProperties(store)));
        }
        builder.AddEnvironmentVariables().AddCommandLine([.. command.Overrides]);
        return Load(builder);
    }

    // A HOCON file's syntax error reaches us wrapped by the file provider ("Failed to load configuration from file");
    // its own message, file:line:column first, is the one line worth printing.
    private static IConfigurationRoot Load(IConfigurationBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e) when (e.InnerException is HoconParseException parse)
        {
            throw new ConfigurationProblem(parse.Message);
        }
    }

    /// <summary>
    /// The configuration keys of a Java properties file: Java names go into the <c>nameserver</c> section
    /// (<c>listenPort</c> → <c>nameserver:listenPort</c>), Akka's keys into the <c>akka</c> section by their HOCON path
    /// (<c>akka.loglevel</c> → <c>akka:loglevel</c>), as on the command line.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string?>> ConfigurationKeys(IReadOnlyDictionary<string, string> properties) =>
        properties.Select(p => new KeyValuePair<string, string?>(
            p.Key.StartsWith(AkkaConfiguration.Section + ".", StringComparison.Ordinal) ? AkkaPath(p.Key) : $"{Section}:{p.Key}",
            p.Value));

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
