using System.Text.Json;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Tests;

/// <summary>Authenticated admin operations wired into the server: signed requests pass, unsigned ones are refused.</summary>
public sealed class AuthenticatedAdminTests : ServerTestBase
{
    protected override NameServerSettings Settings() => TestSettings.Loopback.WithSecurity(s => s with
    {
        AclEnable = true,
        Credentials = new Dictionary<string, string>(StringComparer.Ordinal) { ["rocketmq2"] = "12345678" },
    });

    private static byte[] CapturedRequest(int code)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Captures", "java-5.3.3");
        var file = File.ReadLines(Path.Combine(directory, "frames.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .First(e => e.GetProperty("dir").GetString() == "req" && e.GetProperty("header").GetProperty("code").GetInt32() == code)
            .GetProperty("file").GetString()!;
        return File.ReadAllBytes(Path.Combine(directory, file));
    }

    [Fact]
    public async Task Server_accepts_signed_admin_request_when_mqadmin_signed_it_with_configured_credentials()
    {
        await using var admin = await ConnectAsync();

        await admin.SendRawAsync(CapturedRequest(RequestCode.PutKvConfig));

        Assert.Equal(ResponseCode.Success, (await admin.ReceiveAsync()).Code);
    }

    [Fact]
    public async Task Server_refuses_unsigned_admin_requests_with_no_permission_while_reads_stay_open()
    {
        await using var client = await ConnectAsync();

        var put = await client.InvokeAsync(Request(RequestCode.PutKvConfig, new ExtFields().Set("namespace", "ns").Set("key", "k").Set("value", "v")));
        var wipe = await client.InvokeAsync(Request(RequestCode.WipeWritePermOfBroker, new ExtFields().Set("brokerName", "broker-a")));
        var route = await client.InvokeAsync(RouteRequest("Nope"));
        var register = await client.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["A", "B"]));

        Assert.Equal(ResponseCode.NoPermission, put.Code);
        Assert.Equal(ResponseCode.NoPermission, wipe.Code);
        Assert.Equal(ResponseCode.TopicNotExist, route.Code);
        Assert.Equal(ResponseCode.Success, register.Code);
    }
}
