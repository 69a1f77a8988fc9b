using Microsoft.Extensions.Configuration;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class SecurityOptionsTests
{
    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("nameserver:security:" + v.Key, v.Value)))
            .Build()
            .GetSection("nameserver:security");

    [Fact]
    public void Bind_gives_everything_off_when_section_is_empty()
    {
        var options = SecurityOptions.Bind(Section());

        Assert.False(options.AclEnable);
        Assert.False(options.ProtectRouteReads);
        Assert.False(options.ProtectBrokerRegistration);
        Assert.False(options.ProtectConfigReads);
        Assert.Empty(options.Credentials);
        Assert.Empty(options.AdminAllowList);
    }

    [Fact]
    public void Bind_reads_java_style_keys_when_allow_list_is_a_comma_separated_string()
    {
        var options = SecurityOptions.Bind(Section(
            ("aclEnable", "true"),
            ("protectRouteReads", "True"),
            ("protectBrokerRegistration", "false"),
            ("protectConfigReads", "true"),
            ("credentials:rocketmq2", "12345678"),
            ("credentials:ops", "s3cret"),
            ("adminAllowList", "127.0.0.1, 10.0.0.0/8")));

        Assert.True(options.AclEnable);
        Assert.True(options.ProtectRouteReads);
        Assert.False(options.ProtectBrokerRegistration);
        Assert.True(options.ProtectConfigReads);
        Assert.Equal("12345678", options.Credentials["rocketmq2"]);
        Assert.Equal("s3cret", options.Credentials["ops"]);
        Assert.Equal(["127.0.0.1", "10.0.0.0/8"], options.AdminAllowList);
    }

    [Fact]
    public void Bind_reads_allow_list_when_given_as_a_list()
    {
        var options = SecurityOptions.Bind(Section(("adminAllowList:0", "::1"), ("adminAllowList:1", "fd00::/8")));

        Assert.Equal(["::1", "fd00::/8"], options.AdminAllowList);
    }

    [Fact]
    public void Bind_reports_clear_error_when_switch_is_not_a_boolean()
    {
        var error = Assert.Throws<ArgumentException>(() => SecurityOptions.Bind(Section(("aclEnable", "yes"))));

        Assert.Contains("aclEnable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_reports_clear_error_when_credential_has_no_secret()
    {
        var error = Assert.Throws<ArgumentException>(() => SecurityOptions.Bind(Section(("credentials:rocketmq2", ""))));

        Assert.Contains("rocketmq2", error.Message, StringComparison.Ordinal);
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
        Assert.Equal(secret, SecurityOptions.IsSecretKey(key));
    }
}
