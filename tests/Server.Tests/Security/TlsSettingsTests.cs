using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class TlsSettingsTests
{
    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        NameServerReference.Under(new ConfigurationBuilder()
                .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("nameserver:" + v.Key, v.Value)))
                .Build())
            .GetSection("nameserver");

    [Fact]
    public void Create_gives_permissive_without_certificate_and_a_ten_second_handshake_when_section_is_reference_conf_alone()
    {
        var settings = TlsSettings.Create(Section());

        Assert.Equal(TlsMode.Permissive, settings.TlsServerMode);
        Assert.False(settings.HasCertificate);
        Assert.Null(settings.TlsServerKeyPassword);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.TlsHandshakeTimeout);
        Assert.Equal(settings, NameServerSettings.Default.Tls);
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("on")]
    public void Create_refuses_mode_when_it_is_unknown(string mode)
    {
        var error = Assert.Throws<SettingsException>(() => TlsSettings.Create(Section(("tlsServerMode", mode))));

        Assert.Equal($"tlsServerMode '{mode}' is not disabled, permissive or enforcing", error.Message);
    }

    [Theory]
    [InlineData("permissive", false)]
    [InlineData("disabled", false)]
    [InlineData("ENFORCING", true)]
    public void Create_refuses_only_a_mode_that_needs_a_certificate_when_none_is_configured(string mode, bool refused)
    {
        var error = Record.Exception(() => TlsSettings.Create(Section(("tlsServerMode", mode))));

        Assert.Equal(refused, error is SettingsException { Key: "tlsServerMode" });
    }

    [Fact]
    public void Create_accepts_enforcing_when_certificate_and_key_paths_are_set()
    {
        var settings = TlsSettings.Create(Section(
            ("tlsServerMode", "enforcing"), ("tlsServerCertPath", "/etc/namesrv/tls.crt"), ("tlsServerKeyPath", "/etc/namesrv/tls.key"),
            ("tlsHandshakeTimeout", "3s")));

        Assert.Equal(TlsMode.Enforcing, settings.TlsServerMode);
        Assert.Equal("/etc/namesrv/tls.crt", settings.TlsServerCertPath);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.TlsHandshakeTimeout);
    }
}
