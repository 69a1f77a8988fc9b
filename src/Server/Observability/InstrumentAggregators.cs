using System.Diagnostics.Metrics;
using System.Globalization;

namespace NameServer.Actors.Server.Observability;

/// <summary>
/// What the exporter keeps for one instrument: its family name and type, and its series. The measurement callbacks
/// call <see cref="Record(long, ReadOnlySpan{KeyValuePair{string, object?}})"/> for integral instruments (byte,
/// short, int, long) and <see cref="Record(double, ReadOnlySpan{KeyValuePair{string, object?}})"/> for the others
/// (float, double, decimal).
/// </summary>
internal abstract class InstrumentAggregator
{
    protected InstrumentAggregator(Instrument instrument, string familyName, string type, string? reservedLabel)
    {
        FamilyName = familyName;
        Type = type;
        Help = PrometheusNames.EscapeHelp(string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description);
        InstrumentLabels = PrometheusNames.InstrumentLabels(instrument.Tags, reservedLabel);
        ReservedLabel = reservedLabel;
    }

    public string FamilyName { get; }

    /// <summary>"counter", "gauge" or "histogram".</summary>
    public string Type { get; }

    /// <summary>Already escaped.</summary>
    public string Help { get; }

    protected KeyValuePair<string, string>[] InstrumentLabels { get; }

    protected string? ReservedLabel { get; }

    public abstract void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before the observable instruments are observed for a render.</summary>
    public virtual void BeginObservation()
    {
    }

    public abstract void CollectSamples(List<Sample> samples);

    protected string LabelText(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        PrometheusNames.LabelText(InstrumentLabels, tags, ReservedLabel);

    /// <summary>The aggregator for an instrument kind this exporter understands, else null.</summary>
    public static InstrumentAggregator? TryCreate(Instrument instrument, int maxSeries, DroppedCounter dropped)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var valueType = type.GetGenericArguments()[0];
        bool integral;
        if (valueType == typeof(byte) || valueType == typeof(short) || valueType == typeof(int) || valueType == typeof(long))
        {
            integral = true;
        }
        else if (valueType == typeof(float) || valueType == typeof(double) || valueType == typeof(decimal))
        {
            integral = false;
        }
        else
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        string Name(bool monotonic) => PrometheusNames.FamilyName(instrument.Name, instrument.Unit, monotonic);

        if (definition == typeof(Counter<>))
        {
            return new SumAggregator(instrument, Name(true), "counter", integral, maxSeries, dropped);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new SumAggregator(instrument, Name(false), "gauge", integral, maxSeries, dropped);
        }

        if (definition == typeof(Gauge<>))
        {
            return new LastValueAggregator(instrument, Name(false), integral, maxSeries, dropped);
        }

        if (definition == typeof(Histogram<>))
        {
            var bounds = HistogramBounds.FromAdvice(instrument) ?? HistogramBounds.Default(instrument.Unit);
            return new HistogramAggregator(instrument, Name(false), integral, bounds, maxSeries, dropped);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return new ObservableAggregator(instrument, Name(true), "counter", integral, maxSeries, dropped);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>))
        {
            return new ObservableAggregator(instrument, Name(false), "gauge", integral, maxSeries, dropped);
        }

        return null;
    }
}

/// <summary>One value: a long, or a double's bits, depending on the instrument.</summary>
internal sealed class NumberCell(string labels) : SeriesCell(labels)
{
    public long Bits;
}

/// <summary>Counter and UpDownCounter: the sum of all measurements per series.</summary>
internal sealed class SumAggregator : InstrumentAggregator
{
    private readonly SeriesTable<NumberCell> _series;
    private readonly bool _integral;

    public SumAggregator(Instrument instrument, string familyName, string type, bool integral, int maxSeries, DroppedCounter dropped)
        : base(instrument, familyName, type, reservedLabel: null)
    {
        _integral = integral;
        _series = new(static labels => new NumberCell(labels), LabelText, maxSeries, dropped);
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(tags);
        if (cell is not null)
        {
            Interlocked.Add(ref cell.Bits, value);
        }
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(tags);
        if (cell is not null)
        {
            AtomicDouble.Add(ref cell.Bits, value);
        }
    }

