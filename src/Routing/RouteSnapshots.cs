using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing;

/// <summary>
/// One topic's route as published by RouteTable: immutable, shared by every reader. The route itself, its encoded
/// bodies and its digest live in a <see cref="RouteShape"/> that every topic with an equal route shares (a route names
/// no topic, so 10,000 topics on the same brokers with the same queue counts answer the same bytes), so a topic costs
/// its name and this small object; answering a route query is a lookup and a copy of bytes.
/// </summary>
public sealed class RouteSnapshot
{
    /// <param name="version">Increases with every publication (of any topic); lets readers tell two snapshots apart cheaply.</param>
    internal RouteSnapshot(string topic, RouteShape shape, long version)
    {
        Topic = topic;
        Shape = shape;
        Version = version;
    }

    public string Topic { get; }

    /// <summary>The route, with its encoded forms, shared with every topic whose route is equal.</summary>
    public RouteShape Shape { get; }

    public TopicRouteData Route => Shape.Route;

    public long Version { get; }

    /// <summary>The encoded route; built on first use and then shared while the body budget keeps it.</summary>
    public ReadOnlyMemory<byte> GetBody(JsonMode mode) => Shape.GetBody(mode);

    /// <summary>The route's <see cref="RouteDigest"/>, computed on first use.</summary>
    public string Digest => Shape.Digest;
}

/// <summary>
/// A route as answered (queue datas, broker datas, filter servers), shared by the snapshots of every topic whose route
/// is equal, with its response body encoded per JSON form (legacy for old clients, standard for 4.9.4+) on first use
/// and kept while <see cref="RouteBodyBudget"/> has room for it. The number of shapes grows with the number of
/// distinct broker and queue configurations, not with topics.
/// </summary>
public sealed class RouteShape
{
    private readonly RouteBodyBudget? _budget;
    private byte[]? _legacy;
    private byte[]? _standard;

    // Answered since the budget's clock hand last passed the body (its second chance), per JSON form.
    private int _legacyUsed;
    private int _standardUsed;
    private string? _digest;

    public RouteShape(TopicRouteData route)
        : this(route, null)
    {
    }

    internal RouteShape(TopicRouteData route, RouteBodyBudget? budget)
    {
        ArgumentNullException.ThrowIfNull(route);
        Route = route;
        _budget = budget;
    }

    public TopicRouteData Route { get; }

    /// <summary>Topics whose published snapshot holds this shape (kept by RouteSnapshots' single writer).</summary>
    internal int Topics { get; set; }

    public ReadOnlyMemory<byte> GetBody(JsonMode mode)
    {
        ref var body = ref Body(mode);
        if (Volatile.Read(ref body) is { } kept)
        {
            ref var used = ref Used(mode);
            // Written only when it changes: the hot path does not dirty a shared cache line on every answer.
            if (used == 0)
            {
                Volatile.Write(ref used, 1);
            }
            return kept;
        }
        var encoded = BodyEncoder.EncodeTopicRouteData(Route, mode);
        if (_budget is null)
        {
            // Unbudgeted (a shape made outside RouteSnapshots): kept for good; two racing readers build equal bytes.
            return Interlocked.CompareExchange(ref body, encoded, null) ?? encoded;
        }
        _budget.Keep(this, mode, encoded);
        return encoded;
    }

    /// <summary>Whether the body of <paramref name="mode"/> is kept now.</summary>
    internal bool HasBody(JsonMode mode) => Volatile.Read(ref Body(mode)) is not null;

    /// <summary>Keeps <paramref name="body"/> unless one is kept already (a racing reader's); true when it was kept.</summary>
    internal bool TrySetBody(JsonMode mode, byte[] body)
    {
        Volatile.Write(ref Used(mode), 0);
        return Interlocked.CompareExchange(ref Body(mode), body, null) is null;
    }

    /// <summary>
    /// Drops the kept body and returns it; with <paramref name="onlyIfUnused"/>, a body answered since the last call
    /// keeps its place once (its mark is cleared and null returned).
    /// </summary>
    internal byte[]? ClearBody(JsonMode mode, bool onlyIfUnused)
    {
        if (onlyIfUnused && Interlocked.Exchange(ref Used(mode), 0) == 1)
        {
            return null;
        }
        return Interlocked.Exchange(ref Body(mode), null);
    }

    private ref byte[]? Body(JsonMode mode) => ref mode == JsonMode.Standard ? ref _standard : ref _legacy;

    private ref int Used(JsonMode mode) => ref mode == JsonMode.Standard ? ref _standardUsed : ref _legacyUsed;

    public string Digest => _digest ??= RouteDigest.Of(Route);
}

/// <summary>
/// The read side of the routing state. RouteTable (the only writer) replaces one topic's snapshot at a time after each
/// change; readers on any thread look routes up without a lock and without a mailbox hop. Each topic's snapshot is
/// always a whole route, old or new, never a half-updated one.
/// </summary>
public sealed class RouteSnapshots : ITopicNames
{
    private readonly RouteSnapshotTable _routes = new();
    private readonly RouteBodyBudget? _bodyBudget;
    private ClusterInfo _clusterInfo = new(new Dictionary<string, BrokerData>(), new Dictionary<string, IReadOnlyCollection<string>>());
    private long _version;
    private TableDigestCache? _tableDigest;

