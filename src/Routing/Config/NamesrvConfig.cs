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
public sealed record NamesrvConfigChanged(IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Changed);

/// <summary>The running configuration for readers that check a switch per request (e.g. <c>enableAllTopicList</c>).</summary>
public sealed class NamesrvConfigSnapshot
{
    private IReadOnlyDictionary<string, string> _values = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Values => Volatile.Read(ref _values);

    public bool GetBoolean(string key, bool fallback) =>
        Values.TryGetValue(key, out var text) && bool.TryParse(text, out var value) ? value : fallback;

    internal void Publish(IReadOnlyDictionary<string, string> values) => Volatile.Write(ref _values, values);
}

/// <summary>
/// Owns the running NameServer configuration (<c>nameserver-behaviour.md</c> §8.2–8.3): renders it, applies updates
/// through the black list, writes the result to <c>configStorePath</c> and publishes it. A null path keeps it in memory.
/// After a change it tells its RouteTable (when it has one) the new route switches, and announces
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

    /// <param name="routeTable">The RouteTable whose switches follow the configuration; none by default.</param>
    public static Props Props(NamesrvConfigState state, string? storePath, NamesrvConfigSnapshot snapshot, IActorRef? routeTable = null) =>
        Akka.Actor.Props.Create(() => new NamesrvConfig(state, storePath, snapshot, routeTable));

    protected override void PreStart() => _snapshot.Publish(Copy());

    private void OnUpdate(UpdateNamesrvConfig update)
    {
        var result = _state.Update(update.Properties);
        switch (result)
        {
            case ConfigUpdateResult.Forbidden forbidden:
                _log.Warning("Refused configuration update of black-listed key {Key}", forbidden.Key);
                break;
            case ConfigUpdateResult.Applied { Changed.Count: > 0 } applied:
                var values = Copy();
                _snapshot.Publish(values);
                Persist();
                _log.Info("Configuration updated: {Keys}", string.Join(", ", applied.Changed));
                _routeTable?.Tell(new UpdateRouteTableOptions(NamesrvOptions.RouteTableOptionsFrom(values)), Self);
                Context.System.EventStream.Publish(new NamesrvConfigChanged(values, applied.Changed));
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
            AtomicFile.Write(_storePath, Encoding.UTF8.GetBytes(_state.Render()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Could not write configuration to {Path}; the change is in force but not persisted", _storePath);
        }
    }

    private Dictionary<string, string> Copy() => new(_state.Values, StringComparer.Ordinal);
}
