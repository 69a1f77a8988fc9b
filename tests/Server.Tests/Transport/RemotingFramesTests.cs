using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Server.Transport;

namespace NameServer.Actors.Server.Tests.Transport;

/// <summary>
/// Registrations and large bodies are decoded off the reading thread: while one is being decoded, route queries on
/// other connections are answered, and the registering connection's next frames are answered once it is decoded.
/// </summary>
public class RemotingFramesTests : ServerTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(RequestCode.RegisterBroker, 0, true)]
    [InlineData(RequestCode.GetRouteInfoByTopic, 0, false)]
    [InlineData(RequestCode.PutKvConfig, RemotingFrames.OffThreadBodyBytes - 1, false)]
    [InlineData(RequestCode.PutKvConfig, RemotingFrames.OffThreadBodyBytes, true)]
    public void TakesOffThread_chooses_registrations_and_large_bodies_when_asked_for_a_request(int code, int bodyLength, bool expected) =>
        Assert.Equal(expected, RemotingFrames.TakesOffThread(code, bodyLength));

    [Fact]
    public async Task Server_answers_route_queries_on_other_connections_when_a_registration_decode_is_blocked()
    {
        await using var broker = await ConnectAsync();
        var first = await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));
        Assert.Equal(ResponseCode.Success, first.Code);
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        Server.Frames.BeforeDeferredDecode = request =>
        {
            if (request.Code == RequestCode.RegisterBroker)
            {
                entered.Release();
                // Blocks a thread as a long decode would; bounded so a failing test cannot hang the run.
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var readers = new List<RawConnection>();
        try
        {
            // The registration and, behind it on the same connection, a route query: sent together.
            var registration = Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TopicB", "TBW102"], counter: 2);
            var sameConnection = RouteRequest("TopicA");
            await broker.SendRawAsync([.. RemotingCommandWriter.ToArray(registration), .. RemotingCommandWriter.ToArray(sameConnection)]);
            Assert.True(await entered.WaitAsync(Deadline));

            // Several connections, so that some are served by the thread that read the registration.
            for (var i = 0; i < 8; i++)
            {
                var reader = await ConnectAsync();
                readers.Add(reader);
                var route = await reader.InvokeAsync(RouteRequest("TopicA")).WaitAsync(Deadline);
                Assert.Equal(ResponseCode.Success, route.Code);
            }
            Assert.False(release.IsSet);

            release.Set();
            var answers = new[] { await broker.ReceiveAsync(Deadline), await broker.ReceiveAsync(Deadline) };
            Assert.Equal([registration.Opaque, sameConnection.Opaque], answers.Select(a => a.Opaque).Order());
            Assert.All(answers, a => Assert.Equal(ResponseCode.Success, a.Code));
            Assert.True(Server.Core.Routes.TryGet("TopicB", out _));
        }
        finally
        {
            release.Set();
            Server.Frames.BeforeDeferredDecode = null;
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Server_answers_a_large_body_request_when_its_body_spans_many_receive_buffers()
    {
        await using var connection = await ConnectAsync();
        // A properties body of comment lines: decoded off the reading thread, whatever the answer.
        var body = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("# padding line\n", RemotingFrames.OffThreadBodyBytes / 8)));
        var request = Request(RequestCode.UpdateNamesrvConfig, body: body);
        var answer = await connection.InvokeAsync(request).WaitAsync(Deadline);
        Assert.Equal(request.Opaque, answer.Opaque);
        Assert.True(answer.IsResponse);
    }
}

/// <summary>The same, with <c>remotingTransport = kestrel</c>.</summary>
public sealed class RemotingFramesKestrelTests : RemotingFramesTests
{
    protected override NameServerSettings Settings() => TestSettings.Loopback.WithServer(s => s with { RemotingTransport = RemotingTransport.Kestrel });
}
