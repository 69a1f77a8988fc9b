using System.Collections.Concurrent;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing;

/// <summary>
/// One topic's route as published by RouteTable: immutable, shared by every reader. It carries its response body
/// encoded once per JSON form (legacy for old clients, standard for 4.9.4+), so answering a route query is a lookup
/// and a copy of bytes.
/// </summary>
public sealed class RouteSnapshot
{
    private byte[]? _legacy;
    private byte[]? _standard;
    private string? _digest;

    /// <param name="version">Increases with every publication (of any topic); lets readers tell two snapshots apart cheaply.</param>
    public RouteSnapshot(string topic, TopicRouteData route, long version)
    {
        Topic = topic;
        Route = route;
        Version = version;
    }

    public string Topic { get; }

    public TopicRouteData Route { get; }

    public long Version { get; }

    /// <summary>The encoded route; built on first use and then shared (two racing readers build identical bytes).</summary>
    public ReadOnlyMemory<byte> GetBody(JsonMode mode) => mode == JsonMode.Standard
        ? _standard ??= BodyEncoder.EncodeTopicRouteData(Route, JsonMode.Standard)
        : _legacy ??= BodyEncoder.EncodeTopicRouteData(Route, JsonMode.Legacy);

    /// <summary>The route's <see cref="RouteDigest"/>, computed on first use.</summary>
    public string Digest => _digest ??= RouteDigest.Of(Route);

    /// <summary>Encodes both forms now (RouteTable can do this off the read path).</summary>
    public RouteSnapshot Encoded()
    {
        GetBody(JsonMode.Legacy);
        GetBody(JsonMode.Standard);
        return this;
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

    public RouteSnapshots()
    {
        _bySpan = _routes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

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
        if (route is null)
        {
            _routes.TryRemove(topic, out _);
        }
        else
        {
            _routes[topic] = new RouteSnapshot(topic, route, version);
        }
    }

    private sealed record TableDigestCache(long Version, string Digest);

    internal void PublishClusterInfo(ClusterInfo clusterInfo)
    {
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _clusterInfo, clusterInfo);
    }
}
