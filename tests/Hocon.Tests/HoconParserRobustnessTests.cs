namespace NameServer.Actors.Hocon.Tests;

public class HoconParserRobustnessTests
{
    private static readonly string[] Tokens =
    [
        "a", "b", "a.b", "\"q\"", "\"\"\"", "\"", "\\", "{", "}", "[", "]", "=", ":", "+=", ",", "\n", " ", "\t",
        "#", "//", "${a}", "${?b}", "${", "$", "?", "1", "-2.5e3", "true", "null", "include ", "include \"x.conf\"",
        "required(", "file(", ")", "\\u12", "\r\n", "\uFEFF", "é", ".",
    ];

    [Fact]
    public void Parser_throws_only_parse_exceptions_when_input_is_random()
    {
        var random = new Random(20261121);
        var options = new HoconParseOptions { EnvironmentLookup = _ => null, BaseDirectory = Path.GetTempPath() };
        for (var i = 0; i < 3_000; i++)
        {
            var count = random.Next(1, 25);
            var text = string.Concat(Enumerable.Range(0, count).Select(_ => Tokens[random.Next(Tokens.Length)]));
            try
            {
                var root = HoconParser.Parse(text, "fuzz.conf", options);
                _ = root.ToJson();
            }
            catch (HoconParseException ex)
            {
                Assert.StartsWith("fuzz.conf:", ex.Message, StringComparison.Ordinal);
                Assert.True(ex.Line >= 1 && ex.Column >= 1, text);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} for input {System.Text.Json.JsonSerializer.Serialize(text)}: {ex}");
            }
        }
    }
}
