using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Hocon.Tests.Configuration;

public class HoconKeysTests
{
    [Theory]
    [InlineData("un-register-broker-queue-capacity", "unRegisterBrokerQueueCapacity")]
    [InlineData("scan-not-active-broker-interval", "scanNotActiveBrokerInterval")]
    [InlineData("server-socket-snd-buf-size", "serverSocketSndBufSize")]
    [InlineData("kv-config-path", "kvConfigPath")]
    [InlineData("listenPort", "listenPort")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("-leading", "-leading")]
    [InlineData("trailing-", "trailing-")]
    [InlineData("double--dash", "double--dash")]
    [InlineData("v-2", "v2")]
    public void KebabToCamel_converts_joined_segments_when_hyphen_sits_between_letters(string kebab, string camel)
    {
        Assert.Equal(camel, HoconKeys.KebabToCamel(kebab));
    }

    [Fact]
    public void Convert_keeps_key_when_style_is_as_written()
    {
        Assert.Equal("listen-port", HoconKeys.Convert("listen-port", HoconKeyStyle.AsWritten));
        Assert.Equal("listenPort", HoconKeys.Convert("listen-port", HoconKeyStyle.JavaCamelCase));
    }
}
