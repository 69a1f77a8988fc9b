using System.Text.Json;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Server.Tests;

/// <summary>
/// Replays every request recorded between real RocketMQ 4.9.8 / 5.3.3 peers and the Java NameServer
/// (<c>reference/captures</c>) against our server, one socket per recorded connection, in recorded order, and checks
/// that each answer carries what the Java answer carried: code, header fields, body presence and body content.
/// </summary>
public sealed class CaptureReplayTests : ServerTestBase
{
    [Theory]
    [InlineData("java-4.9.8")]
    [InlineData("java-5.3.3")]
    public async Task Server_answers_like_java_when_captured_session_is_replayed(string capture)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Captures", capture);
        var frames = File.ReadLines(Path.Combine(directory, "frames.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => (
                File: e.GetProperty("file").GetString()!,
                Dir: e.GetProperty("dir").GetString()!,
                Conn: e.GetProperty("conn").GetInt32(),
                Opaque: e.GetProperty("header").GetProperty("opaque").GetInt32()))
            .ToList();
        var connections = new Dictionary<int, RawConnection>();
        try
        {
            foreach (var request in frames.Where(f => f.Dir == "req"))
            {
                var java = frames.First(f => f.Dir == "resp" && f.Conn == request.Conn && f.Opaque == request.Opaque);
                if (!connections.TryGetValue(request.Conn, out var connection))
                {
                    connection = connections[request.Conn] = await ConnectAsync();
                }
                var requestBytes = await File.ReadAllBytesAsync(Path.Combine(directory, request.File));
                var expected = RemotingCommandReader.DecodeFrame(await File.ReadAllBytesAsync(Path.Combine(directory, java.File)));
                var sent = RemotingCommandReader.DecodeFrame(requestBytes);

                await connection.SendRawAsync(requestBytes);
                var ours = await connection.ReceiveAsync();

                var what = $"{capture} {request.File} (code {sent.Code})";
                Assert.True(expected.Code == ours.Code, $"{what}: code {ours.Code} ({ours.Remark}), Java answered {expected.Code}");
                Assert.Equal(sent.Opaque, ours.Opaque);
                Assert.True(ours.IsResponse, what);
                Assert.True(
                    Keys(expected).SequenceEqual(Keys(ours)),
                    $"{what}: ext fields [{string.Join(",", ours.ExtFields?.Keys ?? [])}], Java [{string.Join(",", expected.ExtFields?.Keys ?? [])}]");
                Assert.True(expected.Body.IsEmpty == ours.Body.IsEmpty, $"{what}: body presence differs from Java");
                AssertSameBody(sent.Code, expected, ours, what);
            }
        }
        finally
        {
            foreach (var connection in connections.Values)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static void AssertSameBody(int code, RemotingCommand java, RemotingCommand ours, string what)
    {
        if (java.Body.IsEmpty)
        {
            return;
        }
        switch (code)
        {
            case RequestCode.GetRouteInfoByTopic:
                var expectedRoute = BodyDecoder.DecodeTopicRouteData(java.Body.Span);
                var actualRoute = BodyDecoder.DecodeTopicRouteData(ours.Body.Span);
                Assert.Equal(Describe(expectedRoute.BrokerDatas), Describe(actualRoute.BrokerDatas));
                Assert.Equal(expectedRoute.QueueDatas.OrderBy(q => q.BrokerName), actualRoute.QueueDatas.OrderBy(q => q.BrokerName));
                Assert.Equal(expectedRoute.FilterServerTable.Count, actualRoute.FilterServerTable.Count);
                break;
            case RequestCode.GetBrokerClusterInfo:
                var expectedInfo = BodyDecoder.DecodeClusterInfo(java.Body.Span);
                var actualInfo = BodyDecoder.DecodeClusterInfo(ours.Body.Span);
                Assert.Equal(Describe(expectedInfo.BrokerAddrTable.Values), Describe(actualInfo.BrokerAddrTable.Values));
                Assert.Equal(
                    expectedInfo.ClusterAddrTable.ToDictionary(e => e.Key, e => string.Join(",", e.Value.Order())),
                    actualInfo.ClusterAddrTable.ToDictionary(e => e.Key, e => string.Join(",", e.Value.Order())));
                break;
            case RequestCode.GetAllTopicListFromNameServer:
                Assert.Equal(
                    BodyDecoder.DecodeTopicList(java.Body.Span).Topics.Order(),
                    BodyDecoder.DecodeTopicList(ours.Body.Span).Topics.Order());
                break;
            case RequestCode.RegisterBroker:
                Assert.True(java.Body.Span.SequenceEqual(ours.Body.Span), $"{what}: registration answer body differs");
                break;
            case RequestCode.GetNamesrvConfig:
                // Paths and thread pools differ by design; every key Java reports must be there.
                var expectedKeys = JavaProperties.Load(java.Body.Span).Keys;
                var actualKeys = JavaProperties.Load(ours.Body.Span).Keys;
                Assert.Empty(expectedKeys.Except(actualKeys));
                break;
        }
    }

    private static IEnumerable<string> Keys(RemotingCommand command) =>
        (command.ExtFields?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal);

    private static string Describe(IEnumerable<BrokerData> brokers) => string.Join(" | ", brokers
        .OrderBy(b => b.BrokerName, StringComparer.Ordinal)
        .Select(b => $"{b.Cluster}/{b.BrokerName}:{string.Join(",", b.BrokerAddrs.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"))}"));
}
