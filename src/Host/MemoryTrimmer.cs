using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Host;

/// <summary>
/// When to compact the heap (<see cref="MemoryTrimmer"/>): a burst allocated much since the last full collection
/// and the process has gone quiet. "Much" is half the heap that the last collection left, between a floor and a cap:
/// a small heap whose gen0 budget (sized from the CPU cache, about 17 MiB here) is never used up still gets its
/// garbage back, and a large one is compacted after every burst of the cap's size (32 × 10,000 distinct topics leaves
/// about 46 MiB of Kestrel buffers behind per registration round). Plain state; the caller samples the runtime's
/// counters once per interval.
/// </summary>
internal sealed class MemoryTrimPolicy(long minimumBytes, long maximumBytes)
{
    private long _allocatedAtLastCheck;
    private long _allocatedAtFullCollection;
    private int _fullCollections = -1;
    private bool _lookAgain;
    private bool _followingUp;

    /// <param name="allocatedBytes">Bytes allocated since the process started (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    /// <param name="fullCollections">Full collections so far (<see cref="GC.CollectionCount"/> of generation 2).</param>
    /// <param name="heapBytes">Heap size after the last collection of any kind (0 before the first).</param>
    /// <returns>True when at least the threshold was allocated since the last full collection, and less than a
    /// quarter of it since the previous check: the burst's garbage is still held, and nothing will collect it soon.
    /// Also true once at the next quiet check after a trim that freed little (<see cref="Trimmed"/>).</returns>
    public bool ShouldTrim(long allocatedBytes, int fullCollections, long heapBytes)
    {
        var thresholdBytes = Math.Clamp(heapBytes / 2, minimumBytes, maximumBytes);
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
        var quiet = sinceCheck < thresholdBytes / 4;
        _followingUp = _lookAgain && quiet;
        return _followingUp || (sinceCollection >= thresholdBytes && quiet);
    }

    /// <summary>
    /// Tells the policy what a trim gave back. One that freed less than an eighth of the working set probably came
    /// while the burst's buffers were still in use (registrations queued for a decode allocate little, so the process
    /// already looked quiet), and they become garbage afterwards with nothing left to collect them: the next quiet
    /// check trims once more. A follow-up trim never asks for another.
    /// </summary>
    public void Trimmed(long workingSetBefore, long workingSetAfter) =>
        _lookAgain = !_followingUp && workingSetBefore - workingSetAfter < workingSetBefore / 8;
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
    /// <summary>The least allocated since the last full collection before a quiet process is compacted.</summary>
    public const long MinimumBytes = 8L * 1024 * 1024;

    /// <summary>Enough allocated since the last full collection for a quiet process of any size to be compacted.</summary>
    public const long MaximumBytes = 32L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new MemoryTrimPolicy(MinimumBytes, MaximumBytes);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!policy.ShouldTrim(GC.GetTotalAllocatedBytes(), GC.CollectionCount(2), GC.GetGCMemoryInfo().HeapSizeBytes))
                {
                    continue;
                }
                var before = Environment.WorkingSet;
                var started = time.GetTimestamp();
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                NativeHeap.Trim();
                var after = Environment.WorkingSet;
                policy.Trimmed(before, after);
                log.LogDebug(
                    "Heap compacted after a quiet {Interval} in {Pause} ms: working set {Before} MiB, now {After} MiB",
                    interval, (long)time.GetElapsedTime(started).TotalMilliseconds, before >> 20, after >> 20);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// glibc keeps freed native memory (the runtime's own, OpenSSL's, the JIT's) in its arenas for reuse; after a burst
/// most of it is free and stays resident. <c>malloc_trim</c> gives the free pages back. Linux with glibc only: elsewhere
/// (musl, other systems) the entry point is missing and this does nothing.
/// </summary>
internal static class NativeHeap
{
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (s_unavailable)
        {
            return;
        }
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and Host needs no unsafe code for it.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
