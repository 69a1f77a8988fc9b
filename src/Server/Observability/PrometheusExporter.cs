using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// Collects the measurements of the instruments of some <see cref="Meter"/> instances and writes them in the
/// Prometheus text exposition format (version 0.0.4), for a <c>/metrics</c> endpoint.
/// </summary>
/// <remarks>
/// Supported: Counter, UpDownCounter, Histogram, Gauge and their observable forms (no observable histogram exists),
/// for byte, short, int, long, float, double and decimal values. Recording into an existing series takes no lock
/// and allocates nothing; a new series takes a lock. Each instrument keeps at most
/// <see cref="DefaultMaxSeriesPerInstrument"/> tag sets (or the number given); measurements with further tag sets
/// are dropped and counted in the family <c>metrics_dropped_series_total</c>, shown once non-zero. Observable
/// instruments are observed when the exposition is written; an observation callback that throws is counted in
/// <c>metrics_observation_errors_total</c> (shown once non-zero) and its instrument shows no samples that time.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public const int DefaultMaxSeriesPerInstrument = 2000;

    private const string DroppedFamily = "metrics_dropped_series_total";
    private const string ObservationErrorsFamily = "metrics_observation_errors_total";

    private readonly Meter[] _meters;
    private readonly int _maxSeriesPerInstrument;
    private readonly DroppedCounter _dropped = new();
    private readonly object _registryLock = new();
    private readonly List<InstrumentAggregator> _aggregators = [];
    private readonly object _renderLock = new();
    private readonly MeterListener _listener;
    private long _observationErrors;
    private int _disposed;

    /// <summary>
    /// Exports only instruments whose Meter is one of these instances (reference equality), so two NameServers in
    /// one process each export only their own metrics even though their meters share a name.
    /// </summary>
    public PrometheusExporter(params Meter[] meters)
        : this(DefaultMaxSeriesPerInstrument, meters)
    {
    }

    /// <summary>As <see cref="PrometheusExporter(Meter[])"/>, with another cap on the tag sets per instrument.</summary>
    public PrometheusExporter(int maxSeriesPerInstrument, params Meter[] meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeriesPerInstrument, 1);
        foreach (var meter in meters)
        {
            ArgumentNullException.ThrowIfNull(meter, nameof(meters));
        }

        _meters = [.. meters];
        _maxSeriesPerInstrument = maxSeriesPerInstrument;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => Aggregator(state).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => Aggregator(state).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => Aggregator(state).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => Aggregator(state).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => Aggregator(state).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => Aggregator(state).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(
            static (_, value, tags, state) => Aggregator(state).Record((double)value, tags));
        // Start publishes the instruments created before this exporter too.
        _listener.Start();
    }

    /// <summary>
    /// Observes the observable instruments, then writes the whole exposition as UTF-8: metric families ordered by
    /// name, series within a family by label text.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var writer = new PrometheusTextWriter(output);
        foreach (var family in Collect())
        {
            writer.WriteFamilyHeader(family.Name, family.Help, family.Type);
            foreach (var sample in family.Samples)
            {
                sample.Write(writer, family.Name);
            }
        }
    }

    /// <summary>The exposition as a string (tests, small outputs).</summary>
    public string Render()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _listener.Dispose();
        }
    }

    private static InstrumentAggregator Aggregator(object? state) => (InstrumentAggregator)state!;

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!IsOneOfOurMeters(instrument.Meter))
        {
            return;
        }

        var aggregator = InstrumentAggregator.TryCreate(instrument, _maxSeriesPerInstrument, _dropped);
        if (aggregator is null)
        {
            return;
        }

        lock (_registryLock)
        {
            _aggregators.Add(aggregator);
        }

        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    // By reference: meters of two servers in one process share a name.
    private bool IsOneOfOurMeters(Meter meter)
    {
        foreach (var candidate in _meters)
        {
            if (ReferenceEquals(candidate, meter))
            {
                return true;
            }
        }

        return false;
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is InstrumentAggregator aggregator)
        {
            lock (_registryLock)
            {
                _aggregators.Remove(aggregator);
            }
        }
    }

    private List<Family> Collect()
    {
        lock (_renderLock)
        {
            InstrumentAggregator[] aggregators;
            lock (_registryLock)
            {
                aggregators = [.. _aggregators];
            }

            foreach (var aggregator in aggregators)
            {
                aggregator.BeginObservation();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException failures)
            {
                // One failing callback must not take the whole endpoint down; the others were still observed.
                _observationErrors += failures.InnerExceptions.Count;
            }

            return BuildFamilies(aggregators);
        }
    }

    private List<Family> BuildFamilies(InstrumentAggregator[] aggregators)
    {
        // Instruments whose names collide after sanitizing (or same-named instruments of two of the meters) share a
        // family; the first registered decides its type and, for equal label texts, which series is shown.
        var families = new SortedDictionary<string, Family>(StringComparer.Ordinal);
        foreach (var aggregator in aggregators)
        {
            if (!families.TryGetValue(aggregator.FamilyName, out var family))
            {
                family = new Family(aggregator.FamilyName, aggregator.Type, aggregator.Help);
                families.Add(family.Name, family);
            }
            else if (family.Type != aggregator.Type)
            {
                continue;
            }

            aggregator.CollectSamples(family.Samples);
        }

        AddOwnCounter(families, DroppedFamily, _dropped.Value,
            "Measurements dropped because their instrument already had the maximum number of series.");
        AddOwnCounter(families, ObservationErrorsFamily, _observationErrors,
            "Observable instrument callbacks that threw while the metrics were being collected.");

        var result = new List<Family>(families.Count);
        foreach (var family in families.Values)
        {
            if (family.Samples.Count == 0)
            {
                continue;
            }

            // Stable sort, so the first instrument's series wins among equal label texts.
            var ordered = family.Samples.OrderBy(s => s.Labels, StringComparer.Ordinal).ToList();
            family.Samples.Clear();
            foreach (var sample in ordered)
            {
                if (family.Samples.Count == 0 || family.Samples[^1].Labels != sample.Labels)
                {
                    family.Samples.Add(sample);
                }
            }

            result.Add(family);
        }

        return result;
    }

    private static void AddOwnCounter(SortedDictionary<string, Family> families, string name, long value, string help)
    {
        if (value > 0 && !families.ContainsKey(name))
        {
            var family = new Family(name, "counter", help);
            family.Samples.Add(new NumberSample("", value, integral: true));
            families.Add(name, family);
        }
    }

    private sealed class Family(string name, string type, string help)
    {
        public string Name { get; } = name;
        public string Type { get; } = type;
        public string Help { get; } = help;
        public List<Sample> Samples { get; } = [];
    }
}
