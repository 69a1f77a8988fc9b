using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.TestKit;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>What RouteTable records on its <see cref="RoutingMetrics"/>, read back with a plain MeterListener.</summary>
public sealed class RoutingMetricsTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(10);

    private readonly Meter _meter = new("RoutingMetricsTests");
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();
    private readonly RouteSnapshots _routes = new();
    private readonly IActorRef _routeTable;
    private readonly IActorRef _sessions;

    public RoutingMetricsTests()
        : base(VirtualTime.Config)
    {
        var metrics = new RoutingMetrics(_meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, 1, tags));
        _listener.Start();
        _routeTable = Sys.ActorOf(RouteTable.Props(new RouteTableState(), _routes, ScanInterval, metrics), "route-table");
        _sessions = Sys.ActorOf(BrokerSessions.Props(_routeTable, new ConnectionEpochs()), "sessions");
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
        _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
    }

    private double Sum(string key) => _sums.GetValueOrDefault(key);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _listener.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task RouteTable_records_registration_results_expiries_and_scans_when_a_broker_registers_and_goes_silent()
    {
        var session = await _sessions.Ask<SessionOpened>(new OpenSession(null), Timeout);
        var command = Reg5("broker-a", 0, "10.0.0.1:10911", Body(V(1), "TopicA", "TBW102"), timeout: 30_000);
        await session.Session.Ask<RegisterResult>(new SessionRegister(command), Timeout);
        await session.Session.Ask<RegisterResult>(new SessionRegister(command), Timeout);

        Assert.Equal(1, Sum("namesrv.registrations|result=changed"));
        Assert.Equal(1, Sum("namesrv.registrations|result=unchanged"));

        for (var i = 0; i < 4; i++)
        {
            ((TestScheduler)Sys.Scheduler).Advance(ScanInterval);
            await _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);
        }

        Assert.Equal(1, Sum("namesrv.broker.removals|cause=expired"));
        Assert.Equal(4, Sum("namesrv.scan.duration"));
        Assert.Equal(0, _routes.LiveBrokerCount);
    }
}
