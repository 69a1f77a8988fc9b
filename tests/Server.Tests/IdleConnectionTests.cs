using Microsoft.Extensions.Time.Testing;
using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Tests;

/// <summary>serverChannelMaxIdleTimeSeconds: a silent connection is closed and treated as a close (on a virtual clock).</summary>
public sealed class IdleConnectionTests
{
    private readonly FakeTimeProvider _clock = new();

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_closes_connection_and_removes_its_broker_when_idle_past_the_limit(RemotingTransport transport)
    {
        await using var server = new NameServerService(
            TestSettings.Loopback.WithServer(s => s with { ServerChannelMaxIdleTimeSeconds = 60, RemotingTransport = transport }), time: _clock, persist: false);
        await server.StartAsync(CancellationToken.None);
        await using var broker = await RawConnection.ConnectAsync(server.EndPoint);
        var registered = await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));
        Assert.Equal(ResponseCode.Success, registered.Code);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(await broker.IsClosedByServerAsync(TimeSpan.FromMilliseconds(200)));

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await broker.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (server.Core.Routes.TryGet("TopicA", out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.False(server.Core.Routes.TryGet("TopicA", out _));
    }
}
