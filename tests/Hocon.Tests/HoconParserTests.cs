using NameServer.Actors.Hocon;

namespace NameServer.Actors.Hocon.Tests;

public class HoconParserTests
{
    private static readonly Dictionary<string, string> NoEnvironment = new();

    internal static HoconConfig Parse(string text, Dictionary<string, string>? env = null, string? fileName = null)
    {
        var lookup = env ?? NoEnvironment;
        var options = new HoconParseOptions { EnvironmentLookup = name => lookup.GetValueOrDefault(name) };
        return HoconParser.Parse(text, fileName, options).ToConfig();
    }

    private static string Json(string text, Dictionary<string, string>? env = null) => Parse(text, env).ToJson();

    [Fact]
    public void Parser_reads_same_tree_when_root_braces_are_omitted()
    {
        Assert.Equal(Json("{ a = 1, b = x }"), Json("a = 1\nb = x"));
        Assert.Equal("""{"a":1,"b":"x"}""", Json("a = 1\nb = x"));
    }

    [Fact]
    public void Parser_reads_empty_document_as_empty_object()
    {
        Assert.Equal("{}", Json(string.Empty));
        Assert.Equal("{}", Json("  # only a comment\n"));
    }

    [Fact]
    public void Parser_expands_dotted_keys_into_nested_objects()
    {
        Assert.Equal(Json("a { b { c = 1 } }"), Json("a.b.c = 1"));
        Assert.Equal("""{"a":{"b":{"c":1,"d":2}}}""", Json("a.b.c = 1\na.b.d = 2"));
    }

    [Fact]
    public void Parser_keeps_quoted_key_segment_with_dot_as_one_segment()
    {
        var config = Parse("\"a.b\".c = 1\nx.\"y.z\" = 2");

        Assert.Equal(1, config.GetInt("\"a.b\".c"));
        Assert.Equal(2, config.GetInt("x.\"y.z\""));
        Assert.False(config.HasPath("a"));
    }

    [Fact]
    public void Parser_keeps_whitespace_inside_unquoted_keys()
    {
        Assert.Equal("""{"a b c":1}""", Json("a b c = 1"));
    }

    [Theory]
    [InlineData("a = 1")]
    [InlineData("a : 1")]
    [InlineData("a=1")]
    [InlineData("a:1")]
    public void Parser_accepts_equals_and_colon_as_separator(string text)
    {
        Assert.Equal(1, Parse(text).GetInt("a"));
    }

    [Fact]
    public void Parser_accepts_no_separator_before_an_object()
    {
        Assert.Equal("""{"a":{"b":1},"c":{}}""", Json("a { b = 1 }\nc {}"));
    }

    [Fact]
    public void Parser_appends_to_array_when_plus_equals_is_used()
    {
        Assert.Equal("""{"a":[1,2,3]}""", Json("a = [1, 2]\na += 3"));
    }

    [Fact]
    public void Parser_creates_array_when_plus_equals_targets_missing_key()
    {
        Assert.Equal("""{"a":["x"],"b":{"c":["y"]}}""", Json("a += x\nb.c += y"));
    }

    [Fact]
    public void Parser_ignores_hash_and_double_slash_comments()
    {
        var text = """
            # leading comment
            a = 1 # trailing hash
            // whole line
            b = 2 // trailing slashes
            c = "not // a comment # here"
            """;

        Assert.Equal("""{"a":1,"b":2,"c":"not // a comment # here"}""", Json(text));
    }

    [Fact]
    public void Parser_accepts_commas_newlines_and_trailing_commas()
    {
        Assert.Equal("""{"a":1,"b":2,"c":[1,2,3],"d":[4,5]}""", Json("a = 1, b = 2,\nc = [1, 2, 3,]\nd = [\n4\n5\n],"));
    }

    [Fact]
    public void Parser_decodes_json_escapes_in_quoted_strings()
    {
        var config = Parse("""a = "tab\there \"q\" back\\slash \u00e9\u4e2d \/ \n end" """);

        Assert.Equal("tab\there \"q\" back\\slash \u00e9\u4e2d / \n end", config.GetString("a"));
    }

    [Fact]
    public void Parser_keeps_whitespace_between_unquoted_tokens()
    {
        var config = Parse("a = hello world\nb = hello    big   world   \nc = foo \"bar\" baz");

        Assert.Equal("hello world", config.GetString("a"));
        Assert.Equal("hello    big   world", config.GetString("b"));
        Assert.Equal("foo bar baz", config.GetString("c"));
    }

