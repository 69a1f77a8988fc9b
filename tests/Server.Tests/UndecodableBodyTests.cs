using System.Text;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests;

/// <summary>
/// Every request code whose body the NameServer reads, sent with a body it cannot decode over a real socket: the
/// answer is <c>SYSTEM_ERROR</c> with a remark (as the Java NameServer answers an exception thrown by its processor),
/// and the same connection goes on serving.
/// </summary>
public sealed class UndecodableBodyTests(ITestOutputHelper output) : ServerTestBase
{
    private const string Topic = "GarbageTopic";

    public static TheoryData<int, string> Cases() => new()
    {
        { RequestCode.RegisterBroker, "non-JSON" },
        { RequestCode.RegisterBroker, "truncated JSON" },
        { RequestCode.RegisterBroker, "binary" },
        { RequestCode.RegisterBroker, "compressed flag on bytes that are not zlib" },
        { RequestCode.QueryDataVersion, "non-JSON" },
        { RequestCode.QueryDataVersion, "truncated JSON" },
        { RequestCode.QueryDataVersion, "binary" },
        { RequestCode.QueryDataVersion, "JSON array" },
        { RequestCode.RegisterTopicInNamesrv, "non-JSON" },
        { RequestCode.RegisterTopicInNamesrv, "truncated JSON" },
        { RequestCode.RegisterTopicInNamesrv, "binary" },
        { RequestCode.RegisterTopicInNamesrv, "JSON array" },
        { RequestCode.GetClientConfig, "non-JSON" },
        { RequestCode.GetClientConfig, "truncated JSON" },
        { RequestCode.GetClientConfig, "binary" },
        { RequestCode.GetClientConfig, "JSON array" },
        { RequestCode.GetClientConfig, "empty" },
        // Properties text has one way to be undecodable (Java's Properties.load fails only on a bad \u escape).
        { RequestCode.UpdateNamesrvConfig, "malformed unicode escape" },
        { RequestCode.UpdateNamesrvConfig, "truncated unicode escape" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Server_answers_system_error_with_a_remark_and_keeps_the_connection_when_a_body_cannot_be_decoded(int code, string garbage)
    {
        // The broker's connection stays open: closing it would remove the broker and its routes.
        await using var broker = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", [Topic, "Other"]))).Code);
        await using var connection = await ConnectAsync();
        var request = GarbageRequest(code, garbage);

        var answer = await connection.InvokeAsync(request);
        var route = await connection.InvokeAsync(RouteRequest(Topic));
        output.WriteLine($"{code} {garbage}: {answer.Code} {answer.Remark}");

        Assert.True(answer.IsResponse);
        Assert.Equal(request.Opaque, answer.Opaque);
        Assert.True(answer.Code == ResponseCode.SystemError, $"code {answer.Code}, remark {answer.Remark}");
        Assert.False(string.IsNullOrWhiteSpace(answer.Remark));
        Assert.True(route.Code == ResponseCode.Success, $"route query after the garbage: code {route.Code} ({route.Remark})");
    }

    private static RemotingCommand GarbageRequest(int code, string garbage)
    {
        var valid = code switch
        {
            RequestCode.RegisterBroker => RegisterBrokerBodyCodec.EncodeJson(new RegisterBrokerBody(
                new TopicConfigSerializeWrapper(new DataVersion(1, 1), new Dictionary<string, TopicConfig> { ["T"] = new("T", 4, 4, Perm.ReadWrite) }), [])),
            RequestCode.QueryDataVersion => BodyEncoder.EncodeDataVersion(new DataVersion(1_700_000_000_000, 1)),
            RequestCode.RegisterTopicInNamesrv => BodyEncoder.EncodeTopicRouteData(
                new TopicRouteData([new QueueData("broker-a", 4, 4, Perm.ReadWrite, 0)], [], new Dictionary<string, IReadOnlyList<string>>()), JsonMode.Standard),
            RequestCode.GetClientConfig => BodyEncoder.EncodeClientConfigKeys(["listenPort"]),
            _ => "orderMessageEnable=true\n"u8.ToArray(),
        };
        byte[] body = garbage switch
        {
            "non-JSON" => "Lnotjson"u8.ToArray(),
            "truncated JSON" => valid[..(valid.Length / 2)],
            "binary" => [0x00, 0xFF, 0xFE, 0x80, 0x7B, 0x01, 0xC3, 0x28, 0x00, 0x22],
            "JSON array" => "[1,2,3]"u8.ToArray(),
            "compressed flag on bytes that are not zlib" => "definitely not deflate"u8.ToArray(),
            "empty" => [],
            "malformed unicode escape" => "orderMessageEnable=\\uZZZZ\n"u8.ToArray(),
            "truncated unicode escape" => "orderMessageEnable=true\nproductEnvName=\\u12"u8.ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(garbage), garbage, null),
        };
        var ext = code switch
        {
            RequestCode.RegisterBroker => new RegisterBrokerRequestHeader(
                "broker-g", "127.0.0.1:10921", "DefaultCluster", "127.0.0.1:10922", 0,
                Compressed: garbage.StartsWith("compressed", StringComparison.Ordinal), BodyCrc32: Crc32.ComputeBodyCrc32(body)).ToExtFields(),
            RequestCode.QueryDataVersion => new ExtFields()
                .Set("brokerName", "broker-a").Set("brokerAddr", "127.0.0.1:10911").Set("clusterName", "DefaultCluster").Set("brokerId", "0"),
            RequestCode.RegisterTopicInNamesrv => new ExtFields().Set("topic", "Other"),
            _ => null,
        };
        var request = Request(code, ext, body);
        Assert.True(garbage == "empty" || request.Body.Length > 0, Encoding.UTF8.GetString(body));
        return request;
    }
}
