using System.Diagnostics.Metrics;

namespace NameServer.Actors.Routing;

/// <summary>
/// The routing layer's instruments, on a meter its owner creates (one per NameServer, so two in one process are
/// measured apart). RouteTable records into them; the snapshots' sizes are observed by the owner. Tags are bounded:
/// results and causes only, never a topic or an address.
/// </summary>
public sealed class RoutingMetrics
{
    internal static readonly double[] ScanBuckets = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1];

    public RoutingMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Registrations = meter.CreateCounter<long>(
            "namesrv.registrations", "{registration}",
            "REGISTER_BROKER requests applied, by result: changed (routes or membership changed), unchanged (a heartbeat in effect), fenced or refused");
        Removals = meter.CreateCounter<long>(
            "namesrv.broker.removals", "{broker}", "Broker addresses removed, by cause: expired, connection closed or unregister");
        ScanDuration = meter.CreateHistogram(
            "namesrv.scan.duration", "s", "Time one expiry scan of the live-broker table took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScanBuckets });
        meter.CreateObservableCounter(
            "namesrv.timer.late_ticks", () => Volatile.Read(ref _lateTicks), "{tick}",
            "Periodic timer ticks that fired more than one interval late");
    }

    /// <summary>No instruments: the meter-less default of tests and embedders that do not measure.</summary>
    public static RoutingMetrics None { get; } = new(new Meter("NameServer.Actors.Unmeasured"));

    internal Counter<long> Registrations { get; }

    internal Counter<long> Removals { get; }

    internal Histogram<double> ScanDuration { get; }

    /// <summary>Expiry scans that arrived more than one interval late (the process or the actor was held up).</summary>
    public long LateTicks => Volatile.Read(ref _lateTicks);

    private long _lateTicks;

    internal void LateTick() => Interlocked.Increment(ref _lateTicks);
}
