using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class SecuritySettingsTests
{
    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        NameServerReference.Under(new ConfigurationBuilder()
                .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("nameserver:security:" + v.Key, v.Value)))
                .Build())
            .GetSection("nameserver:security");

    [Fact]
    public void Create_gives_everything_off_when_section_is_reference_conf_alone()
    {
        var settings = SecuritySettings.Create(Section());

        Assert.False(settings.AclEnable);
        Assert.False(settings.ProtectRouteReads);
        Assert.False(settings.ProtectBrokerRegistration);
        Assert.False(settings.ProtectConfigReads);
        Assert.Empty(settings.Credentials);
        Assert.Empty(settings.AdminAllowList);
        Assert.Equivalent(settings, NameServerSettings.Default.Security);
    }

    [Fact]
    public void Create_reads_java_style_keys_when_allow_list_is_a_comma_separated_string()
    {
        var settings = SecuritySettings.Create(Section(
            ("aclEnable", "true"),
            ("protectRouteReads", "True"),
            ("protectBrokerRegistration", "false"),
            ("protectConfigReads", "true"),
            ("credentials:rocketmq2", "12345678"),
            ("credentials:ops", "s3cret"),
            ("adminAllowList", "127.0.0.1, 10.0.0.0/8")));

        Assert.True(settings.AclEnable);
        Assert.True(settings.ProtectRouteReads);
        Assert.False(settings.ProtectBrokerRegistration);
        Assert.True(settings.ProtectConfigReads);
        Assert.Equal("12345678", settings.Credentials["rocketmq2"]);
        Assert.Equal("s3cret", settings.Credentials["ops"]);
        Assert.Equal(["127.0.0.1/32", "10.0.0.0/8"], settings.AdminAllowList.Select(r => r.ToString()));
    }

    [Fact]
    public void Create_reads_allow_list_when_given_as_a_list()
    {
        var settings = SecuritySettings.Create(Section(("adminAllowList:0", "::1"), ("adminAllowList:1", "fd00::/8")));

        Assert.Equal(["::1/128", "fd00::/8"], settings.AdminAllowList.Select(r => r.ToString()));
    }

    [Fact]
    public void Create_reports_clear_error_when_switch_is_not_a_boolean()
    {
        var error = Assert.Throws<SettingsException>(() => SecuritySettings.Create(Section(("aclEnable", "yes"))));

        Assert.Equal("security.aclEnable", error.Key);
        Assert.Equal("security.aclEnable 'yes' is not true or false", error.Message);
    }

    [Fact]
    public void Create_reports_clear_error_when_credential_has_no_secret()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["credentials:rocketmq2"] = "", ["aclEnable"] = "true" })
            .Build();

        var error = Assert.Throws<SettingsException>(() => SecuritySettings.Create(section));

        Assert.Contains("rocketmq2", error.Message, StringComparison.Ordinal);
        Assert.Equal("security.credentials", error.Key);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/x")]
    public void Create_reports_clear_error_when_allow_list_entry_is_malformed(string entry)
    {
        var error = Assert.Throws<SettingsException>(() => SecuritySettings.Create(Section(("adminAllowList", "127.0.0.1," + entry))));

        Assert.Equal("security.adminAllowList", error.Key);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("security:credentials:rocketmq2", true)]
    [InlineData("Security.aclEnable", true)]
    [InlineData("security__adminAllowList", true)]
    [InlineData("tlsServerKeyPassword", true)]
    [InlineData("tls.server.keyPassword", true)]
    [InlineData("securityEnabledSomewhereElse", false)]
    [InlineData("tlsServerMode", false)]
    [InlineData("listenPort", false)]
    public void IsSecretKey_hides_security_section_and_key_password_when_config_is_reported(string key, bool secret)
    {
        Assert.Equal(secret, SecuritySettings.IsSecretKey(key));
    }
}
