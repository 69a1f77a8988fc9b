namespace NameServer.Actors.LoadGen;

/// <summary>How route queries spread over the topics.</summary>
public enum DistributionKind
{
    Uniform,
    Zipf,
}

/// <summary>
/// Immutable topic-index distribution shared by all connections; each connection draws with its own
/// <see cref="TopicPicker"/>. Zipf: topic k (0-based) has weight 1 / (k + 1)^skew.
/// </summary>
public sealed class TopicDistribution
{
    private readonly double[]? _cumulative;

    public TopicDistribution(int topicCount, DistributionKind kind, double skew)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topicCount, 1);
        TopicCount = topicCount;
        Kind = kind;
        if (kind == DistributionKind.Zipf)
        {
            if (!(skew > 0) || double.IsInfinity(skew))
            {
                throw new ArgumentOutOfRangeException(nameof(skew), skew, "Zipf skew must be a positive number.");
            }
            _cumulative = new double[topicCount];
            var sum = 0.0;
            for (var k = 0; k < topicCount; k++)
            {
                sum += 1.0 / Math.Pow(k + 1, skew);
                _cumulative[k] = sum;
            }
            for (var k = 0; k < topicCount; k++)
            {
                _cumulative[k] /= sum;
            }
        }
    }

    public int TopicCount { get; }

    public DistributionKind Kind { get; }

    /// <summary>Maps a uniform draw in [0, 1) to a topic index.</summary>
    public int IndexFor(double uniform)
    {
        if (_cumulative is null)
        {
            return Math.Min((int)(uniform * TopicCount), TopicCount - 1);
        }
        int low = 0, high = _cumulative.Length - 1;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_cumulative[mid] > uniform)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }
        return low;
    }
}

/// <summary>A connection's own allocation-free random source (xorshift64*) over a <see cref="TopicDistribution"/>.</summary>
public sealed class TopicPicker
{
    private readonly TopicDistribution _distribution;
    private ulong _state;

    public TopicPicker(TopicDistribution distribution, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        _distribution = distribution;
        _state = seed * 0x9E3779B97F4A7C15UL | 1;
    }

    public int Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        var bits = (_state * 0x2545F4914F6CDD1DUL) >> 11;
        return _distribution.IndexFor(bits * (1.0 / (1UL << 53)));
    }
}
