using System.Buffers;
using System.Globalization;
using System.Reflection;
using Akka.Actor;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests;

/// <summary>
/// The one table of request codes (<see cref="RequestTable"/>): one row per answered code, and dispatch, the route
/// hot path, overload and metrics doing what the rows say (authorization: <c>Security/AdminAuthorizerTests</c>).
/// </summary>
public sealed class RequestTableTests : IAsyncLifetime
{
    private const int UnknownCode = 9999;

    private ActorSystem _system = null!;
    private RoutingCore _core = null!;
    private IActorRef _session = null!;

    /// <summary>Every row's code, and a code without a row.</summary>
    public static TheoryData<int> Codes() => [.. RequestTable.Rows.Select(row => row.Code), UnknownCode];

    public async Task InitializeAsync()
    {
        _system = ActorSystem.Create("request-table-tests");
        _core = await RoutingCore.StartAsync(_system, NamesrvSettings.Default, persist: false);
        _session = (await _core.Sessions.Ask<SessionOpened>(new OpenSession(), TimeSpan.FromSeconds(5))).Session;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    private RequestDispatcher Dispatcher(Func<ServerSettings, ServerSettings>? change = null, NameServerMetrics? metrics = null)
    {
        var lifecycle = new ServerLifecycle();
        lifecycle.MoveTo(ServerState.Ready);
        var settings = NameServerSettings.Default.Server;
        return new RequestDispatcher(_core, change is null ? settings : change(settings), lifecycle, TimeProvider.System, NullLogger.Instance, metrics);
    }

    private static int[] ProtocolCodes(params int[] except) =>
        [.. typeof(RequestCode).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (int)f.GetRawConstantValue()!)
            .Where(code => !except.Contains(code))];

