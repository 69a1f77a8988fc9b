using System.Text;
using Akka.Actor;
using Akka.Event;

namespace NameServer.Actors.Routing.Config;

/// <summary><c>GET_NAMESRV_CONFIG</c>. Answer: <see cref="NamesrvConfigText"/>.</summary>
public sealed record GetNamesrvConfig
{
    private GetNamesrvConfig()
    {
    }

    public static readonly GetNamesrvConfig Instance = new();
}

/// <summary>The running configuration as <c>key=value</c> lines.</summary>
public sealed record NamesrvConfigText(string Text);

/// <summary><c>UPDATE_NAMESRV_CONFIG</c> with the decoded properties. Answer: <see cref="ConfigUpdateResult"/>.</summary>
public sealed record UpdateNamesrvConfig(IReadOnlyList<KeyValuePair<string, string>> Properties);

/// <summary>Published on the event stream after an update changed at least one key.</summary>
public sealed record NamesrvConfigChanged(NamesrvSettings Settings, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Changed);

/// <summary>
/// The running configuration for readers on the request path: the typed <see cref="Settings"/> (e.g.
/// <see cref="NamesrvSettings.EnableAllTopicList"/>) and the Java-form <see cref="Values"/> of every key, replaced
/// together, lock-free, by the NamesrvConfig actor after each accepted update.
/// </summary>
public sealed class NamesrvConfigSnapshot
{
    private Published _current;

    /// <param name="settings">The settings in force until the first update.</param>
    /// <param name="values">Every key's value in the Java form; <paramref name="settings"/>' own keys by default.</param>
    public NamesrvConfigSnapshot(NamesrvSettings settings, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _current = new Published(settings, values ?? settings.ToProperties().ToDictionary(StringComparer.Ordinal));
    }

    /// <summary>The routing settings in force.</summary>
    public NamesrvSettings Settings => Volatile.Read(ref _current).Settings;

    /// <summary>Every running key (server and HTTP keys included) with its value in the Java form.</summary>
    public IReadOnlyDictionary<string, string> Values => Volatile.Read(ref _current).Values;

    internal void Publish(NamesrvSettings settings, IReadOnlyDictionary<string, string> values) =>
        Volatile.Write(ref _current, new Published(settings, values));

    // One object, so a reader never sees settings of one update with values of another.
    private sealed record Published(NamesrvSettings Settings, IReadOnlyDictionary<string, string> Values);
}

/// <summary>
/// Owns the running NameServer configuration (<c>docs/BEHAVIOUR.md</c>, "NameServer configuration"): renders it, applies updates
/// through the black list and the checks of <see cref="NamesrvSettings"/>, writes the result to
/// <c>configStorePath</c> and publishes it, typed, in its <see cref="NamesrvConfigSnapshot"/>. A null path keeps it in
/// memory. After a change it tells its RouteTable (when it has one) the new route switches, and announces
/// <see cref="NamesrvConfigChanged"/> on the event stream for observers.
/// </summary>
public sealed class NamesrvConfig : ReceiveActor
{
    private readonly NamesrvConfigState _state;
    private readonly string? _storePath;
    private readonly NamesrvConfigSnapshot _snapshot;
    private readonly IActorRef? _routeTable;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NamesrvConfig(NamesrvConfigState state, string? storePath, NamesrvConfigSnapshot snapshot, IActorRef? routeTable = null)
    {
        _state = state;
        _storePath = storePath;
        _snapshot = snapshot;
        _routeTable = routeTable;

        Receive<GetNamesrvConfig>(_ => Sender.Tell(new NamesrvConfigText(_state.Render()), Self));
        Receive<UpdateNamesrvConfig>(OnUpdate);
    }

    /// <param name="state">The running keys: every key of <see cref="NamesrvSettings"/> (<see cref="NamesrvConfigState.Of"/>), and others.</param>
    /// <param name="routeTable">The RouteTable whose switches follow the configuration; none by default.</param>
    public static Props Props(NamesrvConfigState state, string? storePath, NamesrvConfigSnapshot snapshot, IActorRef? routeTable = null) =>
        Akka.Actor.Props.Create(() => new NamesrvConfig(state, storePath, snapshot, routeTable));

    private void OnUpdate(UpdateNamesrvConfig update)
    {
        NamesrvSettings? settings = null;
        // The settings are read back from the values the update would leave, with every check of their Create.
        var result = _state.Update(update.Properties, values => settings = NamesrvSettings.Create(values));
        switch (result)
        {
            case ConfigUpdateResult.Forbidden forbidden:
                _log.Warning("Refused configuration update of black-listed key {Key}", forbidden.Key);
                break;
            case ConfigUpdateResult.Invalid invalid:
                _log.Warning("Refused configuration update: {Reason}", invalid.Reason);
                break;
            case ConfigUpdateResult.Applied { Changed.Count: > 0 } applied when settings is not null:
                var values = new Dictionary<string, string>(_state.Values, StringComparer.Ordinal);
                _snapshot.Publish(settings, values);
                Persist();
                _log.Info("Configuration updated: {Keys}", string.Join(", ", applied.Changed));
                _routeTable?.Tell(new UpdateRouteTableOptions(settings.ToRouteTableOptions()), Self);
                Context.System.EventStream.Publish(new NamesrvConfigChanged(settings, values, applied.Changed));
                break;
        }
        Sender.Tell(result, Self);
    }

    private void Persist()
    {
        if (_storePath is null)
        {
            return;
        }
        try
        {
            AtomicFile.Write(_storePath, Encoding.UTF8.GetBytes(_state.RenderPersisted()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Could not write configuration to {Path}; the change is in force but not persisted", _storePath);
        }
    }
}
