using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.CustomHeaders;

public sealed class ExtFieldReaderTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("+7", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("", null)]
    [InlineData(" 1", null)]
    [InlineData("1.0", null)]
    [InlineData("0x10", null)]
    [InlineData("9223372036854775808", null)]
    public void GetLong_parses_like_Long_parseLong_when_text_varies(string text, long? expected)
    {
        Assert.Equal(expected, new ExtFields().Set("v", text).GetLong("v"));
    }

    [Theory]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("2147483648", null)]
    [InlineData("abc", null)]
    public void GetInt_returns_null_when_text_is_not_an_int(string text, int? expected)
    {
        Assert.Equal(expected, new ExtFields().Set("v", text).GetInt("v"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("tRuE", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    [InlineData("1", false)]
    [InlineData("", false)]
    public void GetBool_is_true_only_when_text_is_true_ignoring_case(string text, bool expected)
    {
        Assert.Equal(expected, new ExtFields().Set("v", text).GetBool("v"));
    }

    [Fact]
    public void Getters_return_null_when_field_or_map_is_absent()
    {
        ExtFields? none = null;

        Assert.Null(none.GetString("a"));
        Assert.Null(none.GetLong("a"));
        Assert.Null(new ExtFields().GetBool("a"));
        Assert.Null(new ExtFields().GetInt("a"));
    }
}
