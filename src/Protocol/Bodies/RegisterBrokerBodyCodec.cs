using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Bodies;

/// <summary>
/// The <c>REGISTER_BROKER</c> body in both forms, fastjson JSON and the zlib-compressed binary layout (Java's
/// <c>RegisterBrokerBody.encode</c>/<c>decode</c>; <c>docs/PROTOCOL.md</c>, "Registration body").
/// Which one applies is decided by the request header's <c>compressed</c> flag, never by sniffing.
/// </summary>
public static class RegisterBrokerBodyCodec
{
    private static readonly UTF8Encoding _strictUtf8 = new(false, true);
    private static readonly IReadOnlyDictionary<string, string> _emptyAttributes = new Dictionary<string, string>();

    /// <summary>
    /// Decodes a registration body. Empty ⇒ <see cref="RegisterBrokerBody.Empty"/>. <paramref name="requestVersion"/>
    /// selects the bare-wrapper form (&lt; 37) and the compressed mapping section (≥ 413);
    /// <paramref name="maxInflatedLength"/> caps decompression (zlib-bomb protection).
    /// </summary>
    public static RegisterBrokerBody Decode(
        ReadOnlySpan<byte> body,
        bool compressed,
        int requestVersion,
        int maxInflatedLength = FrameReader.DefaultMaxFrameLength,
        ITopicNames? knownTopics = null)
    {
        if (body.IsEmpty)
        {
            return RegisterBrokerBody.Empty;
        }
        return compressed ? DecodeCompressed(body, requestVersion, maxInflatedLength) : DecodeJson(body, requestVersion, knownTopics);
    }

    /// <summary>JSON form; senders older than 3.0.11 (version &lt; 37) send a bare <c>TopicConfigSerializeWrapper</c>.</summary>
    /// <remarks>
    /// Streamed: a 10,000-topic body never becomes one JSON tree; each topic's small object is parsed, converted and
    /// dropped in turn, which keeps the memory of many brokers re-registering at once low.
    /// </remarks>
    public static RegisterBrokerBody DecodeJson(ReadOnlySpan<byte> body, int requestVersion, ITopicNames? knownTopics = null)
    {
        if (body.IsEmpty)
        {
            throw new BodyFormatException("RegisterBrokerBody: the body is empty.");
        }
        var cursor = new JsonCursor(body);
        cursor.SkipWhitespace();
        if (cursor.Peek() != '{')
        {
            var root = BodyDecoder.Root(body, "RegisterBrokerBody");
            throw new BodyFormatException($"RegisterBrokerBody: expected a JSON object but found {root.Describe()}.");
        }
        RegisterBrokerBody result;
        if (requestVersion < MqVersion.V3_0_11)
        {
            result = new RegisterBrokerBody(StreamWrapper(ref cursor, "TopicConfigSerializeWrapper", knownTopics), []);
        }
        else
        {
            var wrapper = TopicConfigSerializeWrapper.Empty;
            IReadOnlyList<string> filters = [];
            var first = true;
            while (cursor.NextMember(ref first, out var key))
            {
                switch (key)
                {
                    case "topicConfigSerializeWrapper":
                        wrapper = StreamWrapper(ref cursor, "topicConfigSerializeWrapper", knownTopics);
                        break;
                    case "filterServerList":
                        filters = BodyDecoder.ReadStringList(cursor.ParseValue(1), "filterServerList");
                        break;
                    default:
                        cursor.SkipValue(1);
                        break;
                }
            }
            result = new RegisterBrokerBody(wrapper, filters);
        }
        cursor.SkipWhitespace();
        if (!cursor.AtEnd)
        {
            throw cursor.Error($"unexpected '{cursor.Describe()}' after the end of the JSON value");
        }
        return result;
    }

