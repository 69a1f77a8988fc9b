using NameServer.Actors.Hocon;

namespace NameServer.Actors.Hocon.Tests;

public class HoconIncludeTests
{
    private static readonly HoconParseOptions NoEnvironment = new() { EnvironmentLookup = _ => null };

    [Fact]
    public void Include_merges_file_relative_to_including_file()
    {
        using var dir = new TempDirectory();
        dir.Write("conf/defaults.conf", "a = 1\nb { x = 1 }");
        var main = dir.Write("conf/app.conf", "include \"defaults.conf\"\nb { y = 2 }\nc = ${a}");

        var config = HoconConfig.Load(main, NoEnvironment);

        Assert.Equal("""{"a":1,"b":{"x":1,"y":2},"c":1}""", config.ToJson());
    }

    [Fact]
    public void Include_accepts_file_form_and_nested_relative_includes()
    {
        using var dir = new TempDirectory();
        dir.Write("sub/deeper/leaf.conf", "leaf = true");
        dir.Write("sub/middle.conf", "include file(\"deeper/leaf.conf\")\nmiddle = true");
        var main = dir.Write("app.conf", "include file( \"sub/middle.conf\" )");

        var config = HoconConfig.Load(main, NoEnvironment);

        Assert.True(config.GetBoolean("leaf"));
        Assert.True(config.GetBoolean("middle"));
    }

    [Fact]
    public void Include_lets_later_fields_override_included_ones()
    {
        using var dir = new TempDirectory();
        dir.Write("base.conf", "port = 1\nname = base");
        var main = dir.Write("app.conf", "port = 0\ninclude \"base.conf\"\nport = 2");

        var config = HoconConfig.Load(main, NoEnvironment);

        Assert.Equal(2, config.GetInt("port"));
        Assert.Equal("base", config.GetString("name"));
    }

    [Fact]
    public void Include_inside_object_nests_content_and_prefixes_its_substitutions()
    {
        using var dir = new TempDirectory();
        dir.Write("server.conf", "port = 9876\nurl = \"tcp://host:\"${port}");
        var main = dir.Write("app.conf", "nameserver { include \"server.conf\" }\nport = 1");

        var config = HoconConfig.Load(main, NoEnvironment);

        Assert.Equal(9876, config.GetInt("nameserver.port"));
        Assert.Equal("tcp://host:9876", config.GetString("nameserver.url"));
    }

    [Fact]
    public void Include_without_extension_loads_conf_file()
    {
        using var dir = new TempDirectory();
        dir.Write("extra.conf", "a = conf");
        dir.Write("extra.json", "{ \"a\": \"json\", \"b\": \"json\" }");
        var main = dir.Write("app.conf", "include \"extra\"");

        var config = HoconConfig.Load(main, NoEnvironment);

        Assert.Equal("conf", config.GetString("a"));
        Assert.Equal("json", config.GetString("b"));
    }

    [Fact]
    public void Include_ignores_missing_file()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("app.conf", "include \"missing.conf\"\na = 1");