    [Fact]
    public void Parser_reads_unquoted_strings_with_dots_slashes_and_dashes()
    {
        var config = Parse("a = /var/log/namesrv.log\nb = 127.0.0.1\nc = some-value_1");

        Assert.Equal("/var/log/namesrv.log", config.GetString("a"));
        Assert.Equal("127.0.0.1", config.GetString("b"));
        Assert.Equal("some-value_1", config.GetString("c"));
    }

    [Fact]
    public void Parser_keeps_triple_quoted_strings_raw_across_lines()
    {
        var config = Parse("a = \"\"\"line one\n  \"quoted\" \\n not escaped\"\"\"");

        Assert.Equal("line one\n  \"quoted\" \\n not escaped", config.GetString("a"));
    }

    [Fact]
    public void Parser_reads_numbers_as_numbers()
    {
        var config = Parse("i = 42\nn = -7\nl = 9223372036854775807\nd = 3.25\ne = 1e3\nf = 2.5E-1\ng = 1e+2");

        Assert.IsType<HoconNumber>(config.GetValue("i"));
        Assert.Equal(42, config.GetInt("i"));
        Assert.Equal(-7, config.GetInt("n"));
        Assert.Equal(long.MaxValue, config.GetLong("l"));
        Assert.Equal(3.25, config.GetDouble("d"));
        Assert.Equal(1000, config.GetLong("e"));
        Assert.Equal(0.25, config.GetDouble("f"));
        Assert.Equal(100, config.GetDouble("g"));
        Assert.Equal("""{"i":42,"n":-7,"l":9223372036854775807,"d":3.25,"e":1e3,"f":2.5E-1,"g":1e+2}""", config.ToJson());
    }

    [Fact]
    public void Parser_reads_true_and_false_as_booleans_and_other_words_as_strings()
    {
        var config = Parse("t = true\nf = false\ny = yes\nn = no\non = on\noff = off");

        Assert.IsType<HoconBoolean>(config.GetValue("t"));
        Assert.IsType<HoconString>(config.GetValue("y"));
        Assert.True(config.GetBoolean("t"));
        Assert.False(config.GetBoolean("f"));
        Assert.True(config.GetBoolean("y"));
        Assert.False(config.GetBoolean("n"));
        Assert.True(config.GetBoolean("on"));
        Assert.False(config.GetBoolean("off"));
    }

    [Fact]
    public void Parser_reads_null_as_null_value()
    {
        var config = Parse("a = null");

        Assert.True(config.TryGetValue("a", out var value));
        Assert.IsType<HoconNull>(value);
        Assert.False(config.HasPath("a"));
    }

    [Fact]
    public void Parser_reads_nested_arrays_and_objects_in_arrays()
    {
        Assert.Equal("""{"a":[[1,2],[],{"b":"c"},"d"]}""", Json("a = [[1, 2], [], { b = c }, d]"));
    }

    [Fact]
    public void Parser_merges_later_object_into_earlier_object()
    {
        var text = "a { x = 1, y { p = 1 } }\na { z = 3, y { q = 2 } }\na.x = 10";

        Assert.Equal("""{"a":{"x":10,"y":{"p":1,"q":2},"z":3}}""", Json(text));
    }

    [Fact]
    public void Parser_replaces_when_later_value_is_not_an_object()
    {
        Assert.Equal("""{"a":5}""", Json("a { x = 1 }\na = 5"));
        Assert.Equal("""{"a":{"x":1}}""", Json("a = 5\na { x = 1 }"));
        Assert.Equal("""{"a":[2]}""", Json("a = [1]\na = [2]"));
    }

    [Fact]
    public void Parser_resolves_forward_references_after_merging()
    {
        var text = "a = ${b.c}\nb { c = 1 }\nb { c = 2 }";

        Assert.Equal(2, Parse(text).GetInt("a"));
    }

    [Fact]
    public void Parser_keeps_type_of_a_lone_substitution()
    {
        var config = Parse("x { y = 1 }\nn = 2\nlist = [1, 2]\na = ${x}\nb = ${n}\nc = ${list}");

        Assert.Equal("""{"y":1}""", config.GetValue("a").ToJson());
        Assert.IsType<HoconNumber>(config.GetValue("b"));
        Assert.Equal("[1,2]", config.GetValue("c").ToJson());
    }

    [Fact]
    public void Parser_concatenates_substitutions_with_strings()
    {
        var config = Parse("a = /opt\nb = ${a}/bin\nc = ${a} and ${a}\nd = \"${a}\"");

        Assert.Equal("/opt/bin", config.GetString("b"));
        Assert.Equal("/opt and /opt", config.GetString("c"));
        Assert.Equal("${a}", config.GetString("d"));
    }

