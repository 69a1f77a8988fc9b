using System.Buffers;
using System.Globalization;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests;

/// <summary>
/// Mutation fuzzing of everything a peer can send: every captured real frame, every worked example (<c>Examples/*.hex</c>), plus
/// generated ones (compressed and binary-header requests), mutated by bit flips, random bytes, truncation, extension, splicing and absurd lengths,
/// then run through the whole server pipeline without sockets (frame reader, header decode, route hot path, every
/// request handler and the routing actors). Only a <see cref="ProtocolException"/> (which closes the connection) may
/// come out; every other outcome is an answer. The case count is bounded for CI; the long mode is
/// <c>NAMESERVER_FUZZ_CASES=1000000 dotnet test tests/Server.Tests -c Release --filter HostileInput</c>.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("NAMESERVER_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) ? n : 4000;

    private ActorSystem _system = null!;
    private RoutingCore _core = null!;
    private RequestDispatcher _dispatcher = null!;
    private IActorRef _session = null!;

    public async Task InitializeAsync()
    {
        _system = NameServerActorSystem.Create(NullLoggerFactory.Instance);
        _core = await RoutingCore.StartAsync(_system, NamesrvSettings.Default, persist: false);
        var lifecycle = new ServerLifecycle();
        lifecycle.MoveTo(ServerState.Ready);
        _dispatcher = new RequestDispatcher(_core, NameServerSettings.Default.Server with { FrameMaxLength = 1 << 20 }, lifecycle, TimeProvider.System, NullLogger.Instance);
        _session = (await _core.Sessions.Ask<SessionOpened>(new OpenSession(), TimeSpan.FromSeconds(5))).Session;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task Server_pipeline_answers_or_rejects_cleanly_when_fed_mutated_frames()
    {
        var seeds = Seeds();
        var random = new Random(20261121);
        var outcomes = new Dictionary<string, int>();
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Cases; i++)
        {
            var bytes = Mutate(seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)], random);
            var outcome = await RunAsync(bytes, output);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.Clear();
        var healthy = await RunAsync(RemotingCommandWriter.ToArray(ServerTestBase.RouteRequest("TopicTest")), output);
        foreach (var (outcome, count) in outcomes.OrderByDescending(e => e.Value))
        {
            log.WriteLine($"{count,8}  {outcome}");
        }
        Assert.StartsWith("answered", healthy);
    }

    private async Task<string> RunAsync(byte[] bytes, ArrayBufferWriter<byte> output)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            if (!FrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame))
            {
                return "incomplete frame (waits for more bytes)";
            }
            output.ResetWrittenCount();
            if (_dispatcher.TryAnswerRoute(frame, output, out _))
            {
                return "answered by the route hot path";
            }
            var request = RemotingCommandReader.Decode(frame);
            var reply = await _dispatcher.HandleAsync(request, _session).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return $"answered code {reply.Command.Code}";
        }
        catch (ProtocolException e)
        {
            return "connection closed: " + e.GetType().Name;
        }
    }

    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Captures"), "*-req-*.bin", SearchOption.AllDirectories))
        {
            seeds.Add(File.ReadAllBytes(file));
        }
        // Every worked example, docs/PROTOCOL.md "Test vectors" (requests and responses alike; E5-payload is a body, not a frame).
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Examples"), "E*.hex"))
        {
            seeds.Add(Protocol.Tests.TestData.ParseHexDump(File.ReadAllText(file)));
        }
        var topics = Enumerable.Range(0, 5).ToDictionary(i => $"T{i}", i => new TopicConfig($"T{i}", i, i, 6));
        var body = new RegisterBrokerBody(new TopicConfigSerializeWrapper(new DataVersion(1, 1), topics), []);
        var compressed = RegisterBrokerBodyCodec.EncodeCompressed(body, MqVersion.V4_9_8);
        var header = new RegisterBrokerRequestHeader("b", "127.0.0.1:1", "c", "127.0.0.1:2", 0, Compressed: true, BodyCrc32: Crc32.ComputeBodyCrc32(compressed));
        seeds.Add(RemotingCommandWriter.ToArray(ServerTestBase.Request(RequestCode.RegisterBroker, header.ToExtFields(), compressed, MqVersion.V4_9_8)));
        var binary = ServerTestBase.RouteRequest("TopicTest");
        binary.SerializeType = SerializeType.RocketMq;
        seeds.Add(RemotingCommandWriter.ToArray(binary));
        seeds.Add(RemotingCommandWriter.ToArray(ServerTestBase.Request(
            RequestCode.UpdateNamesrvConfig, body: "orderMessageEnable=true\n\\u12"u8.ToArray())));
        return seeds;
    }

    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var bytes = (byte[])seed.Clone();
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            switch (random.Next(9))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes = bytes[..random.Next(1, bytes.Length + 1)];
                    break;
                case 3:
                    bytes = [.. bytes, .. RandomBytes(random, random.Next(1, 64))];
                    break;
                case 4:
                    var at = random.Next(bytes.Length);
                    var take = random.Next(1, other.Length);
                    var from = random.Next(other.Length - take + 1);
                    bytes = [.. bytes[..at], .. other.AsSpan(from, take), .. bytes[at..]];
                    break;
                case 5 when bytes.Length >= 8:
                    // Absurd total or header length, or an unknown serialize type.
                    var field = random.Next(3);
                    var value = random.Next(4) switch { 0 => -1, 1 => int.MaxValue, 2 => bytes.Length * 2, _ => random.Next() };
                    if (field == 0)
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, value);
                    }
                    else if (field == 1)
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), value & 0x00FFFFFF);
                    }
                    else
                    {
                        bytes[4] = (byte)random.Next(2, 256);
                    }
                    break;
                case 6:
                    // Digits into numbers (queue counts, broker ids, timeouts, CRCs).
                    var digit = Array.FindIndex(bytes, random.Next(bytes.Length), b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0)
                    {
                        bytes = [.. bytes[..digit], .. "-99999999999999999999"u8, .. bytes[digit..]];
                    }
                    break;
                case 7:
                    // Invalid UTF-8.
                    bytes[random.Next(bytes.Length)] = (byte)(0x80 | random.Next(0x40));
                    break;
                default:
                    break;
            }
        }
        // Keep the length prefix consistent half of the time so mutations reach the header and body decoders.
        if (bytes.Length >= 8 && random.Next(2) == 0)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length - 4);
        }
        return bytes;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
