using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Tests.Json;

public sealed class FastJsonWriterTests
{
    private static string Write(JsonMode mode, Action<FastJsonWriter> body) => WorkedExampleTests.WriteJson(mode, body);

    [Theory]
    [InlineData("\"\\\b\f\n\r\t", "\\\"\\\\\\b\\f\\n\\r\\t")]
    [InlineData("\u0000\u001f\u007f", "\\u0000\\u001F\\u007F")]
    [InlineData("\u2028\u2029", "\\u2028\\u2029")]
    [InlineData("a/b", "a/b")]
    [InlineData("é😀", "é😀")]
    public void WriteString_escapes_like_fastjson_when_legacy(string value, string expected)
    {
        Assert.Equal($"{{\"k\":\"{expected}\"}}", Write(JsonMode.Legacy, w => w.WriteString("k", value)));
    }

    [Theory]
    [InlineData("a/b", "a\\/b")]
    [InlineData("é😀", "\\u00E9\\uD83D\\uDE00")]
    [InlineData("\u007f", "\\u007F")]
    [InlineData("\"\n", "\\\"\\n")]
    public void WriteString_escapes_every_non_ascii_char_when_standard(string value, string expected)
    {
        Assert.Equal($"{{\"k\":\"{expected}\"}}", Write(JsonMode.Standard, w => w.WriteString("k", value)));
    }

    [Theory]
    [InlineData(JsonMode.Legacy, "{0:\"a\",-1:\"b\"}")]
    [InlineData(JsonMode.Standard, "{\"0\":\"a\",\"-1\":\"b\"}")]
    public void WritePropertyName_quotes_integer_keys_only_when_standard(JsonMode mode, string expected)
    {
        using var buffer = new PooledBufferWriter();
        var w = new FastJsonWriter(buffer, mode);
        w.WriteStartObject();
        w.WritePropertyName(0L);
        w.WriteString("a");
        w.WritePropertyName(-1L);
        w.WriteString("b");
        w.WriteEndObject();

        Assert.Equal(expected, TestData.Utf8(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData(9007199254740991L, "9007199254740991")]
    [InlineData(-9007199254740991L, "-9007199254740991")]
    [InlineData(-9007199254740992L, "\"-9007199254740992\"")]
    [InlineData(long.MaxValue, "\"9223372036854775807\"")]
    public void WriteNumber_quotes_long_beyond_safe_range_when_standard(long value, string expected)
    {
        Assert.Equal($"{{\"n\":{expected}}}", Write(JsonMode.Standard, w => w.WriteNumber("n", value)));
    }

    [Fact]
    public void SortedKeys_orders_numerically_when_standard_and_keeps_order_when_legacy()
    {
        var map = new Dictionary<long, string> { [10] = "a", [2] = "b", [0] = "c" };
        using var buffer = new PooledBufferWriter();

        Assert.Equal([0L, 2L, 10L], new FastJsonWriter(buffer, JsonMode.Standard).SortedKeys(map));
        Assert.Equal([10L, 2L, 0L], new FastJsonWriter(buffer, JsonMode.Legacy).SortedKeys(map));
        Assert.Equal(["B", "a", "b"], new FastJsonWriter(buffer, JsonMode.Standard).SortedKeys(new Dictionary<string, int> { ["b"] = 1, ["a"] = 2, ["B"] = 3 }));
    }

    [Fact]
    public void WriteStringMap_sorts_and_skips_nulls_when_standard()
    {
        var map = new Dictionary<string, string?> { ["b"] = "1", ["a"] = null, ["A"] = "2" };

        Assert.Equal("{\"m\":{\"A\":\"2\",\"b\":\"1\"}}", Write(JsonMode.Standard, w =>
        {
            w.WritePropertyName("m");
            w.WriteStringMap(map!);
        }));
    }

    [Fact]
    public void Writer_inserts_commas_when_arrays_and_objects_nest()
    {
        var json = Write(JsonMode.Legacy, w =>
        {
            w.WritePropertyName("a");
            w.WriteStartArray();
            w.WriteNumber(1);
            w.WriteStartObject();
            w.WriteEndObject();
            w.WriteStartArray();
            w.WriteEndArray();
            w.WriteNull();
            w.WriteBoolean(true);
            w.WriteEndArray();
            w.WriteBoolean("b", false);
        });

        Assert.Equal("{\"a\":[1,{},[],null,true],\"b\":false}", json);
    }

    [Fact]
    public void Reset_allows_reuse_when_switching_output_and_mode()
    {
        using var first = new PooledBufferWriter();
        using var second = new PooledBufferWriter();
        var w = new FastJsonWriter(first, JsonMode.Legacy);
        w.WriteStartArray();

        w.Reset(second, JsonMode.Standard);
        w.WriteStartArray();
        w.WriteString("/");
        w.WriteEndArray();

        Assert.Equal("[\"\\/\"]", TestData.Utf8(second.WrittenSpan));
    }
}