    [Fact]
    public void Parser_resolves_self_reference_against_previous_value()
    {
        var config = Parse("a = one\na = ${a} two\npath = /bin\npath = ${path}\":/extra\"");

        Assert.Equal("one two", config.GetString("a"));
        Assert.Equal("/bin:/extra", config.GetString("path"));
    }

    [Fact]
    public void Parser_resolves_self_reference_from_environment_when_no_previous_value()
    {
        var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin" };

        Assert.Equal("/usr/bin:/extra", Parse("PATH = ${PATH}\":/extra\"", env).GetString("PATH"));
    }

    [Fact]
    public void Parser_concatenates_arrays_and_self_referencing_arrays()
    {
        var config = Parse("a = [1, 2]\nb = ${a} [3]\nc = [0] ${a}\na = ${a} [9]");

        // Substitutions see the final value of a, after its self-referencing append.
        Assert.Equal("[1,2,9,3]", config.GetValue("b").ToJson());
        Assert.Equal("[0,1,2,9]", config.GetValue("c").ToJson());
        Assert.Equal("[1,2,9]", config.GetValue("a").ToJson());
    }

    [Fact]
    public void Parser_merges_objects_in_concatenation()
    {
        var config = Parse("base { x = 1, y = 1 }\nderived = ${base} { y = 2 }");

        Assert.Equal("""{"x":1,"y":2}""", config.GetValue("derived").ToJson());
    }

    [Fact]
    public void Parser_merges_later_object_with_earlier_substitution()
    {
        var config = Parse("base { x = 1 }\na = ${base}\na { y = 2 }");

        Assert.Equal("""{"x":1,"y":2}""", config.GetValue("a").ToJson());
    }

    [Fact]
    public void Parser_falls_back_to_environment_when_substitution_path_is_missing()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/home/me", ["PORT"] = "9999" };
        var config = Parse("home = ${HOME}\nport = ${?PORT}\nkv = ${?HOME}\"/namesrv/kv.json\"", env);

