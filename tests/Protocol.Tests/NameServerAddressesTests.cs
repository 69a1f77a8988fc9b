namespace NameServer.Actors.Protocol.Tests;

public sealed class NameServerAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1:9876", new[] { "127.0.0.1:9876" })]
    [InlineData("a:9876;b:9877", new[] { "a:9876", "b:9877" })]
    [InlineData(" a:9876 , b:9877 ;", new[] { "a:9876", "b:9877" })]
    [InlineData("http://a:9876;https://b:9877/", new[] { "a:9876", "b:9877" })]
    [InlineData("a:9876;a:9876", new[] { "a:9876" })]
    [InlineData("[::1]:9876", new[] { "[::1]:9876" })]
    public void Parse_splits_trims_and_strips_prefixes_when_the_list_is_valid(string text, string[] expected)
    {
        Assert.Equal(expected, NameServerAddresses.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ;  , ")]
    [InlineData("host")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:abc")]
    [InlineData("::1:9876")]
    [InlineData("a:9876;broken")]
    public void Parse_throws_a_clear_error_when_an_entry_is_not_host_and_port(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => NameServerAddresses.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void SplitHostPort_unwraps_ipv6_brackets()
    {
        Assert.Equal(("::1", 9876), NameServerAddresses.SplitHostPort("[::1]:9876"));
        Assert.Equal(("localhost", 10911), NameServerAddresses.SplitHostPort("localhost:10911"));
    }
}
