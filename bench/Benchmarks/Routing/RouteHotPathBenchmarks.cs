using System.Buffers;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.State;
using NameServer.Actors.Server;

namespace NameServer.Actors.Benchmarks.Routing;

/// <summary>
/// One route request through the server's hot path, without sockets: frame read → header peek → snapshot lookup →
/// response written. Target (issue 6): 0 bytes allocated per request.
/// </summary>
[MemoryDiagnoser]
public class RouteHotPathBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private ActorSystem _system = null!;
    private RequestDispatcher _dispatcher = null!;
    private byte[] _jsonRequest = null!;
    private byte[] _binaryRequest = null!;
    private byte[] _legacyRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = NameServerActorSystem.Create(NullLoggerFactory.Instance);
        var core = RoutingCore.StartAsync(_system, NamesrvSettings.Default, persist: false).GetAwaiter().GetResult();
        var session = core.Sessions.Ask<SessionOpened>(new OpenSession(), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult().Session;
        var topics = Enumerable.Range(0, 100).Select(i => new TopicConfig($"Topic-{i}", 8, 8, Perm.ReadWrite)).ToDictionary(t => t.TopicName);
        for (var b = 0; b < 4; b++)
        {
            var command = new RegisterBrokerCommand(
                "DefaultCluster", $"10.0.0.{b}:10911", $"broker-{b}", 0, $"10.0.0.{b}:10912",
                new TopicConfigSerializeWrapper(new DataVersion(1, 1), topics), [], 0, EnableActingMaster: false);
            session.Ask<RegisterResult>(new SessionRegister(command), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }
        var lifecycle = new ServerLifecycle();
        lifecycle.MoveTo(ServerState.Ready);
        _dispatcher = new RequestDispatcher(core, NameServerSettings.Default.Server, lifecycle, TimeProvider.System, NullLogger.Instance);
        _jsonRequest = Encode(SerializeType.Json, MqVersion.V5_3_3);
        _binaryRequest = Encode(SerializeType.RocketMq, MqVersion.V5_3_3);
        _legacyRequest = Encode(SerializeType.Json, 317);
        Answer(_jsonRequest);
        Answer(_legacyRequest);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark(Description = "route request, JSON header, standard JSON body")]
    public int JsonHeader() => Answer(_jsonRequest);

    [Benchmark(Description = "route request, ROCKETMQ binary header")]
    public int BinaryHeader() => Answer(_binaryRequest);

    [Benchmark(Description = "route request, old client (legacy JSON body)")]
    public int LegacyClient() => Answer(_legacyRequest);

    private int Answer(byte[] request)
    {
        _output.ResetWrittenCount();
        var buffer = new ReadOnlySequence<byte>(request);
        if (!FrameReader.TryReadFrame(ref buffer, out var frame) || !_dispatcher.TryAnswerRoute(frame, _output, out _))
        {
            throw new InvalidOperationException("the hot path did not answer");
        }
        return _output.WrittenCount;
    }

    private static byte[] Encode(SerializeType type, int version)
    {
        var request = RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, 42, version, new ExtFields().Set("topic", "Topic-7"));
        request.SerializeType = type;
        return RemotingCommandWriter.ToArray(request);
    }
}
