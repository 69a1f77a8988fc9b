using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Security;

namespace NameServer.Actors.Protocol.Tests.Security;

public sealed class AdminCommandsTests
{
    [Fact]
    public void Commands_carry_the_header_fields_the_server_parses_when_built_from_values()
    {
        Assert.True(PutKvConfigRequestHeader.TryParse(AdminCommands.PutKvConfig("ns", "k", "v").ExtFields, out var put, out _));
        Assert.Equal(new PutKvConfigRequestHeader("ns", "k", "v"), put);
        Assert.True(KvConfigKeyRequestHeader.TryParse(AdminCommands.DeleteKvConfig("ns", "k").ExtFields, out var delete, out _));
        Assert.Equal(new KvConfigKeyRequestHeader("ns", "k"), delete);
        Assert.True(BrokerPermRequestHeader.TryParse(AdminCommands.WipeWritePerm("broker-a").ExtFields, out var wipe, out _));
        Assert.Equal("broker-a", wipe.BrokerName);
        Assert.True(BrokerPermRequestHeader.TryParse(AdminCommands.AddWritePerm("broker-a").ExtFields, out var add, out _));
        Assert.Equal("broker-a", add.BrokerName);
        var unregister = AdminCommands.UnregisterBroker("c", "10.0.0.1:10911", "broker-a", 2);
        Assert.True(UnregisterBrokerRequestHeader.TryParse(unregister.ExtFields, out var header, out _));
        Assert.Equal(new UnregisterBrokerRequestHeader("broker-a", "10.0.0.1:10911", "c", 2), header);
        Assert.Equal(RequestCode.UnregisterBroker, unregister.Code);
        Assert.Equal(RequestCode.WipeWritePermOfBroker, AdminCommands.WipeWritePerm("b").Code);
        Assert.Equal(RequestCode.AddWritePermOfBroker, AdminCommands.AddWritePerm("b").Code);
        Assert.Equal(RequestCode.PutKvConfig, AdminCommands.PutKvConfig("n", "k", null).Code);
        Assert.Equal(RequestCode.DeleteKvConfig, AdminCommands.DeleteKvConfig("n", "k").Code);
    }

    [Fact]
    public void UpdateNamesrvConfig_writes_the_same_body_when_properties_come_in_another_order()
    {
        var first = AdminCommands.UpdateNamesrvConfig([new("b", "2"), new("a", "1")]);
        var second = AdminCommands.UpdateNamesrvConfig([new("a", "1"), new("b", "2")]);

        Assert.Equal(RequestCode.UpdateNamesrvConfig, first.Code);
        Assert.Equal(first.Body.ToArray(), second.Body.ToArray());
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, JavaProperties.Load(first.Body.Span));
    }

    [Fact]
    public void Sign_produces_what_verify_accepts_when_the_receiver_builds_the_same_command()
    {
        var signature = AdminCommands.Sign(AdminCommands.PutKvConfig("ns", "k", "v"), "ak", "sk");

        var received = AdminCommands.WithCredentials(AdminCommands.PutKvConfig("ns", "k", "v"), "ak", signature);

        Assert.True(AclSignature.Verify(received, "sk"));
        Assert.False(AclSignature.Verify(AdminCommands.WithCredentials(AdminCommands.PutKvConfig("ns", "k", "other"), "ak", signature), "sk"));
        Assert.False(AclSignature.Verify(received, "wrong"));
    }

    [Fact]
    public void WithCredentials_leaves_the_command_unsigned_when_no_access_key_is_given()
    {
        var command = AdminCommands.WithCredentials(AdminCommands.WipeWritePerm("broker-a"), null, null);

        Assert.False(command.ExtFields!.ContainsKey(AclSignature.AccessKeyField));
        Assert.False(command.ExtFields.ContainsKey(AclSignature.SignatureField));
    }
}
