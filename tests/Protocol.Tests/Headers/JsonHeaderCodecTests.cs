using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

public sealed class JsonHeaderCodecTests
{
    private static RemotingCommand Decode(string json) => JsonHeaderCodec.Decode(TestData.Utf8(json));

    [Fact]
    public void Decode_reads_go_client_header_when_in_declaration_order_with_empty_remark()
    {
        var command = Decode("""{"code":105,"language":"GO","version":317,"opaque":1,"flag":0,"remark":"","extFields":{"topic":"T"}}""");

        Assert.Equal(105, command.Code);
        Assert.Equal(LanguageCode.GO, command.Language);
        Assert.Equal(317, command.Version);
        Assert.Equal(1, command.Opaque);
        Assert.Equal("", command.Remark);
        Assert.Equal("T", command.ExtFields!["topic"]);
        Assert.Equal(SerializeType.Json, command.SerializeType);
    }

    [Fact]
    public void Decode_accepts_explicit_nulls_when_sent_by_rust_client()
    {
        var command = Decode("""{"code":106,"language":"RUST","remark":null,"extFields":null,"opaque":2}""");

        Assert.Null(command.Remark);
        Assert.Null(command.ExtFields);
        Assert.Equal(LanguageCode.RUST, command.Language);
    }

    [Fact]
    public void Decode_accepts_language_ordinal_when_number()
    {
        Assert.Equal(LanguageCode.NODE_JS, Decode("""{"code":1,"language":13}""").Language);
    }

    [Fact]
    public void Decode_yields_null_language_when_name_is_unknown()
    {
        Assert.Null(Decode("""{"code":1,"language":"COBOL"}""").Language);
    }

    [Fact]
    public void Decode_fails_when_language_ordinal_is_unknown()
    {
        var error = Assert.Throws<HeaderFormatException>(() => Decode("""{"code":1,"language":99}"""));
        Assert.Contains("language", error.Message);
    }

    [Fact]
    public void Decode_defaults_language_to_java_when_absent()
    {
        Assert.Equal(LanguageCode.JAVA, Decode("""{"code":1}""").Language);
    }

    [Fact]
    public void Decode_coerces_ext_values_to_text_when_numbers_or_booleans()
    {
        var command = Decode("""{"code":103,"extFields":{"brokerId":0,"compressed":true,"ratio":1.5,"skip":null}}""");

        Assert.Equal([KeyValuePair.Create("brokerId", "0"), KeyValuePair.Create("compressed", "true"), KeyValuePair.Create("ratio", "1.5")], command.ExtFields!.ToList());
    }

    [Fact]
    public void Decode_accepts_single_quotes_and_bare_keys_when_written_like_fastjson_input()
    {
        var command = Decode("{code:105,'extFields':{topic:'T\\'x'},opaque:'9',unknown:[1,{}],}");

        Assert.Equal(105, command.Code);
        Assert.Equal(9, command.Opaque);
        Assert.Equal("T'x", command.ExtFields!["topic"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"code\":")]
    [InlineData("{\"code\":\"abc\"}")]
    [InlineData("{\"code\":99999999999}")]
    [InlineData("{\"extFields\":[1]}")]
    [InlineData("{\"extFields\":{\"a\":{}}}")]
    [InlineData("{\"language\":[]}")]
    public void Decode_fails_clearly_when_header_is_malformed(string json)
    {
        var error = Assert.Throws<HeaderFormatException>(() => Decode(json));
        Assert.StartsWith("Invalid JSON command header", error.Message);
    }

    [Fact]
    public void Encode_writes_fastjson_order_and_escapes_when_all_fields_are_set()
    {
        var command = new RemotingCommand
        {
            Code = 1,
            Language = LanguageCode.JAVA,
            Version = 479,
            Opaque = 3,
            Flag = 1,
            Remark = "a\"b\\c\td\u0001/é",
            ExtFields = new ExtFields().Set("z", "1").Set("a", "2"),
        };

        var header = RemotingCommandWriter.EncodeHeader(command);

        Assert.Equal(
            "{\"code\":1,\"extFields\":{\"z\":\"1\",\"a\":\"2\"},\"flag\":1,\"language\":\"JAVA\",\"opaque\":3,\"remark\":\"a\\\"b\\\\c\\td\\u0001/é\",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}",
            TestData.Utf8(header));
        var decoded = JsonHeaderCodec.Decode(header);
        Assert.Equal(command.Remark, decoded.Remark);
        Assert.Equal(command.ExtFields, decoded.ExtFields);
    }

    [Fact]
    public void Encode_omits_language_when_null()
    {
        var header = TestData.Utf8(RemotingCommandWriter.EncodeHeader(new RemotingCommand { Language = null }));

        Assert.DoesNotContain("language", header);
    }

    [Theory]
    [InlineData("{\"code\":1 \"flag\":2}")]
    [InlineData("{\"unknown\":tru}")]
    [InlineData("{\"code\":1}}")]
    [InlineData("{\"remark\":{}}")]
    [InlineData("{\"unknown\":{\"a\":[1,}")]
    [InlineData("{\"code\"}")]
    [InlineData("{\"code\":1,\"extFields\":{\"k\":[]}}")]
    public void Decode_fails_clearly_when_streamed_header_is_malformed(string json)
    {
        var error = Assert.Throws<HeaderFormatException>(() => Decode(json));
        Assert.StartsWith("Invalid JSON command header", error.Message);
    }

    [Fact]
    public void Decode_reads_escaped_keys_suffixed_numbers_and_skips_nested_unknowns_when_present()
    {
        var command = Decode("{\"co\\u0064e\":105L,\"x\":{\"y\":[1,{\"z\":null},],},\"remark\":12,\"language\":\"J\\u0041VA\",\"opaque\":\"7\"}");

        Assert.Equal(105, command.Code);
        Assert.Equal("12", command.Remark);
        Assert.Equal(LanguageCode.JAVA, command.Language);
        Assert.Equal(7, command.Opaque);
    }

    [Fact]
    public void Decode_allocates_only_the_command_and_its_strings_when_header_is_a_route_request()
    {
        var header = TestData.Hex("E1.hex").AsSpan(8).ToArray();
        JsonHeaderCodec.Decode(header);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var command = JsonHeaderCodec.Decode(header);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("TopicTest", command.ExtFields!["topic"]);
        Assert.True(allocated < 400, $"allocated {allocated} bytes");
    }
}
