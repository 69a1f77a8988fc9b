using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Hocon.Tests.Configuration;

public class HoconConfigurationFlattenerTests
{
    private static Dictionary<string, string?> Flatten(string text, HoconKeyStyle style = HoconKeyStyle.JavaCamelCase) =>
        HoconConfigurationFlattener.Flatten(HoconParser.Parse(text).Value, style);

    [Fact]
    public void Flatten_joins_object_paths_with_colons()
    {
        var data = Flatten("a { b { c = x } }");

        Assert.Equal("x", data["a:b:c"]);
        Assert.Single(data);
    }

    [Fact]
    public void Flatten_indexes_array_elements()
    {
        var data = Flatten("list = [a, b, { name = c }]");

        Assert.Equal("a", data["list:0"]);
        Assert.Equal("b", data["list:1"]);
        Assert.Equal("c", data["list:2:name"]);
    }

    [Fact]
    public void Flatten_writes_scalars_as_configuration_text()
    {
        var data = Flatten("t = true\nf = false\nn = null\ni = 042\nd = 1.50\ne = 1e3\ns = \"quoted\"");

        Assert.Equal("true", data["t"]);
        Assert.Equal("false", data["f"]);
        Assert.True(data.ContainsKey("n"));
        Assert.Null(data["n"]);
        Assert.Equal("042", data["i"]);
        Assert.Equal("1.50", data["d"]);
        Assert.Equal("1e3", data["e"]);
        Assert.Equal("quoted", data["s"]);
    }

    [Fact]
    public void Flatten_writes_null_for_empty_objects_and_arrays()
    {
        var data = Flatten("o {}\na = []");

        Assert.Null(data["o"]);
        Assert.Null(data["a"]);
    }

    [Fact]
    public void Flatten_converts_kebab_segments_to_camel_case_by_default()
    {
        var data = Flatten("name-server { scan-not-active-broker-interval = 10s }");

        Assert.Equal("10s", data["nameServer:scanNotActiveBrokerInterval"]);
        Assert.Equal("10s", data["NAMESERVER:SCANNOTACTIVEBROKERINTERVAL"]);
        Assert.False(data.ContainsKey("name-server:scan-not-active-broker-interval"));
    }

    [Fact]
    public void Flatten_keeps_keys_when_style_is_as_written()
    {
        var data = Flatten("name-server.listen-port = 1", HoconKeyStyle.AsWritten);

        Assert.Equal("1", data["name-server:listen-port"]);
    }

    [Fact]
    public void Flatten_keeps_keys_under_an_as_written_root_while_converting_the_others()
    {
        var data = HoconConfigurationFlattener.Flatten(
            HoconParser.Parse("""
                akka.actor.default-dispatcher.throughput = 30
                akka.remote.dot-netty.tcp.port = 0
                nameserver.listen-port = 9876
                """).Value,
            HoconKeyStyle.JavaCamelCase,
            ["akka"]);

        Assert.Equal("30", data["akka:actor:default-dispatcher:throughput"]);
        Assert.Equal("0", data["akka:remote:dot-netty:tcp:port"]);
        Assert.False(data.ContainsKey("akka:actor:defaultDispatcher:throughput"));
        Assert.Equal("9876", data["nameserver:listenPort"]);
    }

    [Fact]
    public void Flatten_keeps_case_dots_and_commas_of_quoted_keys_under_an_as_written_root()
    {
        var data = HoconConfigurationFlattener.Flatten(
            HoconParser.Parse("""akka.actor.serialization-bindings { "My.App.Ping, My-App" = hyperion }, akka.loggers = [x, y]""").Value,
            HoconKeyStyle.JavaCamelCase,
            ["akka"]);

        Assert.Contains("akka:actor:serialization-bindings:My.App.Ping, My-App", data.Keys);
        Assert.Equal("hyperion", data["akka:actor:serialization-bindings:My.App.Ping, My-App"]);
        Assert.Equal("y", data["akka:loggers:1"]);
    }

    [Fact]
    public void Flatten_keeps_the_root_key_itself_and_accepts_quoted_path_roots()
    {
        var data = HoconConfigurationFlattener.Flatten(
            HoconParser.Parse("""my-lib { some-key = 1 }, a { "b.c" { d-e = 2 }, f-g = 3 }""").Value,
            HoconKeyStyle.JavaCamelCase,
            ["my-lib", "a.\"b.c\""]);

        Assert.Equal("1", data["my-lib:some-key"]);
        Assert.Equal("2", data["a:b.c:d-e"]);
        Assert.Equal("3", data["a:fG"]);
    }

    [Fact]
    public void Flatten_converts_akka_keys_too_when_no_root_is_given()
    {
        var data = Flatten("akka.actor.default-dispatcher.throughput = 30");

        Assert.Equal("30", data["akka:actor:defaultDispatcher:throughput"]);
    }

    [Fact]
    public void Flatten_throws_when_two_keys_map_to_the_same_configuration_key()
    {
        var ex = Assert.Throws<FormatException>(() => Flatten("listen-port = 1\nlistenPort = 2"));

        Assert.Contains("'listen-port' and 'listenPort'", ex.Message, StringComparison.Ordinal);
    }
}
