using NameServer.Actors.Contracts;
using NameServer.Actors.Protocol.Security;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>Admin messages over Akka.Remote with <c>aclEnable</c> on: authorized as the same operations on TCP.</summary>
public sealed class GatewaySecurityTests : RemoteTestKit
{
    private const string AccessKey = "rocketmq2";
    private const string SecretKey = "12345678";

    public GatewaySecurityTests(ITestOutputHelper output)
        : base(output)
    {
    }

    protected override NameServerSettings Settings() => WithRemoting(TestSettings.Loopback.WithSecurity(s => s with
    {
        AclEnable = true,
        Credentials = new Dictionary<string, string>(StringComparer.Ordinal) { [AccessKey] = SecretKey },
    }));

    [Fact]
    public async Task Gateway_refuses_admin_messages_with_NO_PERMISSION_when_unsigned_or_signed_wrongly()
    {
        var unsigned = await AskAsync<NameServerError>(new PutKvConfig("ns", "k", "v"));
        Assert.Equal(NameServerErrorCodes.NoPermission, unsigned.Code);
        var wrongKey = AdminCommands.PutKvConfig("ns", "k", "v");
        var badSignature = AdminCommands.Sign(wrongKey, AccessKey, "not-the-secret");
        var forged = await AskAsync<NameServerError>(new PutKvConfig("ns", "k", "v") { AccessKey = AccessKey, Signature = badSignature });
        Assert.Equal(NameServerErrorCodes.NoPermission, forged.Code);
        // A signature over other values does not cover these.
        var other = AdminCommands.Sign(AdminCommands.PutKvConfig("ns", "k", "other"), AccessKey, SecretKey);
        Assert.Equal(NameServerErrorCodes.NoPermission, (await AskAsync<NameServerError>(new PutKvConfig("ns", "k", "v") { AccessKey = AccessKey, Signature = other })).Code);
        Assert.Equal(NameServerErrorCodes.NoPermission, (await AskAsync<NameServerError>(new WipeWritePerm("broker-a"))).Code);
        Assert.Equal(NameServerErrorCodes.NoPermission, (await AskAsync<NameServerError>(new DeleteKvConfig("ns", "k"))).Code);
        Assert.Equal(
            NameServerErrorCodes.NoPermission,
            (await AskAsync<NameServerError>(new UpdateNamesrvConfig(new Dictionary<string, string> { ["enableAllTopicList"] = "false" }))).Code);

        Assert.Null((await AskAsync<KvConfigReply>(new GetKvConfig("ns", "k"))).Value);
    }

    [Fact]
    public async Task Gateway_applies_admin_messages_when_signed_with_configured_credentials()
    {
        var signature = AdminCommands.Sign(AdminCommands.PutKvConfig("ns", "k", "v"), AccessKey, SecretKey);

        Assert.IsType<AdminDone>(await AskAsync<object>(new PutKvConfig("ns", "k", "v") { AccessKey = AccessKey, Signature = signature }));

        Assert.Equal("v", (await AskAsync<KvConfigReply>(new GetKvConfig("ns", "k"))).Value);
        var properties = new Dictionary<string, string> { ["enableAllTopicList"] = "false" };
        var configSignature = AdminCommands.Sign(AdminCommands.UpdateNamesrvConfig(properties), AccessKey, SecretKey);
        Assert.IsType<AdminDone>(await AskAsync<object>(new UpdateNamesrvConfig(properties) { AccessKey = AccessKey, Signature = configSignature }));
    }

    [Fact]
    public async Task Gateway_answers_route_queries_without_credentials_when_route_reads_are_not_protected()
    {
        Assert.Equal(new RouteReply("TopicA", null), await AskAsync<RouteReply>(new GetRoute("TopicA")));
    }
}