    private static TopicConfigSerializeWrapper StreamWrapper(ref JsonCursor cursor, string path, ITopicNames? knownTopics)
    {
        cursor.SkipWhitespace();
        if (cursor.TryLiteral("null"u8))
        {
            return TopicConfigSerializeWrapper.Empty;
        }
        if (cursor.Peek() != '{')
        {
            throw new BodyFormatException($"{path}: expected an object but found {cursor.ParseValue(1).Describe()}.");
        }
        var topics = new Dictionary<string, TopicConfig>();
        Dictionary<string, TopicQueueMappingInfo>? mappings = null;
        JsonNode? dataVersion = null;
        var first = true;
        while (cursor.NextMember(ref first, out var key))
        {
            switch (key)
            {
                case "topicConfigTable":
                    cursor.SkipWhitespace();
                    if (cursor.TryLiteral("null"u8))
                    {
                        break;
                    }
                    var firstTopic = true;
                    while (cursor.NextMemberRaw(ref firstTopic, out var rawName, out var decodedName))
                    {
                        var name = decodedName ?? Known(rawName, knownTopics) ?? cursor.DecodeKey(rawName);
                        if (cursor.Peek() == '{')
                        {
                            topics[name] = TopicConfigStreamReader.Read(ref cursor, name, $"{path}.topicConfigTable");
                        }
                        else
                        {
                            // null entries are skipped; any other non-object is an error.
                            cursor.ParseValue(3).ExpectObject($"{path}.topicConfigTable.{name}");
                        }
                    }
                    break;
                case "topicQueueMappingInfoMap":
                    if (cursor.ParseValue(2).ExpectObject($"{path}.topicQueueMappingInfoMap") is { } mappingTable)
                    {
                        mappings = [];
                        foreach (var (topic, value) in mappingTable.Properties)
                        {
                            var itemPath = $"{path}.topicQueueMappingInfoMap.{topic}";
                            if (value.ExpectObject(itemPath) is { } info)
                            {
                                mappings[topic] = BodyDecoder.ReadTopicQueueMappingInfo(info, itemPath);
                            }
                        }
                    }
                    break;
                case "dataVersion":
                    dataVersion = cursor.ParseValue(2);
                    break;
                default:
                    cursor.SkipValue(2);
                    break;
            }
        }
        return new TopicConfigSerializeWrapper(BodyDecoder.ReadDataVersion(dataVersion, $"{path}.dataVersion"), topics, mappings);
    }

    // The name string the server already holds for a topic it knows: no new string per topic per re-registration.
    private static string? Known(ReadOnlySpan<byte> utf8, ITopicNames? knownTopics)
    {
        const int MaxLength = 256;
        if (knownTopics is null || utf8.Length > MaxLength)
        {
            return null;
        }
        Span<char> chars = stackalloc char[MaxLength];
        return Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? knownTopics.Find(chars[..written])
            : null;
    }

    /// <summary>Just the bare <c>TopicConfigSerializeWrapper</c> JSON.</summary>
    public static TopicConfigSerializeWrapper DecodeTopicConfigSerializeWrapper(ReadOnlySpan<byte> body) =>
        DecodeJson(body, requestVersion: 0).TopicConfigSerializeWrapper;

    /// <summary>Compressed form: inflate (bounded), then parse the length-prefixed sections.</summary>
    public static RegisterBrokerBody DecodeCompressed(ReadOnlySpan<byte> body, int requestVersion, int maxInflatedLength)
    {
        using var inflated = Inflate(body, maxInflatedLength);
        return DecodeInflated(inflated.WrittenSpan, requestVersion);
    }

