namespace NameServer.Actors.Hocon.Tests;

public class HoconPathTests
{
    [Theory]
    [InlineData("a", new[] { "a" })]
    [InlineData("a.b.c", new[] { "a", "b", "c" })]
    [InlineData("a.\"b.c\".d", new[] { "a", "b.c", "d" })]
    [InlineData("\"\"", new[] { "" })]
    [InlineData(" nameserver.listen-port ", new[] { "nameserver", "listen-port" })]
    public void Parse_splits_on_unquoted_dots(string path, string[] segments)
    {
        Assert.Equal(segments, HoconPath.Parse(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a.\"b")]
    public void Parse_throws_when_path_is_malformed(string path)
    {
        Assert.Throws<FormatException>(() => HoconPath.Parse(path));
    }

    [Fact]
    public void Render_quotes_segments_that_need_it()
    {
        Assert.Equal("a.\"b.c\".\"\".d-e", HoconPath.Render(["a", "b.c", "", "d-e"]));
    }
}