    [Fact]
    public void Table_has_exactly_one_row_per_code_and_finds_each_by_its_code()
    {
        Assert.Equal(RequestTable.Rows.Length, RequestTable.Rows.Select(row => row.Code).Distinct().Count());
        foreach (var row in RequestTable.Rows)
        {
            Assert.True(RequestTable.TryGet(row.Code, out var found));
            Assert.Same(row, found);
            Assert.Same(row, RequestTable.Of(row.Code));
        }
        Assert.Equal(RequestTable.Rows.OrderBy(row => row.Code), RequestTable.Rows);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(905)]
    [InlineData(UnknownCode)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Table_answers_unsupported_for_a_code_without_a_row(int code)
    {
        Assert.False(RequestTable.TryGet(code, out _));
        Assert.Same(RequestTable.Unsupported, RequestTable.Of(code));
    }

    [Fact]
    public void Table_has_a_row_for_every_protocol_code_but_the_one_the_server_only_sends()
    {
        // NOTIFY_MIN_BROKER_ID_CHANGE goes from the NameServer to brokers (MinBrokerIdNotifier), never the other way.
        Assert.Equal(ProtocolCodes(except: RequestCode.NotifyMinBrokerIdChange).Order(), RequestTable.Rows.Select(row => row.Code).Order());
    }

    [Fact]
    public void Table_names_are_the_java_names_of_the_protocol_constants()
    {
        var constants = typeof(RequestCode).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);
        foreach (var row in RequestTable.Rows)
        {
            Assert.Matches("^[A-Z]+(_[A-Z0-9]+)*$", row.Name);
            Assert.Equal(constants[row.Code].ToUpperInvariant(), row.Name.Replace("_", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Table_has_a_row_for_every_request_real_peers_sent()
    {
        var files = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Captures"), "*-req-*.bin", SearchOption.AllDirectories).ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var code = RemotingCommandReader.DecodeFrame(File.ReadAllBytes(file)).Code;
            Assert.True(RequestTable.TryGet(code, out _), $"{Path.GetFileName(file)}: code {code} has no row");
        }
    }

    [Fact]
    public async Task Dispatcher_answers_exactly_the_codes_of_the_table()
    {
        var dispatcher = Dispatcher();
        int[] codes = [.. Enumerable.Range(-2, 1100), short.MaxValue, short.MinValue, int.MaxValue, int.MinValue];

        foreach (var code in codes)
        {
            // No header and no body: handlers answer an error of their own, never "not supported".
            var reply = await dispatcher.HandleAsync(RemotingCommand.CreateRequest(code, 1), _session).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(RequestTable.TryGet(code, out _), reply.Command.Code != ResponseCode.RequestCodeNotSupported);
        }
    }

    [Fact]
    public void Classes_follow_who_sends_a_code_and_whether_it_writes()
    {
        foreach (var row in RequestTable.Rows)
        {
            var operatorsWrite = row.IsAdmin && row.Access == RequestAccess.Write;
            var brokerTraffic = row.Overload == OverloadClass.BrokerControl;

            // An operator's write is always checked and waits in the admin-write capacity.
            Assert.Equal(operatorsWrite, row.Protection == RequestClass.Admin);
            Assert.Equal(operatorsWrite, row.Overload == OverloadClass.AdminWrite);
            // A broker signs all of its requests or none: its traffic shares one switch and one capacity.
            Assert.Equal(brokerTraffic, row.Protection == RequestClass.BrokerRegistration);
            Assert.False(brokerTraffic && row.IsAdmin, row.ToString());
            // Snapshot reads and the hot path are route reads.
            if (row.Overload == OverloadClass.RouteRead || row.HotPath)
            {
                Assert.Equal(RequestAccess.Read, row.Access);
                Assert.Equal(RequestClass.RouteRead, row.Protection);
                Assert.Equal(OverloadClass.RouteRead, row.Overload);
            }
        }
        Assert.Equal([RequestCode.GetRouteInfoByTopic], RequestTable.Rows.Where(row => row.HotPath).Select(row => row.Code));
    }

    [Theory]
    [InlineData(RequestCode.UnregisterBroker)]
    [InlineData(RequestCode.RegisterTopicInNamesrv)]
    [InlineData(RequestCode.GetBrokerMemberGroup)]
    public void Codes_only_brokers_send_are_broker_traffic_for_overload_and_authorization(int code)
    {
        var row = RequestTable.Of(code);

        Assert.False(row.IsAdmin);
        Assert.Equal(OverloadClass.BrokerControl, row.Overload);
        Assert.Equal(RequestClass.BrokerRegistration, row.Protection);
    }

    [Fact]
    public void Unsupported_codes_are_open_admin_reads_labelled_other()
    {
        var unsupported = RequestTable.Unsupported;

        Assert.Equal(RequestClass.Open, unsupported.Protection);
        Assert.Equal(OverloadClass.AdminRead, unsupported.Overload);
        Assert.False(unsupported.HotPath);
        Assert.Equal("other", unsupported.MetricLabel);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Dispatcher_refuses_a_code_only_when_the_overload_class_of_its_row_is_full(int code)
    {
        var row = RequestTable.Of(code);
        var full = Dispatcher(s => WithCapacity(s, c => c == row.Overload ? 0 : 100));
        var othersFull = Dispatcher(s => WithCapacity(s, c => c == row.Overload ? 100 : 0));

        var refused = await full.HandleAsync(RemotingCommand.CreateRequest(code, 1), _session).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var answered = await othersFull.HandleAsync(RemotingCommand.CreateRequest(code, 2), _session).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ResponseCode.SystemBusy, refused.Command.Code);
        Assert.Equal(RequestClassLimiter.OverloadRemark, refused.Command.Remark);
        Assert.NotEqual(ResponseCode.SystemBusy, answered.Command.Code);
        Assert.Equal(0, othersFull.Limiter.InFlight(row.Overload));
    }

    private static ServerSettings WithCapacity(ServerSettings settings, Func<OverloadClass, int> capacity) => settings with
    {
        RouteReadQueueCapacity = capacity(OverloadClass.RouteRead),
        BrokerControlQueueCapacity = capacity(OverloadClass.BrokerControl),
        AdminReadQueueCapacity = capacity(OverloadClass.AdminRead),
        AdminWriteQueueCapacity = capacity(OverloadClass.AdminWrite),
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Metrics_count_a_code_under_its_own_label_and_the_overload_class_of_its_row(int code)
    {
        var row = RequestTable.Of(code);
        using var metrics = new NameServerMetrics();
        using var requests = new MetricCollector<long>(metrics.Meter, "namesrv.requests");
        using var durations = new MetricCollector<double>(metrics.Meter, "namesrv.request.duration");
        using var rejections = new MetricCollector<long>(metrics.Meter, "namesrv.requests.rejected");

        metrics.RecordRequest(code, ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        metrics.RecordRejection(code, "queue_full");
        requests.RecordObservableInstruments();

        var expectedLabel = code == UnknownCode ? "other" : code.ToString(CultureInfo.InvariantCulture);
        var classLabel = NameServerMetrics.ClassLabel(row.Overload);
        Assert.Equal(expectedLabel, requests.LastMeasurement!.Tags["code"]);
        Assert.Equal(classLabel, durations.LastMeasurement!.Tags["class"]);
        Assert.Equal(classLabel, rejections.LastMeasurement!.Tags["class"]);
        Assert.Equal(1, metrics.Requests(row.Overload));
        Assert.Equal(1, metrics.TotalRequests);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Hot_path_answers_a_code_only_when_its_row_says_so(int code)
    {
        var dispatcher = Dispatcher();
        var registered = await dispatcher.HandleAsync(ServerTestBase.Registration("broker-a", 0, "127.0.0.1:10911", ["TopicTest", "TBW102"]), _session);
        Assert.True(registered.Command.Code == ResponseCode.Success, registered.Command.Remark);
        var request = RemotingCommand.CreateRequest(code, 1, MqVersion.V5_3_3, new ExtFields().Set("topic", "TopicTest"));
        var buffer = new ReadOnlySequence<byte>(RemotingCommandWriter.ToArray(request));
        Assert.True(FrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame));

        var answered = dispatcher.TryAnswerRoute(frame, new ArrayBufferWriter<byte>(), out _);

        Assert.Equal(RequestTable.Of(code).HotPath, answered);
    }
}