    /// <summary>Parses an already inflated compressed-form payload.</summary>
    public static RegisterBrokerBody DecodeInflated(ReadOnlySpan<byte> payload, int requestVersion)
    {
        var reader = new PayloadReader(payload);
        var dataVersion = BodyDecoder.ReadDataVersion(
            ParseJson(reader.ReadBlock("dataVersion"), "dataVersion"), "dataVersion");

        var topicCount = reader.ReadCount("topic count");
        var topics = new Dictionary<string, TopicConfig>(Math.Min(topicCount, 4096));
        for (var i = 0; i < topicCount; i++)
        {
            var line = reader.ReadText($"topic config line {i}");
            var config = ParseTopicConfigLine(line, i);
            topics[config.TopicName] = config;
        }

        var filterNode = ParseJson(reader.ReadBlock("filterServerList"), "filterServerList");
        var filters = BodyDecoder.ReadStringList(filterNode, "filterServerList");

        Dictionary<string, TopicQueueMappingInfo>? mappings = null;
        // Lenient: a payload that simply ends before the mapping section is read as "no mappings".
        if (requestVersion >= MqVersion.V5_0_0 && !reader.AtEnd)
        {
            var mappingCount = reader.ReadCount("mapping count");
            mappings = new Dictionary<string, TopicQueueMappingInfo>(Math.Min(mappingCount, 4096));
            for (var i = 0; i < mappingCount; i++)
            {
                var node = ParseJson(reader.ReadBlock($"mapping {i}"), $"mapping {i}");
                var info = BodyDecoder.ReadTopicQueueMappingInfo(
                    node.ExpectObject($"mapping {i}") ?? throw new BodyFormatException($"mapping {i} is null."),
                    $"mapping {i}");
                mappings[info.Topic ?? string.Empty] = info;
            }
        }
        return new RegisterBrokerBody(new TopicConfigSerializeWrapper(dataVersion, topics, mappings), filters);
    }