    public override void CollectSamples(List<Sample> samples)
    {
        foreach (var cell in _series.Cells())
        {
            samples.Add(new NumberSample(cell.Labels, Volatile.Read(ref cell.Bits), _integral));
        }
    }
}

/// <summary>Synchronous Gauge: the last value recorded per series.</summary>
internal sealed class LastValueAggregator : InstrumentAggregator
{
    private readonly SeriesTable<NumberCell> _series;
    private readonly bool _integral;

    public LastValueAggregator(Instrument instrument, string familyName, bool integral, int maxSeries, DroppedCounter dropped)
        : base(instrument, familyName, "gauge", reservedLabel: null)
    {
        _integral = integral;
        _series = new(static labels => new NumberCell(labels), LabelText, maxSeries, dropped);
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(tags);
        if (cell is not null)
        {
            Volatile.Write(ref cell.Bits, value);
        }
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(tags);
        if (cell is not null)
        {
            Volatile.Write(ref cell.Bits, BitConverter.DoubleToInt64Bits(value));
        }
    }

    public override void CollectSamples(List<Sample> samples)
    {
        foreach (var cell in _series.Cells())
        {
            samples.Add(new NumberSample(cell.Labels, Volatile.Read(ref cell.Bits), _integral));
        }
    }
}

/// <summary>Per-bucket counts (not cumulative) and the sum of one histogram series.</summary>
internal sealed class HistogramCell(string labels, int buckets) : SeriesCell(labels)
{
    public readonly long[] Counts = new long[buckets];
    public long SumBits;
}

/// <summary>Histogram: one count per bucket (found by binary search) and the sum, per series.</summary>
internal sealed class HistogramAggregator : InstrumentAggregator
{
    private readonly SeriesTable<HistogramCell> _series;
    private readonly bool _integral;
    private readonly double[] _bounds;
    private readonly string[] _boundTexts;

    public HistogramAggregator(
        Instrument instrument, string familyName, bool integral, double[] bounds, int maxSeries, DroppedCounter dropped)
        : base(instrument, familyName, "histogram", reservedLabel: "le")
    {
        _integral = integral;
        _bounds = bounds;
        _boundTexts = [.. bounds.Select(PrometheusNames.FormatDouble)];
        var buckets = bounds.Length + 1;
        _series = new(labels => new HistogramCell(labels, buckets), LabelText, maxSeries, dropped);
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(tags);
        if (cell is not null)
        {
            Interlocked.Increment(ref cell.Counts[BucketIndex(value)]);
            Interlocked.Add(ref cell.SumBits, value);
        }
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(tags);
        if (cell is not null)
        {
            Interlocked.Increment(ref cell.Counts[BucketIndex(value)]);
            AtomicDouble.Add(ref cell.SumBits, value);
        }
    }

