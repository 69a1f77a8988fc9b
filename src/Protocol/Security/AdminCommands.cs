using System.Globalization;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Security;

/// <summary>
/// The admin requests as a Java tool sends them over TCP (code, header fields, body), built from their values. An ACL
/// 1.0 signature covers exactly these fields and this body, so a client that reaches the NameServer another way
/// (Akka.Remote) signs what the same operation would be on TCP, and the NameServer checks it with the same
/// authorizer. The server and its clients build the command here, so both sign the same bytes.
/// </summary>
public static class AdminCommands
{
    /// <summary><c>PUT_KV_CONFIG</c> (100): header <c>namespace</c>, <c>key</c> and, unless null, <c>value</c>.</summary>
    public static RemotingCommand PutKvConfig(string @namespace, string key, string? value)
    {
        var fields = new ExtFields().Set("namespace", @namespace).Set("key", key);
        if (value is not null)
        {
            fields.Set("value", value);
        }
        return Request(RequestCode.PutKvConfig, fields);
    }

    /// <summary><c>DELETE_KV_CONFIG</c> (102): header <c>namespace</c> and <c>key</c>.</summary>
    public static RemotingCommand DeleteKvConfig(string @namespace, string key) =>
        Request(RequestCode.DeleteKvConfig, new ExtFields().Set("namespace", @namespace).Set("key", key));

    /// <summary>
    /// <c>UPDATE_NAMESRV_CONFIG</c> (318): no header fields, the properties as a Java properties body, sorted by key
    /// so that the same properties always give the same body (mqadmin sends them in map order).
    /// </summary>
    public static RemotingCommand UpdateNamesrvConfig(IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var command = Request(RequestCode.UpdateNamesrvConfig, null);
        command.Body = JavaProperties.WriteUtf8(properties, sorted: true);
        return command;
    }

    /// <summary><c>WIPE_WRITE_PERM_OF_BROKER</c> (205): header <c>brokerName</c>.</summary>
    public static RemotingCommand WipeWritePerm(string brokerName) =>
        Request(RequestCode.WipeWritePermOfBroker, new ExtFields().Set("brokerName", brokerName));

    /// <summary><c>ADD_WRITE_PERM_OF_BROKER</c> (327): header <c>brokerName</c>.</summary>
    public static RemotingCommand AddWritePerm(string brokerName) =>
        Request(RequestCode.AddWritePermOfBroker, new ExtFields().Set("brokerName", brokerName));

    /// <summary><c>UNREGISTER_BROKER</c> (104): header <c>brokerName</c>, <c>brokerAddr</c>, <c>clusterName</c>, <c>brokerId</c>.</summary>
    public static RemotingCommand UnregisterBroker(string clusterName, string brokerAddr, string brokerName, long brokerId) =>
        Request(RequestCode.UnregisterBroker, new ExtFields()
            .Set("brokerName", brokerName)
            .Set("brokerAddr", brokerAddr)
            .Set("clusterName", clusterName)
            .Set("brokerId", brokerId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Signs <paramref name="command"/> as a Java tool with these credentials does: sets <c>AccessKey</c>, then
    /// <c>Signature</c> over every field and the body (<see cref="AclSignature"/>). Returns the signature.
    /// </summary>
    public static string Sign(RemotingCommand command, string accessKey, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentNullException.ThrowIfNull(secretKey);
        command.WithExtField(AclSignature.AccessKeyField, accessKey);
        var signature = AclSignature.Compute(command.ExtFields, command.Body.Span, secretKey);
        command.WithExtField(AclSignature.SignatureField, signature);
        return signature;
    }

    /// <summary>
    /// Adds credentials a client already computed (<see cref="Sign"/>) to <paramref name="command"/>: what the
    /// NameServer checks. Either missing leaves the command unsigned, as a request without them is on TCP.
    /// </summary>
    public static RemotingCommand WithCredentials(RemotingCommand command, string? accessKey, string? signature)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!string.IsNullOrEmpty(accessKey))
        {
            command.WithExtField(AclSignature.AccessKeyField, accessKey);
        }
        if (signature is not null)
        {
            command.WithExtField(AclSignature.SignatureField, signature);
        }
        return command;
    }

    private static RemotingCommand Request(int code, ExtFields? fields) => RemotingCommand.CreateRequest(code, opaque: 0, extFields: fields);
}
