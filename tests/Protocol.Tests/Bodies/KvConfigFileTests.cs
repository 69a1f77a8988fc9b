using NameServer.Actors.Protocol.Bodies;

namespace NameServer.Actors.Protocol.Tests.Bodies;

public sealed class KvConfigFileTests
{
    [Fact]
    public void Encode_writes_java_layout_when_namespaces_exist()
    {
        var table = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["ORDER_TOPIC_CONFIG"] = new Dictionary<string, string> { ["TopicOrder"] = "broker-a:4;broker-b:4" },
            ["empty"] = new Dictionary<string, string>(),
        };

        var bytes = KvConfigFile.Encode(table);

        Assert.Equal("{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicOrder\":\"broker-a:4;broker-b:4\"},\"empty\":{}}}", TestData.Utf8(bytes));
        var decoded = KvConfigFile.Decode(bytes);
        Assert.Equal("broker-a:4;broker-b:4", decoded["ORDER_TOPIC_CONFIG"]["TopicOrder"]);
        Assert.Empty(decoded["empty"]);
    }

    [Fact]
    public void Decode_returns_empty_store_when_config_table_is_absent()
    {
        Assert.Empty(KvConfigFile.Decode(TestData.Utf8("{}")));
    }

    [Fact]
    public void Decode_fails_clearly_when_file_is_not_json()
    {
        Assert.Throws<JsonFormatException>(() => KvConfigFile.Decode(TestData.Utf8("configTable=1")));
    }
}
