using System.Buffers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.State;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// The HTTP side of a NameServer: health, Prometheus metrics, the read-only admin API, the address-server list and
/// the dashboard page (see <c>docs/HTTP-API.md</c>), as ASP.NET Core endpoints. Everything it shows comes from the
/// published snapshots and the counters, except the broker list, which RouteTable answers at most once a second however
/// many viewers poll. On the health-only port (<c>healthPort</c>) it answers <c>/live</c>, <c>/ready</c> and
/// <c>/health</c> only.
/// </summary>
internal sealed class HttpApi
{
    private const string JsonType = "application/json; charset=utf-8";
    private const string TextType = "text/plain; charset=utf-8";
    private const int DefaultTopicLimit = 200;
    private const int MaxTopicLimit = 10_000;
    private const string RoutesPrefix = "/api/routes/";
    private static readonly string[] Reads = [HttpMethods.Get, HttpMethods.Head];
    private static readonly TimeSpan BrokerCacheTime = TimeSpan.FromSeconds(1);
    private static readonly string Version = typeof(HttpApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly ServerLifecycle _lifecycle;
    private readonly RoutingCore _core;
    private readonly NameServerMetrics _metrics;
    private readonly MeterProvider? _meterProvider;
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

    /// <param name="meterProvider">The pipeline whose Prometheus exporter answers <c>/metrics</c> (null: 404).</param>
    /// <param name="healthOnlyPort">Local port on which only health paths are served (0: none).</param>
    /// <param name="authorizer">With protected route reads, limits the API and dashboard to the admin allow-list.</param>
    public HttpApi(
        ServerLifecycle lifecycle,
        RoutingCore core,
        NameServerMetrics metrics,
        MeterProvider? meterProvider,
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
        _meterProvider = meterProvider;
        _options = options;
        _peers = peers;
        _time = time;
        _startedAt = time.GetTimestamp();
        _remotingAddress = remotingAddress;
        _healthOnlyPort = healthOnlyPort;
    }

    /// <summary>
    /// The request pipeline: other methods than GET and HEAD refused (405), the health-only port limited to health,
    /// then endpoint routing, where the endpoints that show routes are limited to the allow-list (403) when route reads
    /// are protected.
    /// </summary>
    /// <param name="services">Routing's services (<c>AddRoutingCore</c>).</param>
    public RequestDelegate Build(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.Use(next => context => AdmitAsync(context, next));
        app.UseRouting();
        app.Use(next => context => GuardAsync(context, next));
        app.UseEndpoints(Map);
        return app.Build();
    }

    private void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/live", Reads, context =>
            TextAsync(context, _lifecycle.State == ServerState.Stopped ? 503 : 200, _lifecycle.State.ToString()));
        endpoints.MapMethods("/ready", Reads, context =>
            TextAsync(context, _lifecycle.State == ServerState.Ready ? 200 : 503, _lifecycle.State.ToString()));
        endpoints.MapMethods("/health", Reads, HealthAsync);
        endpoints.MapMethods("/rocketmq/nsaddr", Reads, context => _options.NsAddrList.Count == 0
            ? TextAsync(context, 404, "no NameServer list configured (nsAddrList)")
            : TextAsync(context, 200, string.Join(';', _options.NsAddrList)));
        if (_meterProvider is not null)
        {
            // OpenTelemetry's exporter, reading this NameServer's pipeline (NameServerMeterProvider).
            endpoints.MapPrometheusScrapingEndpoint("/metrics", _meterProvider, metrics => metrics.Use(NoStore), null);
        }
        else
        {
            endpoints.MapMethods("/metrics", Reads, context => JsonErrorAsync(context, 404, "metrics are not exported"));
        }
        foreach (var page in (string[])["/", "/dashboard", "/index.html"])
        {
            endpoints.MapMethods(page, Reads, context => BytesAsync(context, 200, "text/html; charset=utf-8", Dashboard()))
                .WithMetadata(ShowsRoutes.Instance);
        }
        var api = endpoints.MapGroup("/api").WithMetadata(ShowsRoutes.Instance);
        api.MapMethods("/overview", Reads, OverviewAsync);
        api.MapMethods("/brokers", Reads, BrokersAsync);
        api.MapMethods("/clusters", Reads, ClustersAsync);
        api.MapMethods("/topics", Reads, TopicsAsync);
        api.MapMethods("/digests", Reads, DigestsAsync);
        api.MapMethods("/routes/{**topic}", Reads, TopicRouteAsync);
        endpoints.MapFallback("{**path}", context => JsonErrorAsync(context, 404, $"no such path: {TrimmedPath(context)}"));
    }

    // Before routing: the API is read-only, and the health port serves health only.
    private Task AdmitAsync(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return JsonErrorAsync(context, 405, $"{method} is not allowed: the API is read-only");
        }
        if (context.Connection.LocalPort == _healthOnlyPort && TrimmedPath(context) is not ("/live" or "/ready" or "/health"))
        {
            return TextAsync(context, 404, "use /live, /ready or /health");
        }
        return next(context);
    }

    // After routing: the endpoint is known, so is whether it shows routes.
    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (_authorizer is not null && context.GetEndpoint()?.Metadata.GetMetadata<ShowsRoutes>() is not null
            && !_authorizer.AllowsHttpRead(context.Connection.RemoteIpAddress))
        {
            await JsonErrorAsync(context, 403, "route reads are protected (security.protectRouteReads): only addresses in security.adminAllowList may read this")
                .ConfigureAwait(false);
            return;
        }
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidOperationException && !context.Response.HasStarted)
        {
            await JsonErrorAsync(context, 503, $"the NameServer could not answer: {e.Message}").ConfigureAwait(false);
        }
    }

    // Like every other answer here: a scrape is never served from a cache.
    private static Task NoStore(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers.CacheControl = "no-store";
        return next(context);
    }

    private static string TrimmedPath(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private Task HealthAsync(HttpContext context)
    {
        var state = _lifecycle.State;
        return JsonAsync(context, state == ServerState.Ready ? 200 : 503, w =>
        {
            w.WriteString("status", state == ServerState.Ready ? "UP" : "DOWN");
            w.WriteString("state", state.ToString());
        });
    }

    private async Task OverviewAsync(HttpContext context)
    {
        var core = _core;
        var brokers = await BrokerStatusesAsync().ConfigureAwait(false);
        var metrics = _metrics;
        await JsonAsync(context, 200, w =>
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

    private async Task BrokersAsync(HttpContext context)
    {
        var brokers = await BrokerStatusesAsync().ConfigureAwait(false);
        await JsonAsync(context, 200, w =>
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

    private Task ClustersAsync(HttpContext context)
    {
        var clusterInfo = _core.Routes.ClusterInfo;
        return JsonAsync(context, 200, w =>
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

    private Task TopicsAsync(HttpContext context)
    {
        var parameters = context.Request.Query;
        var search = parameters.TryGetValue("search", out var s) ? s.ToString() : "";
        var limit = DefaultTopicLimit;
        if (parameters.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1 || limit > MaxTopicLimit))
        {
            return JsonErrorAsync(context, 400, $"limit must be a number from 1 to {MaxTopicLimit}");
        }
        var routes = _core.Routes;
        var matched = routes.Topics.Where(t => t.Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
        matched.Sort(StringComparer.Ordinal);
        return JsonAsync(context, 200, w =>
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

    private Task TopicRouteAsync(HttpContext context)
    {
        // From the path as the server decoded it, unescaped once more, as the API always did (a topic may hold '%').
        var topic = Uri.UnescapeDataString(TrimmedPath(context)[RoutesPrefix.Length..]);
        if (!_core.Routes.TryGet(topic, out var snapshot))
        {
            return JsonErrorAsync(context, 404, $"no route for topic '{topic}'");
        }
        return JsonAsync(context, 200, w =>
        {
            w.WriteString("topic", topic);
            w.WriteString("digest", snapshot.Digest);
            w.WritePropertyName("route");
            // The standard-JSON answer that 4.9.4+ clients receive, byte for byte.
            w.WriteRawValue(snapshot.GetBody(JsonMode.Standard).Span);
        });
    }

    private Task DigestsAsync(HttpContext context)
    {
        var routes = _core.Routes;
        var tableDigest = routes.TableDigest();
        var topics = routes.Topics.Order(StringComparer.Ordinal).ToList();
        return JsonAsync(context, 200, w =>
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
            var statuses = await _core.RouteTable.Ask<BrokerStatuses>(GetBrokerStatuses.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
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

    /// <summary>Marks the endpoints that show routes: with protected route reads, only the allow-list may read them.</summary>
    private sealed class ShowsRoutes
    {
        public static readonly ShowsRoutes Instance = new();
    }

    private static Task TextAsync(HttpContext context, int status, string text) =>
        BytesAsync(context, status, TextType, Encoding.UTF8.GetBytes(text + "\n"));

    private static Task JsonErrorAsync(HttpContext context, int status, string error) =>
        JsonAsync(context, status, w => w.WriteString("error", error));

    private static Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        return BytesAsync(context, status, JsonType, buffer.WrittenMemory);
    }

    /// <summary>Writes one response: status, content type and a body built in memory (answers are small).</summary>
    private static async Task BytesAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.BodyWriter.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
