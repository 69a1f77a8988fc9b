using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using NameServer.Actors.Hocon;

namespace NameServer.Actors.Server.Settings;

/// <summary>
/// The bridge from the NameServer's resolved, layered configuration to Akka.NET: the <c>akka</c> section of an
/// <see cref="IConfiguration"/> becomes an Akka <see cref="Config"/> built only from resolved values.
/// </summary>
/// <remarks>
/// <para>
/// Akka's own HOCON reader is never given a file: includes throw in it, <c>${?VAR}</c> throws, a self-referential
/// substitution overflows the stack and malformed input is accepted silently. Our reader resolves every file first;
/// this class renders what came out as JSON text in which every scalar is a JSON string, so nothing Akka parses can be
/// an include or a substitution. Arrays come from child keys <c>0</c>..<c>n-1</c>, objects from the other child keys.
/// Null values (HOCON <c>null</c>, empty objects and arrays, which configuration keys cannot tell apart) are left out,
/// so Akka keeps its own default for them.
/// </para>
/// <para>
/// Key spelling: configuration keys are case-insensitive and environment variables arrive upper-case
/// (<c>AKKA__LOGLEVEL</c>), while Akka's keys are case-sensitive. Each key is spelled as the earliest configuration
/// provider that lists it spells it, so <c>reference.conf</c>'s spelling wins; a key only environment variables
/// list is lower-cased. Without an <see cref="IConfigurationRoot"/> the keys are spelled as
/// <see cref="IConfiguration.GetChildren"/> returns them.
/// </para>
/// </remarks>
public static class AkkaConfiguration
{
    /// <summary>The configuration section handed to Akka.</summary>
    public const string Section = "akka";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Akka's reader understands JSON escapes, but there is no need to escape what HOCON strings can hold as is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The <c>akka</c> section as Akka's <see cref="Config"/> (paths <c>akka.loglevel</c>, ...); empty without one.</summary>
    /// <exception cref="FormatException">A key has both a value and keys below it (e.g. from two layers).</exception>
    public static Config Create(IConfiguration configuration) => ConfigurationFactory.ParseString(ToJson(configuration));

    /// <summary>The JSON text <see cref="Create"/> parses: <c>{"akka": {...}}</c>, every scalar a JSON string.</summary>
    /// <exception cref="FormatException">A key has both a value and keys below it.</exception>
    public static string ToJson(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = Read(configuration);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (root is not null)
            {
                writer.WritePropertyName(root.Name);
                Write(writer, root);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Every value of the <c>akka</c> section as a HOCON path and its text (<c>akka.actor.provider</c>,
    /// <c>akka.loggers.0</c>, segments quoted when they need it), sorted by path, spelled as <see cref="Create"/>
    /// spells them; for <c>namesrv -p</c>.
    /// </summary>
    /// <exception cref="FormatException">A key has both a value and keys below it.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> ToProperties(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var lines = new List<(string[] Segments, string Value)>();
        if (Read(configuration) is { } root)
        {
            Collect(root, [root.Name], lines);
        }

        return lines
            .OrderBy(l => string.Join(ConfigurationPath.KeyDelimiter, l.Segments), ConfigurationKeyComparer.Instance)
            .ThenBy(l => string.Join(ConfigurationPath.KeyDelimiter, l.Segments), StringComparer.Ordinal)
            .Select(l => new KeyValuePair<string, string>(HoconPath.Render(l.Segments), l.Value))
            .ToList();
    }

    private sealed record Node(string Name, string? Value, IReadOnlyList<Node> Children, bool IsArray);

    private static Node? Read(IConfiguration configuration)
    {
        if (!configuration.GetSection(Section).Exists())
        {
            return null;
        }

        var providers = configuration is IConfigurationRoot root ? Flatten(root.Providers).ToList() : null;
        return Read(configuration, providers, Section, Section);
    }

    private static Node Read(IConfiguration configuration, List<IConfigurationProvider>? providers, string path, string name)
    {
        var children = Spell(configuration, providers, path)
            .Select(child => Read(configuration, providers, ConfigurationPath.Combine(path, child), child))
            .ToList();
        var value = configuration[path];
        if (children.Count > 0 && value is not null)
        {
            throw new FormatException($"configuration key '{path}' has both a value ('{value}') and keys below it; Akka needs one or the other");
        }

        return new Node(name, value, children, children.Count > 0 && IsArray(children));
    }

    /// <summary>The child keys of <paramref name="parentPath"/>, each spelled as the earliest provider listing it spells it.</summary>
    private static IEnumerable<string> Spell(IConfiguration configuration, List<IConfigurationProvider>? providers, string? parentPath)
    {
        if (providers is null)
        {
            var section = parentPath is null ? configuration : configuration.GetSection(parentPath);
            return section.GetChildren().Select(c => c.Key).Order(ConfigurationKeyComparer.Instance);
        }

        var spelled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            var fromEnvironment = provider is EnvironmentVariablesConfigurationProvider;
            foreach (var key in provider.GetChildKeys([], parentPath))
            {
                spelled.TryAdd(key, fromEnvironment ? key.ToLowerInvariant() : key);
            }
        }

        return spelled.Values.Order(ConfigurationKeyComparer.Instance);
    }

    /// <summary>The providers in precedence order, those of nested configurations (<c>AddConfiguration</c>) in place.</summary>
    private static IEnumerable<IConfigurationProvider> Flatten(IEnumerable<IConfigurationProvider> providers)
    {
        foreach (var provider in providers)
        {
            if (provider is ChainedConfigurationProvider { Configuration: IConfigurationRoot inner })
            {
                foreach (var nested in Flatten(inner.Providers))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return provider;
            }
        }
    }

    private static bool IsArray(List<Node> children)
    {
        var seen = new bool[children.Count];
        foreach (var child in children)
        {
            if (!IsIndex(child.Name, out var index) || index >= seen.Length || seen[index])
            {
                return false;
            }

            seen[index] = true;
        }

        return true;
    }

    /// <summary>A canonical array index: digits only, no leading zero (so <c>01</c> stays an object key).</summary>
    private static bool IsIndex(string key, out int index)
    {
        index = -1;
        return key.Length > 0 && key.All(char.IsAsciiDigit) && (key.Length == 1 || key[0] != '0')
            && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    private static void Write(Utf8JsonWriter writer, Node node)
    {
        if (node.Children.Count == 0)
        {
            if (node.Value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(node.Value);
            }

            return;
        }

        if (node.IsArray)
        {
            writer.WriteStartArray();
            foreach (var child in node.Children.OrderBy(c => int.Parse(c.Name, CultureInfo.InvariantCulture)))
            {
                Write(writer, child);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (var child in node.Children)
        {
            // Left out: Akka keeps its default for a null (unset, empty object or empty array) value.
            if (child.Children.Count > 0 || child.Value is not null)
            {
                writer.WritePropertyName(child.Name);
                Write(writer, child);
            }
        }

        writer.WriteEndObject();
    }

    private static void Collect(Node node, List<string> segments, List<(string[] Segments, string Value)> lines)
    {
        if (node.Children.Count == 0)
        {
            if (node.Value is not null)
            {
                lines.Add(([.. segments], node.Value));
            }

            return;
        }

        foreach (var child in node.Children)
        {
            segments.Add(child.Name);
            Collect(child, segments, lines);
            segments.RemoveAt(segments.Count - 1);
        }
    }
}
