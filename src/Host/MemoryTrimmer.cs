using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Host;

/// <summary>
/// When to compact the heap (<see cref="MemoryTrimmer"/>): a burst allocated much since the last full collection
/// and the process has gone quiet. Plain state; the caller samples the runtime's counters once per interval.
/// </summary>
internal sealed class MemoryTrimPolicy(long thresholdBytes)
{
    private long _allocatedAtLastCheck;
    private long _allocatedAtFullCollection;
    private int _fullCollections = -1;

    /// <param name="allocatedBytes">Bytes allocated since the process started (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    /// <param name="fullCollections">Full collections so far (<see cref="GC.CollectionCount"/> of generation 2).</param>
    /// <returns>True when at least the threshold was allocated since the last full collection, and less than a
    /// quarter of it since the previous check: the burst's garbage is still held, and nothing will collect it soon.</returns>
    public bool ShouldTrim(long allocatedBytes, int fullCollections)
    {
        if (fullCollections != _fullCollections)
        {
            // Collected since the last look (by the runtime or by us): count from here. Up to one interval of
            // allocations is attributed to before the collection, which only delays a trim.
            _fullCollections = fullCollections;
            _allocatedAtFullCollection = _allocatedAtLastCheck;
        }
        var sinceCollection = allocatedBytes - _allocatedAtFullCollection;
        var sinceCheck = allocatedBytes - _allocatedAtLastCheck;
        _allocatedAtLastCheck = allocatedBytes;
        return sinceCollection >= thresholdBytes && sinceCheck < thresholdBytes / 4;
    }
}

/// <summary>
/// Returns a burst's garbage to the operating system once namesrv goes quiet (<c>memoryTrimIntervalSeconds</c>), as
/// G1's periodic collection does for the JVM (JEP 346). A large table's first registration allocates far more than
/// it keeps; afterwards unchanged re-registrations and route queries allocate almost nothing, so the runtime has no
/// reason to collect and the garbage stays resident (tens of MiB at 32 brokers × 10,000 topics). One compacting,
/// decommitting collection then gives it back; under steady allocation (a registration storm) the runtime collects
/// by itself and this stays out of the way. Only in namesrv: an embedding process owns its own heap.
/// </summary>
internal sealed class MemoryTrimmer(TimeSpan interval, ILogger<MemoryTrimmer> log, TimeProvider time) : BackgroundService
{
    /// <summary>Allocated since the last full collection before a quiet process is compacted.</summary>
    public const long ThresholdBytes = 32L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new MemoryTrimPolicy(ThresholdBytes);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!policy.ShouldTrim(GC.GetTotalAllocatedBytes(), GC.CollectionCount(2)))
                {
                    continue;
                }
                var before = Environment.WorkingSet;
                var started = time.GetTimestamp();
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                log.LogDebug(
                    "Heap compacted after a quiet {Interval} in {Pause} ms: working set {Before} MiB, now {After} MiB",
                    interval, (long)time.GetElapsedTime(started).TotalMilliseconds, before >> 20, Environment.WorkingSet >> 20);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