    /// <summary>Inflates a zlib (RFC 1950) stream, failing once more than <paramref name="maxInflatedLength"/> bytes come out.</summary>
    public static unsafe PooledBufferWriter Inflate(ReadOnlySpan<byte> compressed, int maxInflatedLength)
    {
        var output = new PooledBufferWriter(Math.Min(Math.Max(compressed.Length * 4, 256), 1 << 20));
        try
        {
            fixed (byte* pointer = compressed)
            {
                using var source = new UnmanagedMemoryStream(pointer, compressed.Length);
                using var zlib = new ZLibStream(source, CompressionMode.Decompress);
                while (true)
                {
                    var span = output.GetSpan(16 * 1024);
                    var read = zlib.Read(span);
                    if (read == 0)
                    {
                        break;
                    }
                    if ((long)output.WrittenCount + read > maxInflatedLength)
                    {
                        throw new BodyFormatException(
                            $"Compressed register body inflates to more than {maxInflatedLength} bytes.");
                    }
                    output.Advance(read);
                }
            }
            return output;
        }
        catch (InvalidDataException e)
        {
            output.Dispose();
            throw new BodyFormatException($"Compressed register body is not a valid zlib stream: {e.Message}", e);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>
    /// JSON form as a broker sends it. <paramref name="v5Format"/>: 5.x properties (<c>attributes</c>,
    /// <c>stateVersion</c>, <c>mappingDataVersion</c>, the two mapping maps); otherwise the 4.9 shape.
    /// </summary>
    public static void WriteJson(
        IBufferWriter<byte> output,
        RegisterBrokerBody body,
        bool v5Format = true,
        DataVersion mappingDataVersion = default)
    {
        var w = new FastJsonWriter(output, JsonMode.Legacy);
        var wrapper = body.TopicConfigSerializeWrapper;
        w.WriteStartObject();
        w.WritePropertyName("filterServerList");
        BodyEncoder.WriteStringArray(w, body.FilterServerList);
        w.WritePropertyName("topicConfigSerializeWrapper");
        w.WriteStartObject();
        w.WritePropertyName("dataVersion");
        BodyEncoder.WriteDataVersion(w, wrapper.DataVersion, v5Format);
        if (v5Format)
        {
            w.WritePropertyName("mappingDataVersion");
            BodyEncoder.WriteDataVersion(w, mappingDataVersion, includeStateVersion: true);
        }
        w.WritePropertyName("topicConfigTable");
        w.WriteStartObject();
        foreach (var (name, config) in wrapper.TopicConfigTable)
        {
            w.WritePropertyName(name);
            WriteTopicConfig(w, config, v5Format);
        }
        w.WriteEndObject();
        if (v5Format)
        {
            // The NameServer never reads the detail map; brokers without static topics send it empty.
            w.WritePropertyName("topicQueueMappingDetailMap");
            w.WriteStartObject();
            w.WriteEndObject();
            w.WritePropertyName("topicQueueMappingInfoMap");
            w.WriteStartObject();
            if (wrapper.TopicQueueMappingInfoMap is { } mappings)
            {
                foreach (var (topic, info) in mappings)
                {
                    w.WritePropertyName(topic);
                    BodyEncoder.WriteTopicQueueMappingInfo(w, info);
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static byte[] EncodeJson(RegisterBrokerBody body, bool v5Format = true, DataVersion mappingDataVersion = default)
    {
        using var buffer = new PooledBufferWriter(2048);
        WriteJson(buffer, body, v5Format, mappingDataVersion);
        return buffer.ToArray();
    }

    /// <summary>
    /// The inflated compressed-form payload a broker of <paramref name="brokerVersion"/> builds: 5.x (≥ 413) adds
    /// <c>stateVersion</c>, the attributes token and the mapping section.
    /// </summary>
    public static byte[] EncodeInflatedPayload(RegisterBrokerBody body, int brokerVersion)
    {
        var v5 = brokerVersion >= MqVersion.V5_0_0;
        var wrapper = body.TopicConfigSerializeWrapper;
        using var buffer = new PooledBufferWriter(1024);
        using var scratch = new PooledBufferWriter(256);

        BodyEncoder.WriteDataVersion(scratch, wrapper.DataVersion, v5);
        WriteBlock(buffer, scratch.WrittenSpan);

        WriteInt(buffer, wrapper.TopicConfigTable.Count);
        foreach (var config in wrapper.TopicConfigTable.Values)
        {
            scratch.Clear();
            WriteTopicConfigLine(scratch, config, v5);
            WriteBlock(buffer, scratch.WrittenSpan);
        }

        scratch.Clear();
        var w = new FastJsonWriter(scratch, JsonMode.Legacy);
        BodyEncoder.WriteStringArray(w, body.FilterServerList);
        WriteBlock(buffer, scratch.WrittenSpan);

        if (v5)
        {
            var mappings = wrapper.TopicQueueMappingInfoMap;
            WriteInt(buffer, mappings?.Count ?? 0);
            if (mappings is not null)
            {
                foreach (var info in mappings.Values)
                {
                    scratch.Clear();
                    BodyEncoder.WriteTopicQueueMappingInfo(new FastJsonWriter(scratch, JsonMode.Legacy), info);
                    WriteBlock(buffer, scratch.WrittenSpan);
                }
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The compressed body (zlib, best compression like Java's <c>Deflater(BEST_COMPRESSION)</c>).</summary>
    public static byte[] EncodeCompressed(RegisterBrokerBody body, int brokerVersion)
    {
        var payload = EncodeInflatedPayload(body, brokerVersion);
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(payload);
        }
        return output.ToArray();
    }

    internal static void WriteTopicConfig(FastJsonWriter w, TopicConfig config, bool v5Format)
    {
        w.WriteStartObject();
        if (v5Format)
        {
            w.WritePropertyName("attributes");
            w.WriteStringMap(config.Attributes ?? _emptyAttributes);
        }
        w.WriteBoolean("order", config.Order);
        w.WriteNumber("perm", config.Perm);
        w.WriteNumber("readQueueNums", config.ReadQueueNums);
        w.WriteString("topicFilterType", config.TopicFilterType);
        w.WriteString("topicName", config.TopicName);
        w.WriteNumber("topicSysFlag", config.TopicSysFlag);
        w.WriteNumber("writeQueueNums", config.WriteQueueNums);
        w.WriteEndObject();
    }

    private static TopicConfig ParseTopicConfigLine(string line, int index)
    {
        // 4.9: "name read write perm filterType"; 5.x appends " " + attributes JSON (which may itself contain spaces).
        var tokens = line.Split(' ', 6);
        if (tokens.Length < 5)
        {
            throw new BodyFormatException($"Topic config line {index} '{line}' has {tokens.Length} tokens, at least 5 expected.");
        }
        var filterType = tokens[4];
        if (filterType != TopicConfig.SingleTag && filterType != TopicConfig.MultiTag)
        {
            throw new BodyFormatException($"Topic config line {index}: unknown topic filter type '{filterType}'.");
        }
        Dictionary<string, string>? attributes = null;
        if (tokens.Length == 6)
        {
            try
            {
                attributes = BodyDecoder.ReadStringMap(LenientJsonReader.Parse(Encoding.UTF8.GetBytes(tokens[5])), "attributes");
            }
            catch (ProtocolException)
            {
                // Java ignores unparsable attributes too.
                attributes = null;
            }
        }
        return new TopicConfig(
            tokens[0],
            ParseInt(tokens[1], index, "readQueueNums"),
            ParseInt(tokens[2], index, "writeQueueNums"),
            ParseInt(tokens[3], index, "perm"),
            filterType,
            Attributes: attributes);
    }

    private static int ParseInt(string text, int index, string field) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BodyFormatException($"Topic config line {index}: {field} '{text}' is not an integer.");

    private static void WriteTopicConfigLine(PooledBufferWriter output, TopicConfig config, bool v5)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{config.TopicName} {config.ReadQueueNums} {config.WriteQueueNums} {config.Perm} {config.TopicFilterType}");
        WriteUtf8(output, text);
        if (v5)
        {
            WriteUtf8(output, " ");
            var w = new FastJsonWriter(output, JsonMode.Legacy);
            w.WriteStringMap(config.Attributes ?? _emptyAttributes);
        }
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void WriteBlock(IBufferWriter<byte> output, ReadOnlySpan<byte> block)
    {
        WriteInt(output, block.Length);
        var span = output.GetSpan(block.Length);
        block.CopyTo(span);
        output.Advance(block.Length);
    }

    private static void WriteInt(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static JsonNode ParseJson(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return LenientJsonReader.Parse(json);
        }
        catch (JsonFormatException e)
        {
            throw new BodyFormatException($"Compressed register body: {what} is not valid JSON: {e.Message}", e);
        }
    }

    private ref struct PayloadReader
    {
        private readonly ReadOnlySpan<byte> _payload;
        private int _pos;

        public PayloadReader(ReadOnlySpan<byte> payload)
        {
            _payload = payload;
            _pos = 0;
        }

        public readonly bool AtEnd => _pos >= _payload.Length;

        public int ReadCount(string what)
        {
            var count = ReadInt(what);
            // Every entry needs at least its 4-byte length, which bounds a corrupt count before any allocation.
            if (count < 0 || count > (_payload.Length - _pos) / 4)
            {
                throw new BodyFormatException(
                    $"Compressed register body: {what} {count} is impossible with {_payload.Length - _pos} bytes left.");
            }
            return count;
        }

        public ReadOnlySpan<byte> ReadBlock(string what)
        {
            var length = ReadInt($"{what} length");
            if (length < 0 || length > _payload.Length - _pos)
            {
                throw new BodyFormatException(
                    $"Compressed register body: {what} length {length} exceeds the {_payload.Length - _pos} bytes left.");
            }
            var block = _payload.Slice(_pos, length);
            _pos += length;
            return block;
        }

        public string ReadText(string what)
        {
            var block = ReadBlock(what);
            try
            {
                return _strictUtf8.GetString(block);
            }
            catch (DecoderFallbackException e)
            {
                throw new BodyFormatException($"Compressed register body: {what} is not valid UTF-8.", e);
            }
        }

        private int ReadInt(string what)
        {
            if (_payload.Length - _pos < 4)
            {
                throw new BodyFormatException($"Compressed register body truncated: {what} is missing.");
            }
            var value = BinaryPrimitives.ReadInt32BigEndian(_payload[_pos..]);
            _pos += 4;
            return value;
        }
    }
}
