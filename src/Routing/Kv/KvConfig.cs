using Akka.Actor;
using Akka.Event;

namespace NameServer.Actors.Routing.Kv;

/// <summary>A KV request; commands change the store and are persisted before they are answered.</summary>
public interface IKvCommand;

/// <summary>A KV read.</summary>
public interface IKvQuery;

/// <summary><c>PUT_KV_CONFIG</c>. Answer: <see cref="KvDone"/>, or <see cref="Status.Failure"/> if the file could not be written.</summary>
public sealed record PutKvConfig(string Namespace, string Key, string? Value) : IKvCommand;

/// <summary><c>DELETE_KV_CONFIG</c>. Answer: <see cref="KvDone"/>, or <see cref="Status.Failure"/> if the file could not be written.</summary>
public sealed record DeleteKvConfig(string Namespace, string Key) : IKvCommand;

/// <summary><c>GET_KV_CONFIG</c>. Answer: <see cref="KvValue"/>.</summary>
public sealed record GetKvConfig(string Namespace, string Key) : IKvQuery;

/// <summary><c>GET_KVLIST_BY_NAMESPACE</c>. Answer: <see cref="KvNamespace"/>.</summary>
public sealed record GetKvList(string Namespace) : IKvQuery;

public sealed record KvDone
{
    private KvDone()
    {
    }

    public static readonly KvDone Instance = new();
}

/// <summary>A value, or null when the namespace or key does not exist.</summary>
public sealed record KvValue(string? Value);

/// <summary>A whole namespace, or null when it does not exist (an existing empty one is an empty table).</summary>
public sealed record KvNamespace(IReadOnlyDictionary<string, string>? Table);

/// <summary>
/// The KV store of record readers use without a mailbox hop: the <c>ORDER_TOPIC_CONFIG</c> namespace feeds every
/// broker-registration answer and, with <c>orderMessageEnable</c>, every route.
/// </summary>
public sealed class KvSnapshot
{
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _table =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    public IReadOnlyDictionary<string, string>? GetNamespace(string ns) =>
        Volatile.Read(ref _table).TryGetValue(ns, out var map) ? map : null;

    public string? Get(string ns, string key) =>
        GetNamespace(ns) is { } map && map.TryGetValue(key, out var value) ? value : null;

    internal void Publish(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> table) => Volatile.Write(ref _table, table);
}

/// <summary>
/// The actor that owns the KV store: applies each change, writes the whole store to <c>kvConfigPath</c> (crash-safely)
/// and only then answers, and publishes a snapshot for lock-free readers. A null path keeps the store in memory.
/// </summary>
public sealed class KvConfig : ReceiveActor
{
    private readonly KvConfigState _state;
    private readonly string? _path;
    private readonly KvSnapshot _snapshot;

    public KvConfig(KvConfigState state, string? path, KvSnapshot snapshot)
    {
        _state = state;
        _path = path;
        _snapshot = snapshot;

        Receive<PutKvConfig>(m => Change(() => _state.Put(m.Namespace, m.Key, m.Value)));
        Receive<DeleteKvConfig>(m => Change(() => _state.Delete(m.Namespace, m.Key)));
        Receive<GetKvConfig>(m => Sender.Tell(new KvValue(_state.Get(m.Namespace, m.Key)), Self));
        Receive<GetKvList>(m => Sender.Tell(new KvNamespace(_state.GetNamespace(m.Namespace)), Self));
    }

    /// <param name="state">Loaded before the actor starts (see <see cref="KvConfigFile.Load"/>), so a corrupt file stops start-up instead of being overwritten.</param>
    public static Props Props(KvConfigState state, string? path, KvSnapshot snapshot) =>
        Akka.Actor.Props.Create(() => new KvConfig(state, path, snapshot));

    protected override void PreStart() => _snapshot.Publish(_state.Snapshot());

    private void Change(Action change)
    {
        change();
        var snapshot = _state.Snapshot();
        _snapshot.Publish(snapshot);
        if (_path is null)
        {
            Sender.Tell(KvDone.Instance, Self);
            return;
        }
        try
        {
            // Java persists even when a delete changed nothing; so do we, which keeps the file equal to memory.
            KvConfigFile.Save(_path, snapshot);
            Sender.Tell(KvDone.Instance, Self);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Context.GetLogger().Error(e, "Could not write KV config file {Path}; the change is kept in memory", _path);
            Sender.Tell(new Status.Failure(new IOException($"could not persist KV config to '{_path}': {e.Message}", e)), Self);
        }
    }
}