    /// <summary>The first bucket whose upper bound is at least the value (le is inclusive); NaN lands in +Inf.</summary>
    private int BucketIndex(double value)
    {
        var bounds = _bounds;
        int low = 0, high = bounds.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (value <= bounds[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    public override void CollectSamples(List<Sample> samples)
    {
        foreach (var cell in _series.Cells())
        {
            var cumulative = new long[cell.Counts.Length];
            long running = 0;
            for (var i = 0; i < cumulative.Length; i++)
            {
                running += Volatile.Read(ref cell.Counts[i]);
                cumulative[i] = running;
            }

            samples.Add(new HistogramSample(cell.Labels, _boundTexts, cumulative, Volatile.Read(ref cell.SumBits), _integral));
        }
    }
}

/// <summary>
/// ObservableCounter, ObservableUpDownCounter and ObservableGauge: the values reported by the latest observation,
/// which happens during a render (under the exporter's render lock), so series no longer reported disappear.
/// </summary>
internal sealed class ObservableAggregator : InstrumentAggregator
{
    private readonly object _lock = new();
    private readonly bool _integral;
    private readonly int _maxSeries;
    private readonly DroppedCounter _dropped;
    private Dictionary<string, long> _observed = new(StringComparer.Ordinal);

    public ObservableAggregator(
        Instrument instrument, string familyName, string type, bool integral, int maxSeries, DroppedCounter dropped)
        : base(instrument, familyName, type, reservedLabel: null)
    {
        _integral = integral;
        _maxSeries = maxSeries;
        _dropped = dropped;
    }

    public override void BeginObservation()
    {
        lock (_lock)
        {
            _observed = new(StringComparer.Ordinal);
        }
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Observe(LabelText(tags), value);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Observe(LabelText(tags), BitConverter.DoubleToInt64Bits(value));

    private void Observe(string labels, long bits)
    {
        lock (_lock)
        {
            if (_observed.Count >= _maxSeries && !_observed.ContainsKey(labels))
            {
                _dropped.Increment();
                return;
            }

            // Reported twice in one observation: the later value wins.
            _observed[labels] = bits;
        }
    }

    public override void CollectSamples(List<Sample> samples)
    {
        lock (_lock)
        {
            foreach (var (labels, bits) in _observed)
            {
                samples.Add(new NumberSample(labels, bits, _integral));
            }
        }
    }
}

/// <summary>Adds to a double kept as its bits, lock-free.</summary>
internal static class AtomicDouble
{
    public static void Add(ref long bits, double value)
    {
        var current = Volatile.Read(ref bits);
        while (true)
        {
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
            var seen = Interlocked.CompareExchange(ref bits, next, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>Histogram bucket upper bounds (without +Inf).</summary>
internal static class HistogramBounds
{
    // 100 µs to 10 s: request handling in this server is mostly well under a millisecond, timeouts are seconds.
    private static readonly double[] s_seconds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] s_generic =
        [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>The seconds buckets, scaled for "ms" and "us"; a generic spread for other units.</summary>
    public static double[] Default(string? unit) => unit switch
    {
        "s" => [.. s_seconds],
        "ms" => [.. s_seconds.Select(b => Math.Round(b * 1e3, 6))],
        "us" => [.. s_seconds.Select(b => Math.Round(b * 1e6, 6))],
        _ => [.. s_generic],
    };

    /// <summary>The instrument's advised boundaries (finite, strictly increasing), or null if it has none.</summary>
    public static double[]? FromAdvice(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<byte> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<short> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<int> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<long> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<float> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<double> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<decimal> i => Convert(i.Advice?.HistogramBucketBoundaries),
            _ => null,
        };
        if (advised is null)
        {
            return null;
        }

        var bounds = new List<double>(advised.Count);
        foreach (var bound in advised)
        {
            if (double.IsFinite(bound) && (bounds.Count == 0 || bound > bounds[^1]))
            {
                bounds.Add(bound);
            }
        }

        return [.. bounds];
    }

    private static List<double>? Convert<T>(IReadOnlyList<T>? bounds)
        where T : struct =>
        bounds?.Select(b => System.Convert.ToDouble(b, CultureInfo.InvariantCulture)).ToList();
}

/// <summary>One series as rendered: its label text and how to write its lines.</summary>
internal abstract class Sample(string labels)
{
    public string Labels { get; } = labels;

    public abstract void Write(PrometheusTextWriter writer, string family);
}

internal sealed class NumberSample(string labels, long bits, bool integral) : Sample(labels)
{
    public override void Write(PrometheusTextWriter writer, string family)
    {
        writer.WriteSampleStart(family, "", Labels);
        if (integral)
        {
            writer.WriteValue(bits);
        }
        else
        {
            writer.WriteValue(BitConverter.Int64BitsToDouble(bits));
        }
    }
}

internal sealed class HistogramSample(string labels, string[] boundTexts, long[] cumulative, long sumBits, bool integral)
    : Sample(labels)
{
    public override void Write(PrometheusTextWriter writer, string family)
    {
        for (var i = 0; i < boundTexts.Length; i++)
        {
            writer.WriteSampleStart(family, "_bucket", Labels, "le", boundTexts[i]);
            writer.WriteValue(cumulative[i]);
        }

        writer.WriteSampleStart(family, "_bucket", Labels, "le", "+Inf");
        writer.WriteValue(cumulative[^1]);
        writer.WriteSampleStart(family, "_sum", Labels);
        if (integral)
        {
            writer.WriteValue(sumBits);
        }
        else
        {
            writer.WriteValue(BitConverter.Int64BitsToDouble(sumBits));
        }

        writer.WriteSampleStart(family, "_count", Labels);
        writer.WriteValue(cumulative[^1]);
    }
}
