using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

public sealed class ExtFieldsTests
{
    [Fact]
    public void Set_keeps_position_when_key_already_exists()
    {
        var ext = new ExtFields().Set("b", "1").Set("a", "2").Set("b", "3");

        Assert.Equal(["b", "a"], ext.Keys);
        Assert.Equal("3", ext["b"]);
    }

    [Fact]
    public void Remove_drops_entry_when_present()
    {
        var ext = new ExtFields().Set("a", "1");

        Assert.True(ext.Remove("a"));
        Assert.False(ext.Remove("a"));
        Assert.Empty(ext);
    }

    [Fact]
    public void Indexer_throws_clear_error_when_key_is_missing()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new ExtFields()["x"]);
        Assert.Contains("'x'", error.Message);
    }
}