        Assert.Equal("/home/me", config.GetString("home"));
        Assert.Equal(9999, config.GetInt("port"));
        Assert.Equal("/home/me/namesrv/kv.json", config.GetString("kv"));
    }

    [Fact]
    public void Parser_prefers_configuration_over_environment()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/env" };

        Assert.Equal("/conf", Parse("HOME = /conf\nh = ${HOME}", env).GetString("h"));
    }

    [Fact]
    public void Parser_keeps_previous_value_when_optional_substitution_is_missing()
    {
        var config = Parse("port = 9876\nport = ${?NO_SUCH_VARIABLE}");

        Assert.Equal(9876, config.GetInt("port"));
    }

    [Fact]
    public void Parser_leaves_field_unset_when_optional_substitution_is_missing_everywhere()
    {
        var config = Parse("a = ${?NO_SUCH_VARIABLE}\nb = [1, ${?NOPE}, 2]\nc = ${?NOPE}/tail");

        Assert.False(config.TryGetValue("a", out _));
        Assert.Equal("[1,2]", config.GetValue("b").ToJson());
        Assert.Equal("/tail", config.GetString("c"));
    }

    [Fact]
    public void Parser_throws_with_position_when_required_substitution_is_missing()
    {
        var ex = Assert.Throws<HoconParseException>(() => Parse("a = 1\nb = x ${nope.nothing}", fileName: "app.conf"));

        Assert.Equal("app.conf", ex.FileName);
        Assert.Equal(2, ex.Line);
        Assert.Equal(7, ex.Column);
        Assert.StartsWith("app.conf:2:7: could not resolve substitution ${nope.nothing}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_throws_when_substitutions_form_a_cycle()
    {
        var ex = Assert.Throws<HoconParseException>(() => Parse("a = ${b}\nb = ${c}\nc = ${a}"));

        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_throws_when_concatenating_array_with_string()
    {
        var ex = Assert.Throws<HoconParseException>(() => Parse("a = [1]\nb = ${a} text"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("cannot concatenate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_throws_when_self_reference_has_no_earlier_value_nor_environment_variable()
    {
        var ex = Assert.Throws<HoconParseException>(() => Parse("a = ${a} x", fileName: "app.conf"));

        Assert.Equal((1, 5), (ex.Line, ex.Column));
        Assert.Contains("no earlier value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_resolves_substitution_with_quoted_path_segment()
    {
        Assert.Equal("v", Parse("\"a.b\" { c = v }\nx = ${\"a.b\".c}").GetString("x"));
    }

    [Fact]
    public void Parser_accepts_byte_order_mark_and_windows_line_endings()
    {
        var config = Parse("\uFEFFa = 1\r\nb = hello world\r\nc = [1,\r\n2]\r\n");

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("hello world", config.GetString("b"));
        Assert.Equal("[1,2]", config.GetValue("c").ToJson());
    }

    [Fact]
    public void Parser_merges_object_assigned_after_optional_substitution_that_is_undefined()
    {
        var config = Parse("a = ${?NOPE} { x = 1 }\na { y = 2 }");

        Assert.Equal("""{"x":1,"y":2}""", config.GetValue("a").ToJson());
    }

    [Fact]
    public void Parser_appends_inside_nested_objects_and_after_substitution()
    {
        var config = Parse("base = [1]\na { list = ${base} }\na { list += 2 }\na.list += 3");

        Assert.Equal("[1,2,3]", config.GetValue("a.list").ToJson());
    }

    [Fact]
    public void Parser_throws_parse_error_instead_of_crashing_when_nesting_is_hostile()
    {
        var text = "a = " + new string('[', 200_000);

        var ex = Assert.Throws<HoconParseException>(() => Parse(text));

        Assert.Contains("nested too deeply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_handles_long_runs_of_appends_and_overrides()
    {
        var text = "e = s\n" + string.Concat(Enumerable.Repeat("a += x\nb = ${?NOPE}\nb = ${c}\nd = ${c}\nd += y\ne = ${e} z\n", 2_000)) + "c = [1]";

        var config = Parse(text);

        Assert.Equal(2_000, config.GetStringList("a").Count);
        Assert.Equal("[1]", config.GetValue("b").ToJson());
        Assert.Equal("[1,\"y\"]", config.GetValue("d").ToJson());
        Assert.Equal(1 + (2 * 2_000), config.GetString("e").Length);
    }

    [Fact]
    public void Parser_throws_parse_error_when_value_nests_deeper_than_limit()
    {
        var text = "a = " + new string('[', 1_500) + new string(']', 1_500);

        var ex = Assert.Throws<HoconParseException>(() => Parse(text));

        Assert.Contains("nested more than 1000 levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = [1]\na = [${a}, 2]")]
    [InlineData("a = { x = 1 }\na = { b = ${a} }")]
    [InlineData("bar = ${foo}\nfoo = ${bar}")]
    public void Parser_throws_cycle_error_when_field_refers_to_itself_from_inside_array_or_object(string text)
    {
        var ex = Assert.Throws<HoconParseException>(() => Parse(text));

        Assert.Contains("substitution cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_treats_optional_substitution_in_a_cycle_as_undefined()
    {
        Assert.Equal("{}", Parse("a = ${?b}\nb = ${?a}").ToJson());
    }

    [Fact]
    public void Parser_resolves_mutually_referring_objects_by_looking_forward()
    {
        var config = Parse("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4");

        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Parser_resolves_self_reference_into_a_path_below_the_field()
    {
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");

        Assert.Equal("""{"a":2,"c":1}""", config.GetValue("foo").ToJson());
    }

    [Fact]
    public void Parser_never_evaluates_substitution_hidden_by_later_plain_value()
    {
        Assert.Equal(42, Parse("foo : ${does-not-exist}\nfoo : 42").GetInt("foo"));
    }

    [Fact]
    public void Parser_concatenates_optional_self_reference_that_is_undefined_as_empty()
    {
        Assert.Equal("foo", Parse("a = ${?a}foo").GetString("a"));
    }

    [Theory]
    [InlineData("042")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("0x10")]
    public void Parser_reads_text_that_is_not_a_json_number_as_string(string text)
    {
        var value = Parse("a = " + text).GetValue("a");

        Assert.Equal(new HoconString(text).ToJson(), value.ToJson());
    }

    [Fact]
    public void Parser_freezes_self_reference_when_later_fields_extend_a_merged_object()
    {
        var config = Parse("b { w = 0 }\na = ${b}\na.x = 1\na.x = ${a.x} 2\na.z = 3\na.y = ${a.x}");

        Assert.Equal("""{"w":0,"x":"1 2","z":3,"y":"1 2"}""", config.GetValue("a").ToJson());
    }

    [Fact]
    public void Parser_looks_into_long_override_chains_without_resolving_the_whole_object()
    {
        var overrides = string.Concat(Enumerable.Repeat("a = ${?NOPE}\n", 5_000));
        var config = Parse("b { x = 1 }\na = ${b}\n" + overrides + "a.y = ${a.x}");

        Assert.Equal("""{"x":1,"y":1}""", config.GetValue("a").ToJson());
    }
}
