using System.Buffers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// The HTTP side of a NameServer: health, Prometheus metrics, the read-only admin API, the address-server list and
/// the dashboard page (see <c>docs/HTTP-API.md</c>). Everything it shows comes from the published snapshots and the
/// counters, except the broker list, which RouteTable answers at most once a second however many viewers poll.
/// On the health-only port (<c>healthPort</c>) it answers <c>/live</c>, <c>/ready</c> and <c>/health</c> only.
/// </summary>
internal sealed class HttpApi : IHttpApplication<IFeatureCollection>
{
    private const string JsonType = "application/json; charset=utf-8";
    private const string TextType = "text/plain; charset=utf-8";
    private const int DefaultTopicLimit = 200;
    private const int MaxTopicLimit = 10_000;
    private static readonly TimeSpan BrokerCacheTime = TimeSpan.FromSeconds(1);
    private static readonly string Version = typeof(HttpApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly ServerLifecycle _lifecycle;
    private readonly RoutingCore? _core;
    private readonly NameServerMetrics? _metrics;
    private readonly PrometheusExporter? _exporter;
    private readonly HttpSettings _options;
    private readonly PeerRouteWatcher? _peers;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private readonly Func<string> _remotingAddress;
    private readonly int _healthOnlyPort;
    private readonly Security.AdminAuthorizer? _authorizer;
    private readonly SemaphoreSlim _brokerRefresh = new(1, 1);
    private CachedBrokers? _brokers;
    private byte[]? _dashboard;

    /// <param name="healthOnlyPort">Local port on which only health paths are served (0: none).</param>
    /// <param name="authorizer">With protected route reads, limits the API and dashboard to the admin allow-list.</param>
    public HttpApi(
        ServerLifecycle lifecycle,
        RoutingCore? core,
        NameServerMetrics? metrics,
        PrometheusExporter? exporter,
        HttpSettings options,
        PeerRouteWatcher? peers,
        TimeProvider time,
        Func<string> remotingAddress,
        int healthOnlyPort,
        Security.AdminAuthorizer? authorizer = null)
    {
        _authorizer = authorizer;
        _lifecycle = lifecycle;
        _core = core;
        _metrics = metrics;
        _exporter = exporter;
        _options = options;
        _peers = peers;
        _time = time;
        _startedAt = time.GetTimestamp();
        _remotingAddress = remotingAddress;
        _healthOnlyPort = healthOnlyPort;
    }

    public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

    public void DisposeContext(IFeatureCollection context, Exception? exception)
    {
    }

    public async Task ProcessRequestAsync(IFeatureCollection context)
    {
        var request = context.Get<IHttpRequestFeature>()!;
        var response = new Response(context);
        var path = request.Path.Length > 1 ? request.Path.TrimEnd('/') : request.Path;
        if (request.Method is not ("GET" or "HEAD"))
        {
            response.Headers["Allow"] = "GET, HEAD";
            await response.JsonErrorAsync(405, $"{request.Method} is not allowed: the API is read-only").ConfigureAwait(false);
            return;
        }
        if (context.Get<IHttpConnectionFeature>()?.LocalPort == _healthOnlyPort && path is not ("/live" or "/ready" or "/health"))
        {
            await response.TextAsync(404, "use /live, /ready or /health").ConfigureAwait(false);
            return;
        }
        var remote = context.Get<IHttpConnectionFeature>()?.RemoteIpAddress;
        if (_authorizer is not null && ShowsRoutes(path) && !_authorizer.AllowsHttpRead(remote))
        {
            await response.JsonErrorAsync(403, "route reads are protected (security.protectRouteReads): only addresses in security.adminAllowList may read this").ConfigureAwait(false);
            return;
        }
        try
        {
            await DispatchAsync(path, request.QueryString, response).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
        {
            await response.JsonErrorAsync(503, $"the NameServer could not answer: {e.Message}").ConfigureAwait(false);
        }
    }

    private static bool ShowsRoutes(string path) => path is "/" or "/dashboard" or "/index.html" || path.StartsWith("/api/", StringComparison.Ordinal);

    private Task DispatchAsync(string path, string query, Response response)
    {
        var state = _lifecycle.State;
        switch (path)
        {
            case "/live":
                return response.TextAsync(state == ServerState.Stopped ? 503 : 200, state.ToString());
            case "/ready":
                return response.TextAsync(state == ServerState.Ready ? 200 : 503, state.ToString());
            case "/health":
                return response.JsonAsync(state == ServerState.Ready ? 200 : 503, w =>
                {
                    w.WriteString("status", state == ServerState.Ready ? "UP" : "DOWN");
                    w.WriteString("state", state.ToString());
                });
            case "/" or "/dashboard" or "/index.html":
                return response.BytesAsync(200, "text/html; charset=utf-8", Dashboard());
            case "/rocketmq/nsaddr":
                return _options.NsAddrList.Count == 0
                    ? response.TextAsync(404, "no NameServer list configured (nsAddrList)")
                    : response.TextAsync(200, string.Join(';', _options.NsAddrList));
        }
        if (_core is null || _metrics is null)
        {
            return response.JsonErrorAsync(404, $"no such path: {path}");
        }
        return path switch
        {
            "/metrics" => MetricsAsync(response),
            "/api/overview" => OverviewAsync(response),
            "/api/brokers" => BrokersAsync(response),
            "/api/clusters" => ClustersAsync(response),
            "/api/topics" => TopicsAsync(query, response),
            "/api/digests" => DigestsAsync(response),
            _ when path.StartsWith("/api/routes/", StringComparison.Ordinal) => TopicRouteAsync(path["/api/routes/".Length..], response),
            _ => response.JsonErrorAsync(404, $"no such path: {path}"),
        };
    }

    private Task MetricsAsync(Response response)
    {
        if (_exporter is null)
        {
            return response.JsonErrorAsync(404, "metrics are not exported");
        }
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        _exporter.WriteTo(buffer);
        return response.BytesAsync(200, PrometheusExporter.ContentType, buffer.WrittenMemory);
    }

    private async Task OverviewAsync(Response response)
    {
        var core = _core!;
        var brokers = await BrokerStatusesAsync().ConfigureAwait(false);
        var metrics = _metrics!;
        await response.JsonAsync(200, w =>
        {
            w.WriteStartObject("nameServer");
            w.WriteString("address", _remotingAddress());
            w.WriteString("state", _lifecycle.State.ToString());
            w.WriteNumber("uptimeSeconds", Math.Round(_time.GetElapsedTime(_startedAt).TotalSeconds, 1));
            w.WriteString("version", Version);
            w.WriteEndObject();
            w.WriteString("tableDigest", core.Routes.TableDigest());
            w.WriteNumber("topicCount", core.Routes.Count);
            w.WriteNumber("liveBrokerCount", brokers.Brokers.Count(b => b.Live is not null));
            w.WriteStartArray("clusters");
            foreach (var cluster in brokers.Brokers.GroupBy(b => b.ClusterName))
            {
                w.WriteStartObject();
                w.WriteString("name", cluster.Key);
                w.WriteStartArray("brokerGroups");
                foreach (var group in cluster.GroupBy(b => b.BrokerName))
                {
                    w.WriteStartObject();
                    w.WriteString("name", group.Key);
                    w.WriteStartArray("brokers");
                    foreach (var broker in group)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("id", broker.BrokerId);
                        w.WriteString("address", broker.BrokerAddr);
                        WriteLiveness(w, broker, brokers.NowMillis);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("requests");
            w.WriteNumber("total", metrics.TotalRequests);
            w.WriteNumber("errors", metrics.Errors);
            w.WriteStartObject("byClass");
            foreach (var overloadClass in Enum.GetValues<OverloadClass>())
            {
                w.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(overloadClass.ToString()), metrics.Requests(overloadClass));
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("peers");
            foreach (var peer in _peers?.Statuses ?? [])
            {
                WritePeer(w, peer);
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private void WritePeer(Utf8JsonWriter w, PeerStatus peer)
    {
        w.WriteStartObject();
        w.WriteString("address", peer.Address);
        w.WriteString("status", peer.Status);
        w.WriteString("tableDigest", peer.TableDigest);
        w.WriteNumber("differingTopicCount", peer.DifferingTopicCount);
        w.WriteStartArray("differingTopics");
        foreach (var topic in peer.DifferingTopics)
        {
            w.WriteStringValue(topic);
        }
        w.WriteEndArray();
        if (peer.CheckedAt is { } checkedAt)
        {
            w.WriteNumber("checkedAgeSeconds", Math.Round((_time.GetUtcNow() - checkedAt).TotalSeconds, 1));
        }
        else
        {
            w.WriteNull("checkedAgeSeconds");
        }
        w.WriteString("error", peer.Error);
        w.WriteEndObject();
    }

    private static void WriteLiveness(Utf8JsonWriter w, BrokerStatus broker, long nowMillis)
    {
        if (broker.Live is { } live)
        {
            w.WriteNumber("lastHeartbeatAgeSeconds", Math.Round(Math.Max(0, nowMillis - live.LastUpdateMillis) / 1000.0, 1));
        }
        else
        {
            w.WriteNull("lastHeartbeatAgeSeconds");
        }
        w.WriteString("version", broker.Live?.BrokerVersion is { } version ? MqVersion.Describe(version) : null);
        w.WriteNumber("topicCount", broker.TopicCount);
        w.WriteBoolean("writable", broker.Writable);
    }

    private async Task BrokersAsync(Response response)
    {
        var brokers = await BrokerStatusesAsync().ConfigureAwait(false);
        await response.JsonAsync(200, w =>
        {
            w.WriteStartArray("brokers");
            foreach (var broker in brokers.Brokers)
            {
                w.WriteStartObject();
                w.WriteString("cluster", broker.ClusterName);
                w.WriteString("brokerName", broker.BrokerName);
                w.WriteNumber("id", broker.BrokerId);
                w.WriteString("address", broker.BrokerAddr);
                WriteLiveness(w, broker, brokers.NowMillis);
                w.WriteNumber("writableTopicCount", broker.WritableTopicCount);
                w.WriteString("haServerAddress", broker.Live?.HaServerAddr);
                if (broker.Live is { } live)
                {
                    w.WriteNumber("heartbeatTimeoutMillis", live.HeartbeatTimeoutMillis);
                    w.WriteStartObject("dataVersion");
                    w.WriteNumber("counter", live.DataVersion.Counter);
                    w.WriteNumber("timestamp", live.DataVersion.Timestamp);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private Task ClustersAsync(Response response)
    {
        var clusterInfo = _core!.Routes.ClusterInfo;
        return response.JsonAsync(200, w =>
        {
            w.WriteStartObject("clusters");
            foreach (var (cluster, names) in clusterInfo.ClusterAddrTable.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(cluster);
                foreach (var name in names.Order(StringComparer.Ordinal))
                {
                    w.WriteStringValue(name);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }

    private Task TopicsAsync(string query, Response response)
    {
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var search = parameters.TryGetValue("search", out var s) ? s.ToString() : "";
        var limit = DefaultTopicLimit;
        if (parameters.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1 || limit > MaxTopicLimit))
        {
            return response.JsonErrorAsync(400, $"limit must be a number from 1 to {MaxTopicLimit}");
        }
        var routes = _core!.Routes;
        var matched = routes.Topics.Where(t => t.Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
        matched.Sort(StringComparer.Ordinal);
        return response.JsonAsync(200, w =>
        {
            w.WriteNumber("total", routes.Count);
            w.WriteNumber("matched", matched.Count);
            w.WriteStartArray("topics");
            foreach (var topic in matched.Take(limit))
            {
                if (!routes.TryGet(topic, out var snapshot))
                {
                    continue;
                }
                w.WriteStartObject();
                w.WriteString("topic", topic);
                w.WriteString("digest", snapshot.Digest);
                w.WriteStartArray("brokerNames");
                foreach (var name in snapshot.Route.QueueDatas.Select(q => q.BrokerName).Order(StringComparer.Ordinal))
                {
                    w.WriteStringValue(name);
                }
                w.WriteEndArray();
                w.WriteNumber("readQueues", snapshot.Route.QueueDatas.Sum(q => q.ReadQueueNums));
                w.WriteNumber("writeQueues", snapshot.Route.QueueDatas.Sum(q => q.WriteQueueNums));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private Task TopicRouteAsync(string escapedTopic, Response response)
    {
        var topic = Uri.UnescapeDataString(escapedTopic);
        if (!_core!.Routes.TryGet(topic, out var snapshot))
        {
            return response.JsonErrorAsync(404, $"no route for topic '{topic}'");
        }
        return response.JsonAsync(200, w =>
        {
            w.WriteString("topic", topic);
            w.WriteString("digest", snapshot.Digest);
            w.WritePropertyName("route");
            // The standard-JSON answer that 4.9.4+ clients receive, byte for byte.
            w.WriteRawValue(snapshot.GetBody(JsonMode.Standard).Span);
        });
    }

    private Task DigestsAsync(Response response)
    {
        var routes = _core!.Routes;
        var tableDigest = routes.TableDigest();
        var topics = routes.Topics.Order(StringComparer.Ordinal).ToList();
        return response.JsonAsync(200, w =>
        {
            w.WriteString("tableDigest", tableDigest);
            w.WriteStartObject("topics");
            foreach (var topic in topics)
            {
                if (routes.TryGet(topic, out var snapshot))
                {
                    w.WriteString(topic, snapshot.Digest);
                }
            }
            w.WriteEndObject();
        });
    }

    private async Task<BrokerStatuses> BrokerStatusesAsync()
    {
        var now = _time.GetTimestamp();
        if (Volatile.Read(ref _brokers) is { } cached && _time.GetElapsedTime(cached.At, now) < BrokerCacheTime)
        {
            return cached.Statuses;
        }
        await _brokerRefresh.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_brokers is { } fresh && _time.GetElapsedTime(fresh.At) < BrokerCacheTime)
            {
                return fresh.Statuses;
            }
            var statuses = await _core!.RouteTable.Ask<BrokerStatuses>(GetBrokerStatuses.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            Volatile.Write(ref _brokers, new CachedBrokers(_time.GetTimestamp(), statuses));
            return statuses;
        }
        finally
        {
            _brokerRefresh.Release();
        }
    }

    private byte[] Dashboard()
    {
        if (_dashboard is { } page)
        {
            return page;
        }
        using var stream = typeof(HttpApi).Assembly.GetManifestResourceStream("NameServer.Actors.Server.Dashboard.index.html");
        if (stream is null)
        {
            return _dashboard = Encoding.UTF8.GetBytes("<!doctype html><title>NameServer</title><p>The dashboard page is missing from this build.");
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return _dashboard = copy.ToArray();
    }

    private sealed record CachedBrokers(long At, BrokerStatuses Statuses);

    /// <summary>Writes one response: status, content type and a body built in memory (answers are small).</summary>
    private readonly struct Response(IFeatureCollection context)
    {
        private IHttpResponseFeature Feature => context.Get<IHttpResponseFeature>()!;

        public Microsoft.AspNetCore.Http.IHeaderDictionary Headers => Feature.Headers;

        public Task TextAsync(int status, string text) => BytesAsync(status, TextType, Encoding.UTF8.GetBytes(text + "\n"));

        public Task JsonErrorAsync(int status, string error) => JsonAsync(status, w => w.WriteString("error", error));

        public Task JsonAsync(int status, Action<Utf8JsonWriter> writeMembers)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writeMembers(writer);
                writer.WriteEndObject();
            }
            return BytesAsync(status, JsonType, buffer.WrittenMemory);
        }

        public async Task BytesAsync(int status, string contentType, ReadOnlyMemory<byte> body)
        {
            var feature = Feature;
            feature.StatusCode = status;
            feature.Headers.ContentType = contentType;
            feature.Headers.CacheControl = "no-store";
            feature.Headers.ContentLength = body.Length;
            if (context.Get<IHttpRequestFeature>()!.Method != "HEAD")
            {
                await context.Get<IHttpResponseBodyFeature>()!.Writer.WriteAsync(body).ConfigureAwait(false);
            }
        }
    }
}
