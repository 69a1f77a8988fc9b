using FsCheck;
using FsCheck.Fluent;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Tests.Bodies;

/// <summary>
/// The streaming topic-config reader used for registrations must read every entry exactly as the tree reader
/// (<see cref="TreeRead"/>) does: same values, same leniency, same error messages.
/// </summary>
public sealed class TopicConfigStreamReaderTests
{
    private const string TablePath = "topicConfigSerializeWrapper.topicConfigTable";

    private static readonly string[] s_keys =
    [
        "topicName", "readQueueNums", "writeQueueNums", "perm", "topicFilterType", "topicSysFlag", "order", "attributes",
        "readable", "'perm'", "perm", "\"topic\\u004eame\"", "\"ord\\u0065r\"",
    ];

    private static readonly string[] s_values =
    [
        "8", "-1", "0", "\"16\"", "\"\"", "4.9", "1e2", "99999999999", "null", "true", "false", "\"true\"", "\"FALSE\"", "1",
        "\"SINGLE_TAG\"", "\"MULTI_TAG\"", "'MULTI_TAG'", "\"OTHER\"", "\"T\"", "'T'", "\"T\\u0031\"", "\"Ünïcode\"",
        "{}", "{ }", "{\"a\":\"b\"}", "{\"a\":1}", "{\"a\":{}}", "[]", "[1,2]", "\"x\"", "2147483648", "007",
    ];

    [Fact]
    public void Read_matches_the_tree_reader_when_members_are_arbitrary()
    {
        var member = Gen.Elements(s_keys).SelectMany(k => Gen.Elements(s_values).Select(v => $"{Key(k)}:{v}"));
        var objects = Gen.ListOf(member).Select(ms => "{" + string.Join(",", ms.Take(8)) + "}");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(objects.ToArbitrary(), json =>
        {
            var expected = Outcome(() => TreeRead(LenientJsonReader.Parse(TestData.Utf8(json)), "T", $"{TablePath}.T"));
            var actual = Outcome(() => Stream(json));
            Assert.True(expected == actual, $"{json}: tree {expected}, stream {actual}");
        }));
    }

    [Theory]
    [InlineData("{\"topicName\":\"T\",\"readQueueNums\":8,\"writeQueueNums\":4,\"perm\":6,\"topicFilterType\":\"SINGLE_TAG\",\"topicSysFlag\":0,\"order\":false,\"attributes\":{}}")]
    [InlineData("{\"readQueueNums\":\"8\",\"perm\":\"6\",\"order\":\"true\",\"attributes\":{\"+message.type\":\"NORMAL\"}}")]
    [InlineData("{}")]
    public void Read_matches_the_tree_reader_when_the_entry_is_a_typical_broker_topic(string json)
    {
        var expected = TreeRead(LenientJsonReader.Parse(TestData.Utf8(json)), "T", $"{TablePath}.T");

        Assert.Equal(expected, Stream(json));
    }

    [Fact]
    public void Read_reuses_the_table_key_when_the_topic_name_repeats_it()
    {
        var topic = Stream("{\"topicName\":\"T\",\"perm\":6}");

        Assert.Same(DecodedKey, topic.TopicName);
    }

    [Fact]
    public void DecodeJson_reuses_known_topic_names_when_a_name_source_is_given()
    {
        var known = new string("Known".AsSpan());
        var body = TestData.Utf8("{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{" +
            "\"Known\":{\"topicName\":\"Known\",\"perm\":6},\"New\":{\"topicName\":\"New\"},\"K\\u006Eown2\":{}}}}");

        var table = RegisterBrokerBodyCodec.DecodeJson(body, MqVersion.V5_3_3, new Names(known)).TopicConfigSerializeWrapper.TopicConfigTable;

        Assert.Same(known, table.Keys.First());
        Assert.Same(known, table["Known"].TopicName);
        Assert.Equal(["Known", "New", "Known2"], table.Keys);
    }

    private sealed class Names(string known) : ITopicNames
    {
        public string? Find(ReadOnlySpan<char> topic) => topic.SequenceEqual(known) ? known : null;
    }

    [Fact]
    public void Read_names_the_entry_and_field_when_a_value_is_wrong()
    {
        var error = Assert.Throws<BodyFormatException>(() => Stream("{\"perm\":[1]}"));

        Assert.Equal($"{TablePath}.T.perm: expected an integer but found an array.", error.Message);
    }

    // The reference: the rules applied to a whole JSON tree (the decoder's shape before streaming), field by field.
    private static TopicConfig TreeRead(JsonNode config, string topicKey, string path)
    {
        Dictionary<string, string>? attributes = null;
        if (config.Get("attributes") is { } attributesNode)
        {
            attributes = BodyDecoder.ReadStringMap(attributesNode, $"{path}.attributes");
        }
        var filterType = config.Get("topicFilterType")?.AsString($"{path}.topicFilterType") ?? TopicConfig.SingleTag;
        if (filterType != TopicConfig.SingleTag && filterType != TopicConfig.MultiTag)
        {
            throw new BodyFormatException($"{path}.topicFilterType: unknown value '{filterType}'.");
        }
        return new TopicConfig(
            config.Get("topicName")?.AsString($"{path}.topicName") ?? topicKey,
            config.Get("readQueueNums")?.AsInt32($"{path}.readQueueNums") ?? BodyDecoder.DefaultQueueNums,
            config.Get("writeQueueNums")?.AsInt32($"{path}.writeQueueNums") ?? BodyDecoder.DefaultQueueNums,
            config.Get("perm")?.AsInt32($"{path}.perm") ?? Perm.ReadWrite,
            filterType,
            config.Get("topicSysFlag")?.AsInt32($"{path}.topicSysFlag") ?? 0,
            config.Get("order")?.AsBoolean($"{path}.order") ?? false,
            attributes);
    }

    private static string? DecodedKey { get; set; }

    private static string Key(string key) => key.StartsWith('"') || key.StartsWith('\'') ? key : $"\"{key}\"";

    private static TopicConfig Stream(string entry)
    {
        var body = $"{{\"topicConfigSerializeWrapper\":{{\"topicConfigTable\":{{\"T\":{entry}}}}}}}";
        var table = RegisterBrokerBodyCodec.DecodeJson(TestData.Utf8(body), MqVersion.V4_9_4).TopicConfigSerializeWrapper.TopicConfigTable;
        DecodedKey = table.Keys.Single();
        return table["T"];
    }

    private static string Outcome(Func<TopicConfig> read)
    {
        try
        {
            var t = read();
            var attributes = t.Attributes is null ? "null" : string.Join(",", t.Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"));
            return $"{t.TopicName}|{t.ReadQueueNums}|{t.WriteQueueNums}|{t.Perm}|{t.TopicFilterType}|{t.TopicSysFlag}|{t.Order}|{attributes}";
        }
        catch (ProtocolException e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
