using System.Net;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class AddressRangeTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1/32")]
    [InlineData(" 10.0.0.0/8 ", "10.0.0.0/8")]
    [InlineData("::1", "::1/128")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("::ffff:10.0.0.0/8", "10.0.0.0/8")]
    public void Parse_gives_single_address_full_prefix_when_no_length_is_given(string text, string expected)
    {
        Assert.Equal(expected, AddressRange.Parse(text).ToString());
    }

    [Fact]
    public void Contains_compares_bits_past_the_prefix_boundary_when_prefix_is_not_byte_aligned()
    {
        var range = AddressRange.Parse("172.16.0.0/12");

        Assert.True(range.Contains(IPAddress.Parse("172.31.255.255")));
        Assert.False(range.Contains(IPAddress.Parse("172.32.0.0")));
        Assert.False(range.Contains(IPAddress.Parse("172.15.255.255")));
    }

    [Fact]
    public void Contains_never_matches_across_address_families()
    {
        Assert.False(AddressRange.Parse("0.0.0.0/0").Contains(IPAddress.IPv6Loopback));
        Assert.False(AddressRange.Parse("::/0").Contains(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("host.example")]
    public void Parse_throws_clear_error_when_text_is_not_an_address_or_prefix(string text)
    {
        var error = Assert.Throws<FormatException>(() => AddressRange.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }
}
