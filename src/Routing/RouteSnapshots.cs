using System.Collections.Concurrent;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing;

/// <summary>
/// One topic's route as published by RouteTable: immutable, shared by every reader. It keeps its response body encoded
/// per JSON form (legacy for old clients, standard for 4.9.4+) while its <see cref="RouteBodyCache"/> has room, so
/// answering a route query for a hot topic is a lookup and a copy of bytes; a cold topic's body is encoded on demand.
/// </summary>
public sealed class RouteSnapshot
{
    private readonly RouteBodyCache? _cache;
    private RouteBodyCache.Slot? _bodies;
    private string? _digest;

    /// <param name="version">Increases with every publication (of any topic); lets readers tell two snapshots apart cheaply.</param>
    /// <param name="cache">Where the encoded bodies are kept and counted; none: every query encodes its body.</param>
    public RouteSnapshot(string topic, TopicRouteData route, long version, RouteBodyCache? cache = null)
    {
        Topic = topic;
        Route = route;
        Version = version;
        _cache = cache;
    }

    public string Topic { get; }

    public TopicRouteData Route { get; }

    public long Version { get; }

    /// <summary>
    /// The encoded route: the kept body when there is one (no lock, no allocation), else encoded now and kept if the
    /// cache has a budget (two racing readers build identical bytes; one copy is kept).
    /// </summary>
    public ReadOnlyMemory<byte> GetBody(JsonMode mode) => Volatile.Read(ref _bodies)?.Get(mode) ?? Encode(mode);

    private byte[] Encode(JsonMode mode)
    {
        var body = BodyEncoder.EncodeTopicRouteData(Route, mode);
        if (_cache is null)
        {
            return body;
        }
        _cache.CountEncode();
        if (!_cache.Enabled)
        {
            return body;
        }
        var slot = Volatile.Read(ref _bodies);
        if (slot is null)
        {
            // Made on the first kept body only: a topic never queried costs no slot.
            var made = new RouteBodyCache.Slot();
            slot = Interlocked.CompareExchange(ref _bodies, made, null) ?? made;
        }
        return slot.Keep(mode, body, _cache);
    }

    /// <summary>The route's <see cref="RouteDigest"/>, computed on first use.</summary>
    public string Digest => _digest ??= RouteDigest.Of(Route);

    /// <summary>Gives the kept bodies back to the cache (this snapshot was replaced or withdrawn).</summary>
    internal void Release()
    {
        if (_cache is not null && Volatile.Read(ref _bodies) is { } slot)
        {
            _cache.Release(slot);
        }
    }
}

/// <summary>
/// The read side of the routing state. RouteTable (the only writer) replaces one topic's snapshot at a time after each
/// change; readers on any thread look routes up without a lock and without a mailbox hop. Each topic's snapshot is
/// always a whole route, old or new, never a half-updated one.
/// </summary>
public sealed class RouteSnapshots : ITopicNames
{
    private readonly ConcurrentDictionary<string, RouteSnapshot> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RouteSnapshot>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private ClusterInfo _clusterInfo = new(new Dictionary<string, BrokerData>(), new Dictionary<string, IReadOnlyCollection<string>>());
    private long _version;
    private TableDigestCache? _tableDigest;

    /// <summary>Snapshots whose body budget is reference.conf's (tests, benchmarks).</summary>
    public RouteSnapshots()
        : this(Config.NamesrvSettings.Default.RouteBodyCacheBytes)
    {
    }

    /// <param name="bodyCacheBytes">The budget of encoded route bodies (<c>nameserver.routeBodyCacheBytes</c>); 0 keeps none.</param>
    public RouteSnapshots(long bodyCacheBytes)
    {
        _bySpan = _routes.GetAlternateLookup<ReadOnlySpan<char>>();
        BodyCache = new RouteBodyCache(bodyCacheBytes);
    }

    /// <summary>The encoded bodies of the published snapshots, kept under a byte budget.</summary>
    public RouteBodyCache BodyCache { get; }

    /// <summary>Number of topics with a route.</summary>
    public int Count => _routes.Count;

    /// <summary>Registered broker addresses as of the latest publication (metrics).</summary>
    public int LiveBrokerCount
    {
        get => Volatile.Read(ref _liveBrokerCount);
        internal set => Volatile.Write(ref _liveBrokerCount, value);
    }

    private int _liveBrokerCount;

    /// <summary>The version of the latest publication.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>The latest <c>GET_BROKER_CLUSTER_INFO</c> answer.</summary>
    public ClusterInfo ClusterInfo => Volatile.Read(ref _clusterInfo);

    public bool TryGet(string topic, out RouteSnapshot snapshot) => _routes.TryGetValue(topic, out snapshot!);

    /// <summary>Looks a topic up without allocating a string (the topic decoded into a stack buffer).</summary>
    public bool TryGet(ReadOnlySpan<char> topic, out RouteSnapshot snapshot) => _bySpan.TryGetValue(topic, out snapshot!);

    public IEnumerable<string> Topics => _routes.Keys;

    /// <summary>The published instance of a topic's name, for decoders that would otherwise allocate a copy.</summary>
    public string? Find(ReadOnlySpan<char> topic) => _bySpan.TryGetValue(topic, out var name, out _) ? name : null;

    /// <summary>
    /// The <see cref="RouteDigest.OfTable"/> of every published route, recomputed only when something was published
    /// since the last call (diagnostics, metrics and the HTTP API; never on a request path).
    /// </summary>
    public string TableDigest()
    {
        var version = Version;
        if (Volatile.Read(ref _tableDigest) is { } cached && cached.Version == version)
        {
            return cached.Digest;
        }
        var digest = RouteDigest.OfTable(_routes.Select(r => new KeyValuePair<string, string>(r.Key, r.Value.Digest)));
        Volatile.Write(ref _tableDigest, new TableDigestCache(version, digest));
        return digest;
    }

    /// <summary>Publishes (or, with a null route, withdraws) one topic. Called by RouteTable only.</summary>
    internal void Publish(string topic, TopicRouteData? route)
    {
        var version = Interlocked.Increment(ref _version);
        RouteSnapshot? replaced;
        if (route is null)
        {
            _routes.TryRemove(topic, out replaced);
        }
        else
        {
            // One writer (RouteTable): nothing replaces the topic between these two steps.
            _routes.TryGetValue(topic, out replaced);
            _routes[topic] = new RouteSnapshot(topic, route, version, BodyCache);
        }
        replaced?.Release();
    }

    private sealed record TableDigestCache(long Version, string Digest);

    internal void PublishClusterInfo(ClusterInfo clusterInfo)
    {
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _clusterInfo, clusterInfo);
    }
}
