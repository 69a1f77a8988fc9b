using System.Numerics;

namespace NameServer.Actors.LoadGen;

/// <summary>
/// Log-linear latency histogram in microseconds (HdrHistogram-like): exact below 2,048 µs, then 1,024 sub-buckets per
/// power of two (under 0.1 % relative error), up to <see cref="MaxValue"/>; larger values are clamped. One writer at a
/// time (one per connection); merge the per-connection histograms at the end with <see cref="Add"/>.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>10 s in microseconds.</summary>
    public const long MaxValue = 10_000_000;

    private const int LinearLimit = 2048;
    private const int SubBuckets = 1024;
    private const int SubBucketBits = 10;

    private static readonly int BucketCount = IndexOf(MaxValue) + 1;

    private readonly long[] _counts = new long[BucketCount];
    private long _max;
    private long _sum;

    public long Count { get; private set; }

    /// <summary>Largest recorded value (exact, after clamping to <see cref="MaxValue"/>).</summary>
    public long Max => _max;

    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    public void Record(long micros)
    {
        var value = Math.Clamp(micros, 0, MaxValue);
        _counts[IndexOf(value)]++;
        Count++;
        _sum += value;
        if (value > _max)
        {
            _max = value;
        }
    }

    /// <summary>Adds every count of <paramref name="other"/> to this one.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
        _sum += other._sum;
        _max = Math.Max(_max, other._max);
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Count = 0;
        _sum = 0;
        _max = 0;
    }

    /// <summary>
    /// The smallest recorded value v such that at least <paramref name="percentile"/> % of the values are ≤ v (to the
    /// bucket's resolution, never above <see cref="Max"/>); 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (double.IsNaN(percentile) || percentile is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "Percentile must be between 0 and 100.");
        }
        if (Count == 0)
        {
            return 0;
        }
        // Rounded first so that 99.9 % of 1,000 is rank 999, not 1,000 because of binary floating point.
        var rank = Math.Max(1, (long)Math.Ceiling(Math.Round(percentile / 100.0 * Count, 6)));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), _max);
            }
        }
        return _max;
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = msb - SubBucketBits;
        return LinearLimit + ((shift - 1) * SubBuckets) + (int)((value >> shift) - SubBuckets);
    }

    internal static long HighestEquivalent(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }
        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var sub = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }
}
