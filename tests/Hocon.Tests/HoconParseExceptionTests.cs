using NameServer.Actors.Hocon;

namespace NameServer.Actors.Hocon.Tests;

public class HoconParseExceptionTests
{
    private static HoconParseException ParseError(string text) =>
        Assert.Throws<HoconParseException>(() => HoconParser.Parse(text, "app.conf"));

    [Theory]
    [InlineData("listen-port\n9876", 2, 1, "expected '=' or ':' after key \"listen-port\"")]
    [InlineData("listen-port 9876", 1, 17, "expected '=' or ':' after key \"listen-port 9876\", found end of file")]
    [InlineData("a = 1\nb = \"unterminated", 2, 5, "unterminated quoted string")]
    [InlineData("a {\n  b = 1\n", 3, 1, "expected '}' to close the object opened at line 1, column 3")]
    [InlineData("a = [1, 2", 1, 10, "expected ']' to close the array opened at line 1, column 5")]
    [InlineData("a = 1 }", 1, 7, "unexpected '}'")]
    [InlineData("a = \"bad \\q escape\"", 1, 10, "invalid escape '\\q'")]
    [InlineData("a = \"\\u12\"", 1, 6, "'\\u' must be followed by four hex digits")]
    [InlineData("a = b:c", 1, 6, "unexpected ':' in the value of key \"a\"")]
    [InlineData("a = ,", 1, 5, "expected a value for key \"a\"")]
    [InlineData("a = 1 2, , b = 3", 1, 10, "unexpected ','")]
    [InlineData("a = $b", 1, 5, "'$' must start a substitution")]
    [InlineData("a = ${b", 1, 8, "expected '}' to close the substitution")]
    [InlineData("a..b = 1", 1, 1, "empty segment in a key \"a..b\"")]
    [InlineData("a = [1, 2}", 1, 10, "expected ',', ']' or a new line after an array element, found '}'")]
    [InlineData("[1, 2]", 1, 1, "the root of a HOCON document must be an object")]
    [InlineData("{ a = 1 } b = 2", 1, 11, "unexpected 'b' after the closing '}'")]
    [InlineData("a = \"\"\"never closed", 1, 5, "unterminated triple-quoted string")]
    [InlineData("a = { b = 1 } x = 2", 1, 17, "unexpected '=' in the value of key \"a\"")]
    public void Parse_error_names_file_line_and_column(string text, int line, int column, string reason)
    {
        var ex = ParseError(text);

        Assert.Equal("app.conf", ex.FileName);
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.StartsWith($"app.conf:{line}:{column}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_error_counts_columns_after_windows_line_endings()
    {
        var ex = ParseError("a = 1\r\nb == 2");

        Assert.Equal((2, 4), (ex.Line, ex.Column));
    }

    [Fact]
    public void Parse_error_uses_placeholder_name_when_text_has_no_file_name()
    {
        var ex = Assert.Throws<HoconParseException>(() => HoconParser.Parse("a"));

        Assert.Null(ex.FileName);
        Assert.StartsWith("<string>:1:2: ", ex.Message, StringComparison.Ordinal);
    }
}
