using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Tests.Json;

public sealed class LenientJsonReaderTests
{
    private static JsonNode Parse(string json) => LenientJsonReader.Parse(TestData.Utf8(json));

    [Fact]
    public void Parse_accepts_bare_integer_keys_when_written_by_fastjson()
    {
        var node = Parse("{\"brokerAddrs\":{0:\"a\",1:\"b\",-1:\"c\"}}");

        Assert.Equal(["0", "1", "-1"], node.Get("brokerAddrs")!.Properties.Select(p => p.Key));
    }

    [Fact]
    public void Parse_accepts_identifier_keys_and_single_quotes_when_fastjson_would()
    {
        var node = Parse("{name:'it\\'s',}");

        Assert.Equal("it's", node.Get("name")!.Text);
    }

    [Fact]
    public void Parse_tolerates_trailing_commas_when_in_objects_and_arrays()
    {
        var node = Parse("{\"a\":[1,2,],\"b\":{},}");

        Assert.Equal(2, node.Get("a")!.Items.Count);
        Assert.Equal(JsonKind.Object, node.Get("b")!.Kind);
    }

    [Fact]
    public void Parse_decodes_escapes_when_strings_contain_them()
    {
        var node = Parse("[\"\\u4E3B\\/\\n\\t\\\"\\\\\", \"\\uD83D\\uDE00\", \"主题\"]");

        Assert.Equal(["主/\n\t\"\\", "😀", "主题"], node.Items.Select(i => i.Text));
    }

    [Fact]
    public void Parse_keeps_number_text_when_value_is_large()
    {
        var node = Parse("{\"n\":9007199254740993,\"d\":-1.5e3,\"f\":2L}");

        Assert.Equal(9007199254740993L, node.Get("n")!.AsInt64("n"));
        Assert.Equal("-1.5e3", node.Get("d")!.Text);
        Assert.Equal(2L, node.Get("f")!.AsInt64("f"));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 3)]
    [InlineData("{", 1)]
    [InlineData("{\"a\" 1}", 5)]
    [InlineData("{\"a\":1 \"b\":2}", 7)]
    [InlineData("[1 2]", 3)]
    [InlineData("\"abc", 0)]
    [InlineData("{\"a\":tru}", 5)]
    [InlineData("{} x", 3)]
    [InlineData("\"\\q\"", 2)]
    [InlineData("\"\\u12G4\"", 5)]
    [InlineData("-", 1)]
    [InlineData("1.", 2)]
    [InlineData("{:1}", 1)]
    public void Parse_reports_position_when_json_is_invalid(string json, int position)
    {
        var error = Assert.Throws<JsonFormatException>(() => Parse(json));

        Assert.Equal(position, error.Position);
        Assert.StartsWith($"Invalid JSON at byte {position}:", error.Message);
    }

    [Fact]
    public void Parse_reports_position_when_utf8_is_invalid()
    {
        byte[] bytes = [(byte)'"', (byte)'a', 0xC3, 0x28, (byte)'"'];

        var error = Assert.Throws<JsonFormatException>(() => LenientJsonReader.Parse(bytes));

        Assert.Equal(2, error.Position);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Parse_fails_cleanly_when_nesting_is_absurdly_deep()
    {
        var json = new string('[', 100_000);

        Assert.Throws<JsonFormatException>(() => Parse(json));
    }
}