    // Equal routes → their one shared shape; written by the single writer (RouteTable) only.
    private readonly Dictionary<TopicRouteData, RouteShape> _shapes = new(RouteShapeComparer.Instance);

    /// <param name="bodyCacheBytes">
    /// The byte budget of the encoded route bodies kept between queries (<c>routeBodyCacheBytes</c>; 0 keeps none), or
    /// null to keep every body for as long as its route is published.
    /// </param>
    public RouteSnapshots(long? bodyCacheBytes = null)
    {
        _bodyBudget = bodyCacheBytes is { } limit ? new RouteBodyBudget(limit) : null;
    }

    /// <summary>Bytes of encoded route bodies kept now (metrics); 0 when unbudgeted.</summary>
    public long BodyCacheBytes => _bodyBudget?.Bytes ?? 0;

    /// <summary>Distinct routes among the published topics (each one encoded once per JSON form while the budget keeps it).</summary>
    public int ShapeCount => Volatile.Read(ref _shapeCount);

    private int _shapeCount;

    /// <summary>Brokers whose next registration may skip decoding (written by RouteTable, like the routes).</summary>
    public UnchangedRegistrations UnchangedRegistrations { get; } = new();

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

    public bool TryGet(string topic, out RouteSnapshot snapshot) => TryGet(topic.AsSpan(), out snapshot);

    /// <summary>Looks a topic up without allocating a string (the topic decoded into a stack buffer).</summary>
    public bool TryGet(ReadOnlySpan<char> topic, out RouteSnapshot snapshot)
    {
        snapshot = _routes.Find(topic)!;
        return snapshot is not null;
    }

    public IEnumerable<string> Topics => _routes.Snapshots.Select(s => s.Topic);

    /// <summary>The published instance of a topic's name, for decoders that would otherwise allocate a copy.</summary>
    public string? Find(ReadOnlySpan<char> topic) => _routes.Find(topic)?.Topic;

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
        var digest = RouteDigest.OfTable(_routes.Snapshots.Select(s => new KeyValuePair<string, string>(s.Topic, s.Digest)));
        Volatile.Write(ref _tableDigest, new TableDigestCache(version, digest));
        return digest;
    }

    /// <summary>Publishes (or, with a null route, withdraws) one topic. Called by RouteTable only.</summary>
    internal void Publish(string topic, TopicRouteData? route)
    {
        var version = Interlocked.Increment(ref _version);
        if (route is null)
        {
            if (_routes.Remove(topic) is { } removed)
            {
                Release(removed.Shape);
            }
            return;
        }
        var previous = _routes.Find(topic);
        var shape = Share(route);
        if (previous is not null)
        {
            Release(previous.Shape);
        }
        // The table's own instance of the name: a registration may bring a fresh copy of it.
        _routes.Set(new RouteSnapshot(previous?.Topic ?? topic, shape, version));
    }

    // The shape equal to the route, or a new one; counts the topic on it.
    private RouteShape Share(TopicRouteData route)
    {
        if (route.TopicQueueMappingByBroker is not null)
        {
            // 5.x static topics: the mapping is the topic's own; never shared, never counted.
            return new RouteShape(route, _bodyBudget);
        }
        if (!_shapes.TryGetValue(route, out var shape))
        {
            shape = new RouteShape(route, _bodyBudget);
            _shapes.Add(route, shape);
            Volatile.Write(ref _shapeCount, _shapes.Count);
        }
        shape.Topics++;
        return shape;
    }

    private void Release(RouteShape shape)
    {
        if (shape.Route.TopicQueueMappingByBroker is not null)
        {
            _bodyBudget?.Release(shape);
        }
        else if (--shape.Topics == 0)
        {
            _shapes.Remove(shape.Route);
            Volatile.Write(ref _shapeCount, _shapes.Count);
            _bodyBudget?.Release(shape);
        }
    }

    private sealed record TableDigestCache(long Version, string Digest);

    internal void PublishClusterInfo(ClusterInfo clusterInfo)
    {
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _clusterInfo, clusterInfo);
    }
}

/// <summary>Route equality for sharing: same queue datas and broker datas (in order), filter servers and order conf.</summary>
internal sealed class RouteShapeComparer : IEqualityComparer<TopicRouteData>
{
    public static readonly RouteShapeComparer Instance = new();

    public bool Equals(TopicRouteData? x, TopicRouteData? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }
        if (x is null || y is null
            || x.OrderTopicConf != y.OrderTopicConf
            || x.TopicQueueMappingByBroker is not null || y.TopicQueueMappingByBroker is not null
            || !x.QueueDatas.SequenceEqual(y.QueueDatas)
            || !x.BrokerDatas.SequenceEqual(y.BrokerDatas)
            || x.FilterServerTable.Count != y.FilterServerTable.Count)
        {
            return false;
        }
        foreach (var (addr, servers) in x.FilterServerTable)
        {
            if (!y.FilterServerTable.TryGetValue(addr, out var other) || !servers.SequenceEqual(other))
            {
                return false;
            }
        }
        return true;
    }

    public int GetHashCode(TopicRouteData route)
    {
        var hash = new HashCode();
        hash.Add(route.QueueDatas.Count);
        foreach (var queueData in route.QueueDatas)
        {
            hash.Add(queueData);
        }
        foreach (var brokerData in route.BrokerDatas)
        {
            hash.Add(brokerData);
        }
        hash.Add(route.OrderTopicConf);
        return hash.ToHashCode();
    }
}
