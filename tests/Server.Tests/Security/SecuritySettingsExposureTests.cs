using System.Text;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Server.Tests.Security;

/// <summary>
/// Security and TLS settings must be neither readable nor changeable through the remote configuration commands:
/// otherwise an unauthenticated UPDATE_NAMESRV_CONFIG could switch authentication or TLS off (and the change would
/// be persisted to <c>configStorePath</c>), and GET_NAMESRV_CONFIG would reveal secrets.
/// </summary>
public sealed class SecuritySettingsExposureTests : ServerTestBase
{
    private static readonly string[] Keys =
    [
        "aclEnable", "security.aclEnable", "security:aclEnable", "credentials", "adminAllowList", "protectRouteReads",
        "protectBrokerRegistration", "protectConfigReads", "tlsServerMode", "tlsServerCertPath", "tlsServerKeyPath",
        "tlsServerKeyPassword", "tlsHandshakeTimeout",
    ];

    [Fact]
    public async Task Server_neither_reports_nor_applies_security_keys_when_config_update_names_them()
    {
        await using var admin = await ConnectAsync();
        var update = string.Concat(Keys.Select(k => $"{k}=false\n"));

        var answer = await admin.InvokeAsync(Request(RequestCode.UpdateNamesrvConfig, body: Encoding.UTF8.GetBytes(update)));
        var config = Encoding.UTF8.GetString((await admin.InvokeAsync(Request(RequestCode.GetNamesrvConfig))).Body.Span);

        Assert.True(answer.Code is ResponseCode.Success or ResponseCode.NoPermission, $"answer {answer.Code} {answer.Remark}");
        var lines = config.Split('\n').Select(line => line.Split('=')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(Keys, key => Assert.DoesNotContain(key, lines));
    }
}
