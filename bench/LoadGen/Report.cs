namespace NameServer.Actors.LoadGen;

/// <summary>Latency percentiles in microseconds.</summary>
public sealed record LatencySummary(long P50Us, long P99Us, long P999Us, long MaxUs, double MeanUs)
{
    public static LatencySummary From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return new LatencySummary(
            histogram.ValueAtPercentile(50),
            histogram.ValueAtPercentile(99),
            histogram.ValueAtPercentile(99.9),
            histogram.Max,
            Math.Round(histogram.Mean, 1));
    }
}

/// <summary>Route-query figures of one run against one target.</summary>
public sealed record RouteResult(
    string Target,
    int Connections,
    int Depth,
    double Seconds,
    long Answers,
    long Ok,
    double RequestsPerSecond,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    IReadOnlyList<string> ConnectionFailures)
{
    /// <summary>
    /// Socket reads per answer over the whole run: above 1 means answers arrive split over several TCP segments (each
    /// costing this client another wake-up); well below 1 means batching.
    /// </summary>
    public double ReadsPerAnswer { get; init; }

    /// <summary>CPU used by this load generator's whole process in the window, in % of one core.</summary>
    public double ClientCpuPercentOfOneCore { get; init; }
}

/// <summary>Register-storm figures: successful registrations per second and their latency.</summary>
public sealed record RegisterResult(
    int Brokers,
    int TopicsPerBroker,
    long Registrations,
    double RegistrationsPerSecond,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> ErrorsByCode);

/// <summary>The server's use of resources during the measured window (from <c>--pid</c>).</summary>
public sealed record ServerStats(int Pid, double CpuSeconds, double CpuPercentOfOneCore, long RssKb, long PeakRssKb);

/// <summary>Everything one invocation measured.</summary>
public sealed record LoadReport(
    string Target,
    string Mode,
    double WarmupSeconds,
    double DurationSeconds,
    string? Populated,
    RouteResult? Route,
    RegisterResult? Register,
    ServerStats? Server,
    RouteResult? ClientCeiling,
    IReadOnlyList<string> Notes);
