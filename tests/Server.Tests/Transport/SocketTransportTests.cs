using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Server.Transport;

namespace NameServer.Actors.Server.Tests.Transport;

/// <summary>
/// What our own transport (<c>remotingTransport = sockets</c>) must do with bytes as TCP delivers them: frames split
/// across receives, frames larger than its receive buffer, pipelined and oneway requests, and garbage.
/// </summary>
public sealed class SocketTransportTests : ServerTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    protected override NameServerSettings Settings() => TestSettings.Loopback.WithServer(s => s with { RemotingTransport = RemotingTransport.Sockets });

    [Fact]
    public async Task SocketTransport_answers_every_frame_when_frames_arrive_split_across_receives()
    {
        await using var broker = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]))).Code);
        await using var client = await ConnectAsync();
        var requests = Enumerable.Range(0, 200).Select(_ => RouteRequest("TopicA")).ToList();
        var bytes = requests.SelectMany(RemotingCommandWriter.ToArray).ToArray();

        // Pieces of 7 bytes: most frames start in one receive and end in another.
        for (var offset = 0; offset < bytes.Length; offset += 7)
        {
            await client.SendRawAsync(bytes[offset..Math.Min(bytes.Length, offset + 7)]);
        }
        var answers = new List<RemotingCommand>();
        for (var i = 0; i < requests.Count; i++)
        {
            answers.Add(await client.ReceiveAsync(Deadline));
        }

        Assert.Equal(requests.Select(r => r.Opaque), answers.Select(a => a.Opaque));
        Assert.All(answers, a => Assert.Equal(ResponseCode.Success, a.Code));
    }

    [Fact]
    public async Task SocketTransport_answers_a_frame_larger_than_its_receive_buffer_and_the_small_ones_after_it()
    {
        await using var broker = await ConnectAsync();
        var topics = Enumerable.Range(0, 5000).Select(i => $"Large-{i}").ToArray();
        var registration = Registration("broker-a", 0, "127.0.0.1:10911", topics);
        var frame = RemotingCommandWriter.ToArray(registration);
        Assert.True(frame.Length > 4 * RemotingFrames.OffThreadBodyBytes);
        var route = RouteRequest("Large-4999");

        // The registration in three pieces, the last one followed by a route query in the same write.
        await broker.SendRawAsync(frame[..1000]);
        await broker.SendRawAsync(frame[1000..(frame.Length / 2)]);
        await broker.SendRawAsync([.. frame[(frame.Length / 2)..], .. RemotingCommandWriter.ToArray(route)]);
        var answers = new[] { await broker.ReceiveAsync(Deadline), await broker.ReceiveAsync(Deadline) };
        var again = await broker.InvokeAsync(RouteRequest("Large-0")).WaitAsync(Deadline);

        Assert.Equal(ResponseCode.Success, answers.Single(a => a.Opaque == registration.Opaque).Code);
        Assert.Equal(ResponseCode.Success, again.Code);
        Assert.True(Server.Core.Routes.TryGet("Large-4999", out _));
    }

    [Fact]
    public async Task SocketTransport_answers_every_broker_and_gives_its_turns_back_when_more_brokers_than_turns_register_large_tables_at_once()
    {
        var turns = Server.LargeFrames!;
        var count = 3 * LargeFrameTurns.DefaultTurns;
        var brokers = new List<RawConnection>();
        for (var i = 0; i < count; i++)
        {
            brokers.Add(await ConnectAsync());
        }
        var registrations = Enumerable.Range(0, count)
            .Select(i => Registration($"broker-{i}", 0, $"127.0.0.1:{10911 + i}", [.. Enumerable.Range(0, 2000).Select(t => $"Turns-{i}-{t}")]))
            .ToList();

        var answers = await Task.WhenAll(brokers.Select((b, i) => b.InvokeAsync(registrations[i]))).WaitAsync(Deadline);

        Assert.All(answers, a => Assert.Equal(ResponseCode.Success, a.Code));
        Assert.True(Server.Core.Routes.TryGet($"Turns-{count - 1}-1999", out _));
        // A turn goes back once its connection is done with the frame, just after the answer was sent, with the
        // frame's buffer kept for the next large frame: one per turn at most.
        await Eventually(() => turns.Available == LargeFrameTurns.DefaultTurns);
        Assert.InRange(turns.KeptBuffers, 1, LargeFrameTurns.DefaultTurns);
        // The next large frame is received in a kept buffer.
        var again = Registration("broker-0", 0, "127.0.0.1:10911", [.. Enumerable.Range(0, 2000).Select(t => $"Again-{t}")]);
        Assert.Equal(ResponseCode.Success, (await brokers[0].InvokeAsync(again).WaitAsync(Deadline)).Code);
        Assert.True(Server.Core.Routes.TryGet("Again-1999", out _));
        await Eventually(() => turns.Available == LargeFrameTurns.DefaultTurns);
        Assert.InRange(turns.KeptBuffers, 1, LargeFrameTurns.DefaultTurns);
        foreach (var broker in brokers)
        {
            await broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task SocketTransport_answers_a_large_registration_after_the_patience_when_slow_peers_hold_every_turn()
    {
        var turns = Server.LargeFrames!;
        var slow = new List<RawConnection>();
        for (var i = 0; i < LargeFrameTurns.DefaultTurns; i++)
        {
            // A frame announced at 1 MiB whose first receive buffer's worth arrives, and nothing after it.
            var peer = await ConnectAsync();
            var start = new byte[2 * SocketConnection.InitialBuffer];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(start, 1024 * 1024);
            await peer.SendRawAsync(start);
            slow.Add(peer);
        }
        await Eventually(() => turns.Available == 0);
        await using var broker = await ConnectAsync();
        var registration = Registration("broker-a", 0, "127.0.0.1:10911", [.. Enumerable.Range(0, 2000).Select(t => $"Patient-{t}")]);

        var answer = await broker.InvokeAsync(registration).WaitAsync(Deadline);

        Assert.Equal(ResponseCode.Success, answer.Code);
        Assert.Equal(0, turns.Available);
        foreach (var peer in slow)
        {
            await peer.DisposeAsync();
        }
        await Eventually(() => turns.Available == LargeFrameTurns.DefaultTurns);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition did not come true in time.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task SocketTransport_does_not_answer_oneway_requests_when_they_come_between_two_way_ones()
    {
        await using var broker = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]))).Code);
        await using var client = await ConnectAsync();
        var oneway = RouteRequest("TopicA");
        oneway.Flag |= RemotingCommand.OnewayFlag;
        var unknownOneway = RouteRequest("NoSuchTopic");
        unknownOneway.Flag |= RemotingCommand.OnewayFlag;
        var twoWay = RouteRequest("TopicA");

        await client.SendRawAsync([
            .. RemotingCommandWriter.ToArray(oneway), .. RemotingCommandWriter.ToArray(unknownOneway), .. RemotingCommandWriter.ToArray(twoWay)]);
        var answer = await client.ReceiveAsync(Deadline);

        Assert.Equal(twoWay.Opaque, answer.Opaque);
    }

    [Fact]
    public async Task SocketTransport_closes_only_the_connection_that_sends_garbage()
    {
        await using var broker = await ConnectAsync();
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]))).Code);
        await using var bad = await ConnectAsync();

        // A plausible length, then a header length larger than the frame.
        await bad.SendRawAsync([0, 0, 0, 12, 0, 0, 0, 200, 1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.True(await bad.IsClosedByServerAsync(Deadline));
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(RouteRequest("TopicA")).WaitAsync(Deadline)).Code);
    }
}
