using NameServer.Actors.Protocol.Bodies;

namespace NameServer.Actors.Protocol.Tests.Bodies;

public sealed class JavaPropertiesTests
{
    [Fact]
    public void Load_reads_every_separator_style_when_lines_vary()
    {
        var props = JavaProperties.Load("a=1\nb:2\nc 3\n  d = 4 \ne\t:\t5\nf\n g=\n");

        Assert.Equal("1", props["a"]);
        Assert.Equal("2", props["b"]);
        Assert.Equal("3", props["c"]);
        Assert.Equal("4 ", props["d"]);
        Assert.Equal("5", props["e"]);
        Assert.Equal("", props["f"]);
        Assert.Equal("", props["g"]);
    }

    [Fact]
    public void Load_skips_comments_and_blank_lines_when_present()
    {
        var props = JavaProperties.Load("# comment\n! also\n\n   \r\nk=v\r\n  #x=y");

        Assert.Equal([KeyValuePair.Create("k", "v")], props.ToList());
    }

    [Fact]
    public void Load_joins_continuation_lines_when_line_ends_with_odd_backslashes()
    {
        var props = JavaProperties.Load("list=a,\\\n    b,\\\r\n\tc\nodd=x\\\\\nnext=1");

        Assert.Equal("a,b,c", props["list"]);
        Assert.Equal("x\\", props["odd"]);
        Assert.Equal("1", props["next"]);
    }

    [Fact]
    public void Load_unescapes_keys_and_values_when_backslashes_are_used()
    {
        var props = JavaProperties.Load("key\\ with\\=sep=v\\tx\\u00e9\\q\\n");

        Assert.Equal("v\txéq\n", props["key with=sep"]);
    }

    [Fact]
    public void Load_fails_clearly_when_unicode_escape_is_malformed()
    {
        Assert.Throws<BodyFormatException>(() => JavaProperties.Load("k=\\u12"));
        Assert.Throws<BodyFormatException>(() => JavaProperties.Load("k=\\u12zz"));
    }

    [Fact]
    public void Load_reads_bytes_as_latin1_when_given_utf8_bytes()
    {
        var props = JavaProperties.Load(TestData.Utf8("k=é"));

        Assert.Equal("\u00C3\u00A9", props["k"]);
    }

    [Fact]
    public void Load_keeps_last_value_when_key_repeats()
    {
        Assert.Equal("2", JavaProperties.Load("k=1\nk=2")["k"]);
    }

    [Fact]
    public void Write_sorts_ordinally_when_sorted_is_requested()
    {
        var props = new Dictionary<string, string> { ["b"] = "2", ["B"] = "3", ["a"] = "1" };

        Assert.Equal("B=3\na=1\nb=2\n", JavaProperties.Write(props, sorted: true));
        Assert.Equal("b=2\nB=3\na=1\n", JavaProperties.Write(props, sorted: false));
    }

    [Fact]
    public void Write_then_Load_round_trips_when_values_need_no_escaping()
    {
        var props = new Dictionary<string, string> { ["listenPort"] = "9876", ["kvConfigPath"] = "/opt/x/kv.json", ["empty"] = "" };

        Assert.Equal(props, JavaProperties.Load(JavaProperties.WriteUtf8(props, sorted: true)));
    }
}