        Assert.Equal("""{"a":1}""", HoconConfig.Load(main, NoEnvironment).ToJson());
    }

    [Fact]
    public void Include_throws_with_position_when_required_file_is_missing()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("app.conf", "a = 1\n  include required(\"missing.conf\")");

        var ex = Assert.Throws<HoconParseException>(() => HoconConfig.Load(main, NoEnvironment));

        Assert.Equal(main, ex.FileName);
        Assert.Equal((2, 3), (ex.Line, ex.Column));
        Assert.Contains("required include \"missing.conf\" not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_accepts_required_file_form_when_file_exists()
    {
        using var dir = new TempDirectory();
        dir.Write("must.conf", "a = 1");
        var main = dir.Write("app.conf", "include required(file(\"must.conf\"))");

        Assert.Equal(1, HoconConfig.Load(main, NoEnvironment).GetInt("a"));
    }

    [Fact]
    public void Include_throws_when_files_include_each_other()
    {
        using var dir = new TempDirectory();
        dir.Write("b.conf", "b = 1\ninclude \"a.conf\"");
        var main = dir.Write("a.conf", "a = 1\ninclude \"b.conf\"");

        var ex = Assert.Throws<HoconParseException>(() => HoconConfig.Load(main, NoEnvironment));

        Assert.Contains("include cycle", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("b.conf", ex.FileName, StringComparison.Ordinal);
        Assert.Equal((2, 1), (ex.Line, ex.Column));
    }

    [Fact]
    public void Include_reports_errors_inside_included_file_with_its_name_and_position()
    {
        using var dir = new TempDirectory();
        var inner = dir.Write("inner.conf", "ok = 1\nbad = [1,,2]");
        var main = dir.Write("app.conf", "include \"inner.conf\"");

        var ex = Assert.Throws<HoconParseException>(() => HoconConfig.Load(main, NoEnvironment));

        Assert.Equal(inner, ex.FileName);
        Assert.Equal((2, 10), (ex.Line, ex.Column));
        Assert.Equal($"{inner}:2:10: unexpected ',' in an array (expected a value)", ex.Message);
    }

    [Fact]
    public void Include_rejects_classpath_form_with_clear_error()
    {
        var ex = Assert.Throws<HoconParseException>(() => HoconParser.Parse("include classpath(\"x.conf\")", "app.conf"));

        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"include\" = 1", "{\"include\":1}")]
    [InlineData("includes = 1", "{\"includes\":1}")]
    [InlineData("include.x = 1", "{\"include\":{\"x\":1}}")]
    [InlineData("foo include = 1", "{\"foo include\":1}")]
    [InlineData("a = include", "{\"a\":\"include\"}")]
    public void Include_word_is_ordinary_text_when_quoted_or_not_alone_at_key_start(string text, string json)
    {
        Assert.Equal(json, HoconParser.Parse(text).ToJson());
    }

    [Fact]
    public void Include_throws_when_bare_include_is_not_followed_by_a_file_name()
    {
        var ex = Assert.Throws<HoconParseException>(() => HoconParser.Parse("include = 1", "app.conf"));

        Assert.Equal((1, 9), (ex.Line, ex.Column));
        Assert.Contains("expected a quoted file name after 'include'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_allows_new_lines_between_keyword_and_file_name()
    {
        using var dir = new TempDirectory();
        dir.Write("extra.conf", "b = 2");
        var main = dir.Write("app.conf", "include\n   \"extra.conf\"\nc = 3");

        Assert.Equal("""{"b":2,"c":3}""", HoconConfig.Load(main, NoEnvironment).ToJson());
    }

    [Fact]
    public void Include_reports_unresolved_substitution_with_included_file_position()
    {
        using var dir = new TempDirectory();
        var inner = dir.Write("inner.conf", "a = 1\nb = ${missing}");
        var main = dir.Write("app.conf", "x { include \"inner.conf\" }");

        var ex = Assert.Throws<HoconParseException>(() => HoconConfig.Load(main, NoEnvironment));

        Assert.Equal(inner, ex.FileName);
        Assert.Equal((2, 5), (ex.Line, ex.Column));
        Assert.Contains("${missing}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_throws_when_includes_are_disabled_by_options()
    {
        var options = new HoconParseOptions { AllowIncludes = false };

        var ex = Assert.Throws<HoconParseException>(() => HoconParser.Parse("a = 1\ninclude \"x.conf\"", "app.conf", options));

        Assert.Equal((2, 1), (ex.Line, ex.Column));
        Assert.Contains("disabled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_resolves_against_base_directory_option_when_parsing_text()
    {
        using var dir = new TempDirectory();
        dir.Write("extra.conf", "b = 2");
        var options = new HoconParseOptions { BaseDirectory = dir.Path };

        Assert.Equal(2, HoconParser.Parse("include \"extra.conf\"", options: options).ToConfig().GetInt("b"));
    }
}
