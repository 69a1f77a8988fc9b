using System.Globalization;
using System.Text;

namespace NameServer.Actors.Routing.Config;

/// <summary>
/// The kind of value a configuration key holds, used to refuse updates that would not parse. Values are in the Java
/// form (durations as plain numbers in the unit the key names, e.g. milliseconds for <c>scanNotActiveBrokerInterval</c>).
/// </summary>
public enum ConfigValueKind
{
    String,
    Boolean,
    Integer,
    Long,
}

/// <summary>Outcome of <see cref="NamesrvConfigState.Update"/>.</summary>
public abstract record ConfigUpdateResult
{
    /// <summary>Applied; <see cref="Changed"/> lists the keys whose value changed (ignored unknown keys are not in it).</summary>
    public sealed record Applied(IReadOnlyList<string> Changed, IReadOnlyList<string> Ignored) : ConfigUpdateResult;

    /// <summary>A black-listed key was present: nothing applied (answered <c>NO_PERMISSION</c>).</summary>
    public sealed record Forbidden(string Key) : ConfigUpdateResult
    {
        /// <summary>The remark the Java NameServer (4.9.8, 5.2.0+) answers with.</summary>
        public const string Remark = "Can not update config in black list.";
    }

    /// <summary>A value did not parse for its key's type, or the settings it would give are refused: nothing applied.</summary>
    public sealed record Invalid(string Key, string Value, string Reason) : ConfigUpdateResult;
}

/// <summary>
/// The running NameServer configuration as the Java NameServer exposes it (<c>DefaultRequestProcessor.getConfig</c>,
/// <c>updateConfig</c>, Java's <c>Configuration</c>; <c>docs/BEHAVIOUR.md</c>, "NameServer configuration"):
/// a flat map of Java-named keys to text values, rendered as sorted <c>key=value</c> lines, updated through a black list
/// and a check of the whole result. Plain data: the actor around it persists and publishes.
/// </summary>
public sealed class NamesrvConfigState
{
    /// <summary>Keys that can never be changed remotely, whatever <c>configBlackList</c> says.</summary>
    public static readonly IReadOnlySet<string> AlwaysForbidden =
        new HashSet<string>(StringComparer.Ordinal) { "configBlackList", "configStorePath", "kvConfigPath", "rocketmqHome" };

    public const string ConfigBlackListKey = "configBlackList";

    private readonly SortedDictionary<string, string> _values;
    private readonly IReadOnlyDictionary<string, ConfigValueKind> _schema;
    private readonly HashSet<string> _derived;

    /// <param name="values">Every running key with its current text value.</param>
    /// <param name="schema">Known keys and their kinds; keys outside it are ignored on update, as Java does.</param>
    /// <param name="derived">
    /// Keys whose value is derived from others rather than configured (<c>httpPort</c> following <c>listenPort</c>,
    /// <c>rocketmqHome</c> from the program's folder): reported, but not persisted until an update sets them, so a
    /// saved configuration never pins a value that was only derived.
    /// </param>
    public NamesrvConfigState(
        IEnumerable<KeyValuePair<string, string>> values,
        IReadOnlyDictionary<string, ConfigValueKind> schema,
        IEnumerable<string>? derived = null)
    {
        _values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            _values[key] = value;
        }
        _schema = schema;
        _derived = new HashSet<string>(derived ?? [], StringComparer.Ordinal);
    }

    /// <summary>The keys of <paramref name="settings"/> alone, with their kinds, <c>rocketmqHome</c> derived unless configured.</summary>
    public static NamesrvConfigState Of(NamesrvSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new NamesrvConfigState(settings.ToProperties(), NamesrvSettings.Schema, settings.DerivedKeys());
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string key] => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>What is written to <c>configStorePath</c>: every value except the derived ones no update has set.</summary>
    public IEnumerable<KeyValuePair<string, string>> Persisted => _values.Where(v => !_derived.Contains(v.Key));

    /// <summary>The black list in force: the fixed keys plus the <c>;</c>-separated entries of <c>configBlackList</c>.</summary>
    public IReadOnlySet<string> BlackList
    {
        get
        {
            var set = new HashSet<string>(AlwaysForbidden, StringComparer.Ordinal);
            if (_values.TryGetValue(ConfigBlackListKey, out var list))
            {
                foreach (var entry in list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    set.Add(entry);
                }
            }
            return set;
        }
    }

    /// <summary>The answer body of <c>GET_NAMESRV_CONFIG</c>: <c>key=value\n</c> lines sorted by key (the 5.x form), never empty.</summary>
    public string Render() => Render(_values);

    /// <summary>The text written to <c>configStorePath</c>: <see cref="Persisted"/> as sorted <c>key=value\n</c> lines.</summary>
    public string RenderPersisted() => Render(Persisted);

    private static string Render(IEnumerable<KeyValuePair<string, string>> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Applies an update atomically: a black-listed key or an unparsable value rejects the whole request.</summary>
    /// <param name="check">
    /// Checks every value the update would leave, before it is applied (the NamesrvConfig actor reads the routing
    /// settings back with <see cref="NamesrvSettings.Create(IReadOnlyDictionary{string, string})"/>); a
    /// <see cref="SettingsException"/> refuses the update, naming its key.
    /// </param>
    public ConfigUpdateResult Update(IReadOnlyList<KeyValuePair<string, string>> properties, Action<IReadOnlyDictionary<string, string>>? check = null)
    {
        var blackList = BlackList;
        foreach (var (key, _) in properties)
        {
            if (blackList.Contains(key))
            {
                return new ConfigUpdateResult.Forbidden(key);
            }
        }
        var accepted = new List<KeyValuePair<string, string>>();
        var ignored = new List<string>();
        foreach (var (key, raw) in properties)
        {
            if (!_schema.TryGetValue(key, out var kind))
            {
                ignored.Add(key);
                continue;
            }
            // Java trims string values when applying them to its config objects.
            var value = raw.Trim();
            if (Validate(kind, value) is { } reason)
            {
                return new ConfigUpdateResult.Invalid(key, raw, reason);
            }
            accepted.Add(new(key, value));
        }
        if (check is not null && accepted.Count > 0)
        {
            var candidate = new Dictionary<string, string>(_values, StringComparer.Ordinal);
            foreach (var (key, value) in accepted)
            {
                candidate[key] = value;
            }
            try
            {
                check(candidate);
            }
            catch (SettingsException e)
            {
                var value = properties.Where(p => p.Key == e.Key).Select(p => p.Value).FirstOrDefault() ?? candidate.GetValueOrDefault(e.Key, "");
                return new ConfigUpdateResult.Invalid(e.Key, value, e.Message);
            }
        }
        var changed = new List<string>();
        foreach (var (key, value) in accepted)
        {
            // Set by an update, the value is configured from now on, derived or not before.
            _derived.Remove(key);
            if (!_values.TryGetValue(key, out var old) || old != value)
            {
                _values[key] = value;
                changed.Add(key);
            }
        }
        return new ConfigUpdateResult.Applied(changed, ignored);
    }

    private static string? Validate(ConfigValueKind kind, string value) => kind switch
    {
        ConfigValueKind.Boolean when !bool.TryParse(value, out _) => "expected true or false",
        ConfigValueKind.Integer when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => "expected a 32-bit integer",
        ConfigValueKind.Long when !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => "expected a 64-bit integer",
        _ => null,
    };
}
