namespace NameServer.Actors.Hocon.Tests;

public class HoconConfigTests
{
    private static HoconConfig Parse(string text) => HoconParserTests.Parse(text);

    [Fact]
    public void Getters_read_typed_values_by_path()
    {
        var config = Parse("""
            nameserver {
              listen-port = 9876
              big = 10000000000
              ratio = 0.75
              name = center
              enabled = on
              interval = 10s
              bare-interval = 5000
              frame = 16MiB
              list = [a, 1, true]
            }
            """);

        Assert.Equal(9876, config.GetInt("nameserver.listen-port"));
        Assert.Equal(10_000_000_000L, config.GetLong("nameserver.big"));
        Assert.Equal(0.75, config.GetDouble("nameserver.ratio"));
        Assert.Equal("center", config.GetString("nameserver.name"));
        Assert.Equal("9876", config.GetString("nameserver.listen-port"));
        Assert.True(config.GetBoolean("nameserver.enabled"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetDuration("nameserver.interval"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("nameserver.bare-interval"));
        Assert.Equal(16_777_216, config.GetBytes("nameserver.frame"));
        Assert.Equal(["a", "1", "true"], config.GetStringList("nameserver.list"));
        Assert.Equal(9876, config.GetConfig("nameserver").GetInt("listen-port"));
    }

    [Fact]
    public void Getters_convert_numeric_strings_like_hocon()
    {
        var config = Parse("a = \"42\"\nb = 3.0");

        Assert.Equal(42, config.GetInt("a"));
        Assert.Equal(3, config.GetInt("b"));
    }

    [Fact]
    public void Getters_return_defaults_when_path_is_missing()
    {
        var config = Parse("a = 1");

        Assert.Equal(7, config.GetInt("missing", 7));
        Assert.Equal("x", config.GetString("missing", "x"));
        Assert.True(config.GetBoolean("missing", true));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetDuration("missing", TimeSpan.FromSeconds(1)));
        Assert.Equal(3, config.GetBytes("missing", 3));
    }

    [Fact]
    public void Getter_throws_naming_path_when_setting_is_missing()
    {
        var ex = Assert.Throws<HoconConfigException>(() => Parse("a = 1").GetInt("a.b"));

        Assert.Equal("a.b", ex.Path);
        Assert.Contains("no such setting", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = hello", "expected a whole number but found \"hello\"")]
    [InlineData("a = 2147483648", "out of range for a 32-bit integer")]
    [InlineData("a = [1]", "expected a whole number but found array")]
    [InlineData("a = null", "the setting is null")]
    public void GetInt_throws_clear_error_when_value_has_wrong_type(string text, string message)
    {
        var ex = Assert.Throws<HoconConfigException>(() => Parse(text).GetInt("a"));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Getters_throw_clear_error_for_bad_boolean_duration_and_size()
    {
        var config = Parse("b = maybe\nd = 10 parsecs\ns = 10 fortnights\no { x = 1 }");

        Assert.Contains("expected a boolean", Assert.Throws<HoconConfigException>(() => config.GetBoolean("b")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown duration unit 'parsecs'", Assert.Throws<HoconConfigException>(() => config.GetDuration("d")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown size unit 'fortnights'", Assert.Throws<HoconConfigException>(() => config.GetBytes("s")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a string but found object", Assert.Throws<HoconConfigException>(() => config.GetString("o")).Message, StringComparison.Ordinal);
        Assert.Contains("expected an array", Assert.Throws<HoconConfigException>(() => config.GetStringList("b")).Message, StringComparison.Ordinal);
        Assert.Contains("expected an object", Assert.Throws<HoconConfigException>(() => config.GetConfig("b")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Getter_throws_config_exception_when_path_expression_is_malformed()
    {
        Assert.Throws<HoconConfigException>(() => Parse("a = 1").GetInt("a..b"));
    }

    [Fact]
    public void HasPath_is_false_for_missing_and_null_values()
    {
        var config = Parse("a { b = 1, n = null }");

        Assert.True(config.HasPath("a"));
        Assert.True(config.HasPath("a.b"));
        Assert.False(config.HasPath("a.n"));
        Assert.False(config.HasPath("a.c"));
        Assert.False(config.HasPath("a.b.c"));
    }

    [Fact]
    public void WithFallback_fills_missing_paths_from_fallback_and_merges_objects()
    {
        var reference = Parse("nameserver { listen-port = 9876, bind-address = \"127.0.0.1\", list = [1, 2] }\nother = x");
        var user = Parse("nameserver { listen-port = 1234, list = [3] }");

        var config = user.WithFallback(reference);

        Assert.Equal(1234, config.GetInt("nameserver.listen-port"));
        Assert.Equal("127.0.0.1", config.GetString("nameserver.bind-address"));
        Assert.Equal(["3"], config.GetStringList("nameserver.list"));
        Assert.Equal("x", config.GetString("other"));
    }

    [Fact]
    public void WithFallback_chains_in_priority_order()
    {
        var defaults = Parse("a = 1\nb = 1\nc = 1");
        var file = Parse("b = 2\nc = 2");
        var overrides = Parse("c = 3");

        var config = overrides.WithFallback(file).WithFallback(defaults);

        Assert.Equal((1, 2, 3), (config.GetInt("a"), config.GetInt("b"), config.GetInt("c")));
    }

    [Fact]
    public void Load_reads_file_from_disk()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "a.b = 1");

        Assert.Equal("""{"a":{"b":1}}""", HoconConfig.Load(file).ToJson());
    }

    [Fact]
    public void Load_with_fallback_lets_file_refer_to_and_extend_fallback_values()
    {
        using var dir = new TempDirectory();
        var referencePath = dir.Write("reference.conf", "home = /ref\nnameserver { port = 9876, kv = ${home}/kv.json, tags = [a] }");
        var user = dir.Write("user.conf", "home = /user\nnameserver.store = ${home}/store\nnameserver.port = ${nameserver.port}0\nnameserver.tags += b");
        var options = new HoconParseOptions { EnvironmentLookup = _ => null };

        var config = HoconConfig.Load(user, HoconConfig.Load(referencePath, options), options);

        Assert.Equal("/ref/kv.json", config.GetString("nameserver.kv"));
        Assert.Equal("/user/store", config.GetString("nameserver.store"));
        Assert.Equal("98760", config.GetString("nameserver.port"));
        Assert.Equal(["a", "b"], config.GetStringList("nameserver.tags"));
    }

    [Fact]
    public void Load_with_fallback_reports_errors_with_the_file_that_contains_them()
    {
        using var dir = new TempDirectory();
        var user = dir.Write("user.conf", "b = ${nope}");
        var options = new HoconParseOptions { EnvironmentLookup = _ => null };

        var ex = Assert.Throws<HoconParseException>(() => HoconConfig.Load(user, Parse("a = 1"), options));

        Assert.Equal(user, ex.FileName);
        Assert.Equal((1, 5), (ex.Line, ex.Column));
    }

    [Fact]
    public void Parse_with_fallback_merges_objects_and_replaces_scalars()
    {
        var fallback = Parse("a { x = 1, y = 1 }\nb = 1");

        var root = HoconParser.Parse("a { y = 2 }\nb = { c = 3 }", fallback.Root);

        Assert.Equal("""{"a":{"x":1,"y":2},"b":{"c":3}}""", root.ToJson());
    }

    [Fact]
    public void GetStringList_converts_object_with_numeric_keys_to_list_in_numeric_order()
    {
        var config = Parse("foo.10 = c\nfoo.2 = b\nfoo.0 = a\nfoo.name = ignored\nbar.x = 1");

        Assert.Equal(["a", "b", "c"], config.GetStringList("foo"));
        Assert.Throws<HoconConfigException>(() => config.GetStringList("bar"));
    }
}
