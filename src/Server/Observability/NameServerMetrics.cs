using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Reflection;
using Akka.Actor;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Observability;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// Every instrument of one NameServer, on its own <see cref="Meter"/> named <see cref="MeterName"/> (so exporters and
/// <c>dotnet-counters</c> find it by name, and two NameServers in one process are still measured apart). Tags are
/// bounded: request codes, response codes, request classes, causes and actor kinds, never a topic or an address.
/// Request counts are also kept as plain totals for the HTTP API.
/// </summary>
public sealed class NameServerMetrics : IDisposable
{
    public const string MeterName = "NameServer.Actors";

    /// <summary>The one instrument with many label sets (request code × response code).</summary>
    internal const string RequestsInstrument = "namesrv.requests";

    private const string Other = "other";

    internal static readonly double[] LatencyBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    // Tag values are interned once (request codes' in their RequestTable rows): a measurement on the hot path allocates nothing.
    private static readonly FrozenDictionary<int, string> ResultLabels = Labels(typeof(ResponseCode), UpperSnake);
    private static readonly string[] ClassLabels = ["route_read", "broker_control", "admin_read", "admin_write"];

    // namesrv.requests: one cell per (row of RequestTable, result label), counted here and read by the SDK only when
    // it collects. A Counter cost a tag-set lookup in the SDK on every request (RecordRequest with the pipeline
    // listening: 133 ns with it, 99 ns with the cells; bench/RESULTS.md); a cell costs one interlocked increment.
    private static readonly string[] ResultLabelValues = [.. ResultLabels.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), Other];
    private static readonly FrozenDictionary<int, int> ResultIndex = ResultLabels.ToFrozenDictionary(
        r => r.Key, r => Array.IndexOf(ResultLabelValues, r.Value));
    private readonly long[] _requestCells = new long[RequestTable.MetricRows * ResultLabelValues.Length];
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rejections;
    private readonly long[] _byClass = new long[ClassLabels.Length];
    private long _errors;

    public NameServerMetrics(IMeterFactory? meterFactory = null)
    {
        var version = typeof(NameServerMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Meter = meterFactory?.Create(new MeterOptions(MeterName) { Version = version }) ?? new Meter(MeterName, version);
        Routing = new RoutingMetrics(Meter);
        Meter.CreateObservableCounter(
            RequestsInstrument, ObserveRequests, "{request}", "Requests answered (or handled, when oneway), by request code and response code");
        _duration = Meter.CreateHistogram(
            "namesrv.request.duration", "s", "Time from a request's decoding to its answer being written, by request class",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rejections = Meter.CreateCounter<long>(
            "namesrv.requests.rejected", "{request}",
            "Requests refused before reaching the routing actors, by class and reason: queue_full (the class's server-wide queue), connection_in_flight (maxInFlightPerConnection)");
    }

    public Meter Meter { get; }

    /// <summary>The routing layer's instruments on the same meter.</summary>
    public RoutingMetrics Routing { get; }

    /// <summary>Requests per overload class since start.</summary>
    public long Requests(OverloadClass overloadClass) => Volatile.Read(ref _byClass[(int)overloadClass]);

    /// <summary>Every request since start.</summary>
    public long TotalRequests => _byClass.Sum();

    /// <summary>Answers with a non-zero response code since start.</summary>
    public long Errors => Volatile.Read(ref _errors);

    public static string ClassLabel(OverloadClass overloadClass) => ClassLabels[(int)overloadClass];

    /// <summary>Records one answered request; <paramref name="startedAt"/> is a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public void RecordRequest(int code, int responseCode, long startedAt, TimeProvider time)
    {
        var kind = RequestTable.Of(code);
        var overloadClass = kind.Overload;
        Interlocked.Increment(ref _byClass[(int)overloadClass]);
        if (responseCode != ResponseCode.Success)
        {
            Interlocked.Increment(ref _errors);
        }
        var result = ResultIndex.TryGetValue(responseCode, out var index) ? index : ResultLabelValues.Length - 1;
        Interlocked.Increment(ref _requestCells[(kind.MetricRow * ResultLabelValues.Length) + result]);
        if (_duration.Enabled)
        {
            _duration.Record(time.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("class", ClassLabels[(int)overloadClass]));
        }
    }

    public void RecordRejection(int code, string reason) =>
        _rejections.Add(1,
            new KeyValuePair<string, object?>("class", ClassLabels[(int)RequestTable.Of(code).Overload]),
            new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Observed instruments over the running parts; called once they exist.</summary>
    internal void Observe(ActorSystem system, RouteSnapshots routes, Func<int> openConnections)
    {
        Meter.CreateObservableUpDownCounter("namesrv.connections", openConnections, "{connection}", "Open remoting connections");
        Meter.CreateObservableGauge("namesrv.brokers.live", () => routes.LiveBrokerCount, "{broker}", "Registered broker addresses");
        Meter.CreateObservableGauge("namesrv.topics", () => routes.Count, "{topic}", "Topics with a route");
        Meter.CreateObservableGauge(
            "namesrv.route_table.digest", () => RouteDigest.ToMetricValue(routes.TableDigest()), "",
            "First 48 bits of the route table's digest: equal on NameServers that hold the same routes");
        // Counted by the counting mailboxes and the dead-letter subscription of the system's ActorMetrics; late timer
        // ticks are RouteTable's (RoutingMetrics).
        var actors = ActorMetrics.Get(system);
        Meter.CreateObservableGauge("namesrv.mailbox.depth", () => PerKind(actors.MailboxDepths()), "{message}", "Messages waiting in actor mailboxes, by actor kind");
        Meter.CreateObservableGauge("namesrv.actors", () => PerKind(actors.ActorCounts()), "{actor}", "Live actors, by kind");
        Meter.CreateObservableCounter("namesrv.dead_letters", () => actors.DeadLetters, "{message}", "Messages sent to stopped actors");
    }

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        for (var cell = 0; cell < _requestCells.Length; cell++)
        {
            var count = Volatile.Read(ref _requestCells[cell]);
            if (count != 0)
            {
                yield return new Measurement<long>(count,
                    new KeyValuePair<string, object?>("code", RequestTable.MetricLabelOfRow(cell / ResultLabelValues.Length)),
                    new KeyValuePair<string, object?>("result", ResultLabelValues[cell % ResultLabelValues.Length]));
            }
        }
    }

    /// <summary>Peers per comparison status (pending, same, differs, unreachable).</summary>
    internal void ObservePeers(Func<IReadOnlyList<PeerStatus>> statuses) =>
        Meter.CreateObservableGauge(
            "namesrv.peers", () => PeerStatusNames.Select(status => new Measurement<int>(
                statuses().Count(p => p.Status == status), new KeyValuePair<string, object?>("status", status))),
            "{nameserver}", "Configured peer NameServers by route comparison status: same, differs, unreachable or pending");

    private static readonly string[] PeerStatusNames = ["pending", "same", "differs", "unreachable"];

    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<int>> PerKind(IReadOnlyDictionary<string, int> counts) =>
        counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("kind", c.Key)));

    private static FrozenDictionary<int, string> Labels(Type codes, Func<string, string> name) =>
        codes.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .GroupBy(f => (int)f.GetRawConstantValue()!)
            .ToFrozenDictionary(g => g.Key, g => name(g.First().Name));

    private static string UpperSnake(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
