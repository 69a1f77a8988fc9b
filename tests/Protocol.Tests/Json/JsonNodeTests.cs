using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Tests.Json;

public sealed class JsonNodeTests
{
    private static JsonNode Parse(string json) => LenientJsonReader.Parse(TestData.Utf8(json));

    [Fact]
    public void Accessors_coerce_between_strings_and_numbers_when_fastjson_would()
    {
        var node = Parse("{\"a\":\"4\",\"b\":4,\"c\":\"true\",\"d\":1,\"e\":\"\",\"f\":4.9}");

        Assert.Equal(4, node.Get("a")!.AsInt32("a"));
        Assert.Equal("4", node.Get("b")!.AsString("b"));
        Assert.True(node.Get("c")!.AsBoolean("c"));
        Assert.True(node.Get("d")!.AsBoolean("d"));
        Assert.Null(node.Get("e")!.AsInt64("e"));
        Assert.Equal(4, node.Get("f")!.AsInt32("f"));
    }

    [Fact]
    public void Accessors_name_the_property_when_types_do_not_fit()
    {
        var node = Parse("{\"a\":\"x\",\"b\":[],\"c\":3000000000}");

        Assert.Contains("a", Assert.Throws<BodyFormatException>(() => node.Get("a")!.AsInt64("a")).Message);
        Assert.Contains("an array", Assert.Throws<BodyFormatException>(() => node.Get("b")!.AsString("b")).Message);
        Assert.Contains("32-bit", Assert.Throws<BodyFormatException>(() => node.Get("c")!.AsInt32("c")).Message);
    }

    [Fact]
    public void Get_returns_last_value_when_key_is_duplicated()
    {
        Assert.Equal("2", Parse("{\"a\":1,\"a\":2}").Get("a")!.Text);
    }
}
