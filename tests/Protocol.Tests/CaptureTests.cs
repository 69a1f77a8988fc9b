using System.Text.Json;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Tests;

/// <summary>Every frame captured from real 4.9.8 / 5.3.3 peers (<c>Captures/README.md</c>) decodes and re-encodes.</summary>
public sealed class CaptureTests
{
    // Topic counts of each captured REGISTER_BROKER body (counted independently of our decoder).
    private static readonly Dictionary<(string, int), int> _registerTopicCounts = new()
    {
        [("java-4.9.8", 1)] = 11,
        [("java-4.9.8", 3)] = 11,
        [("java-4.9.8", 9)] = 1,
        [("java-4.9.8", 11)] = 12,
        [("java-4.9.8", 17)] = 12,
        [("java-5.3.3", 1)] = 14,
        [("java-5.3.3", 3)] = 14,
        [("java-5.3.3", 15)] = 1,
        [("java-5.3.3", 25)] = 15,
        [("java-5.3.3", 51)] = 15,
    };

    public static TheoryData<string, int> Frames()
    {
        var data = new TheoryData<string, int>();
        foreach (var version in new[] { "java-4.9.8", "java-5.3.3" })
        {
            foreach (var entry in ReadIndex(version))
            {
                data.Add(version, entry.N);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Captured_frame_decodes_to_recorded_header_when_read(string version, int n)
    {
        var entry = ReadIndex(version).Single(e => e.N == n);
        var bytes = File.ReadAllBytes(TestData.PathOf("Captures", version, entry.File));
        var sequence = new System.Buffers.ReadOnlySequence<byte>(bytes);

        Assert.True(FrameReader.TryReadFrame(ref sequence, out var frame));
        Assert.True(sequence.IsEmpty);
        Assert.Equal(entry.SerializeType, (int)frame.SerializeType);
        var command = RemotingCommandReader.Decode(frame);

        var header = entry.Header;
        Assert.Equal(header.GetProperty("code").GetInt32(), command.Code);
        Assert.Equal(header.GetProperty("flag").GetInt32(), command.Flag);
        Assert.Equal(header.GetProperty("opaque").GetInt32(), command.Opaque);
        Assert.Equal(header.GetProperty("version").GetInt32(), command.Version);
        Assert.Equal(header.GetProperty("language").GetString(), LanguageCodes.Name(command.Language!.Value));
        Assert.Equal(header.TryGetProperty("remark", out var remark) ? remark.GetString() : null, command.Remark);
        Assert.Equal(entry.Dir == "resp", command.IsResponse);
        Assert.Equal(entry.BodyLength, command.Body.Length);
        if (header.TryGetProperty("extFields", out var ext))
        {
            var expected = ext.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();
            Assert.Equal(expected, command.ExtFields!.ToList());
        }
        else
        {
            Assert.Null(command.ExtFields);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Captured_frame_reencodes_byte_for_byte_when_header_came_from_fastjson(string version, int n)
    {
        var entry = ReadIndex(version).Single(e => e.N == n);
        var bytes = File.ReadAllBytes(TestData.PathOf("Captures", version, entry.File));
        var command = RemotingCommandReader.DecodeFrame(bytes);
        var headerText = TestData.Utf8(bytes.AsSpan(8, bytes.Length - 8 - command.Body.Length));

        if (!headerText.Contains("\"serializeTypeCurrentRPC\"", StringComparison.Ordinal))
        {
            // Non-Java peers (ali-ons) write properties in their own order; only their content must survive.
            var reparsed = RemotingCommandReader.DecodeFrame(RemotingCommandWriter.ToArray(command));
            Assert.Equal(command.ExtFields, reparsed.ExtFields);
            Assert.Equal(command.Opaque, reparsed.Opaque);
            return;
        }

        Assert.Equal(bytes, RemotingCommandWriter.ToArray(command));
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Captured_body_decodes_and_reencodes_when_decoder_exists(string version, int n)
    {
        var index = ReadIndex(version);
        var entry = index.Single(e => e.N == n);
        var command = RemotingCommandReader.DecodeFrame(File.ReadAllBytes(TestData.PathOf("Captures", version, entry.File)));
        var body = command.Body.ToArray();
        var is5x = version == "java-5.3.3";

        if (entry.Dir == "req")
        {
            if (command.Code == RequestCode.RegisterBroker)
            {
                Assert.True(RegisterBrokerRequestHeader.TryParse(command.ExtFields, out var header, out var error), error);
                Assert.Equal(header.BodyCrc32, Crc32.ComputeBodyCrc32(body));
                var decoded = RegisterBrokerBodyCodec.Decode(body, header.Compressed, command.Version);
                Assert.Equal(_registerTopicCounts[(version, n)], decoded.TopicConfigSerializeWrapper.TopicConfigTable.Count);
                var mappingVersion = is5x
                    ? BodyDecoder.ReadDataVersion(LenientJsonReader.Parse(body).Get("topicConfigSerializeWrapper")!.Get("mappingDataVersion"), "m")
                    : default;
                Assert.Equal(body, RegisterBrokerBodyCodec.EncodeJson(decoded, is5x, mappingVersion));
            }
            else
            {
                Assert.Empty(body);
            }
            return;
        }

        if (body.Length == 0)
        {
            return;
        }
        var request = index.Last(e => e.Dir == "req" && e.Conn == entry.Conn && e.N < n
            && e.Header.GetProperty("opaque").GetInt32() == command.Opaque);
        var requestCode = request.Header.GetProperty("code").GetInt32();
        var requestVersion = request.Header.GetProperty("version").GetInt32();
        byte[] reencoded;
        switch (requestCode)
        {
            case RequestCode.GetRouteInfoByTopic:
                var mode = requestVersion >= MqVersion.V4_9_4 ? JsonMode.Standard : JsonMode.Legacy;
                reencoded = BodyEncoder.EncodeTopicRouteData(BodyDecoder.DecodeTopicRouteData(body), mode, is5x);
                break;
            case RequestCode.GetBrokerClusterInfo:
                reencoded = BodyEncoder.EncodeClusterInfo(BodyDecoder.DecodeClusterInfo(body), is5x);
                break;
            case RequestCode.GetAllTopicListFromNameServer:
                reencoded = BodyEncoder.EncodeTopicList(BodyDecoder.DecodeTopicList(body));
                break;
            case RequestCode.RegisterBroker:
                reencoded = BodyEncoder.EncodeKvTable(BodyDecoder.DecodeKvTable(body));
                break;
            case RequestCode.GetNamesrvConfig:
                reencoded = JavaProperties.WriteUtf8(JavaProperties.Load(TestData.Utf8(body)), sorted: true);
                break;
            default:
                throw new InvalidOperationException($"No decoder for the answer to code {requestCode}.");
        }
        Assert.Equal(TestData.Utf8(body), TestData.Utf8(reencoded));
    }

    private sealed record IndexEntry(int N, string File, string Dir, int Conn, int SerializeType, JsonElement Header, int BodyLength);

    private static readonly Dictionary<string, List<IndexEntry>> _indexes = [];

    private static List<IndexEntry> ReadIndex(string version)
    {
        lock (_indexes)
        {
            if (_indexes.TryGetValue(version, out var cached))
            {
                return cached;
            }
            var entries = new List<IndexEntry>();
            foreach (var line in File.ReadLines(TestData.PathOf("Captures", version, "frames.jsonl")))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                var root = JsonDocument.Parse(line).RootElement;
                entries.Add(new IndexEntry(
                    root.GetProperty("n").GetInt32(),
                    root.GetProperty("file").GetString()!,
                    root.GetProperty("dir").GetString()!,
                    root.GetProperty("conn").GetInt32(),
                    root.GetProperty("serializeType").GetInt32(),
                    root.GetProperty("header").Clone(),
                    root.GetProperty("bodyLength").GetInt32()));
            }
            _indexes[version] = entries;
            return entries;
        }
    }
}
