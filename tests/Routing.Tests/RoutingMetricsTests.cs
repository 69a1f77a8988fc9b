using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Runtime;
using NameServer.Actors.Runtime.TestKit;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests;

/// <summary>What RouteTable records on its <see cref="RoutingMetrics"/>, read back with a plain MeterListener.</summary>
public sealed class RoutingMetricsTests : ActorTestKit
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

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
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

        Clock.Advance(TimeSpan.FromSeconds(40));
        AwaitCondition(() => Sum("namesrv.broker.removals|cause=expired") == 1);
        Assert.True(Sum("namesrv.scan.duration") >= 4);
        await _routeTable.Ask<ClusterInfo>(GetClusterInfo.Instance, Timeout);
        Assert.Equal(0, _routes.LiveBrokerCount);
    }
}
