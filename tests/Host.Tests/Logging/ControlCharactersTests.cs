using NameServer.Actors.Host.Logging;

namespace NameServer.Actors.Host.Tests.Logging;

public sealed class ControlCharactersTests
{
    [Theory]
    [InlineData("a\0b", "a\\u0000b")]
    [InlineData("line\nforged", "line\\nforged")]
    [InlineData("cr\rlf\r\n", "cr\\rlf\\r\\n")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("\u001b[31mred", "\\u001b[31mred")]
    [InlineData("del\u007f", "del\\u007f")]
    [InlineData("c1\u0085next", "c1\\u0085next")]
    [InlineData("ls\u2028ps\u2029", "ls\\u2028ps\\u2029")]
    public void Escape_writes_control_characters_as_escapes(string text, string expected)
    {
        Assert.Equal(expected, ControlCharacters.Escape(text));
        Assert.True(ControlCharacters.NeedEscaping(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("TopicTest")]
    [InlineData("C:\\path\\n (a backslash and an n)")]
    [InlineData("héllo wörld ✓")]
    public void Escape_returns_the_same_text_when_nothing_needs_escaping(string text)
    {
        Assert.Same(text, ControlCharacters.Escape(text));
        Assert.False(ControlCharacters.NeedEscaping(text));
    }
}
