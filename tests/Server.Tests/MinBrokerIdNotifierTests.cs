using System.Net;
using System.Net.Sockets;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Tests;

/// <summary>NOTIFY_MIN_BROKER_ID_CHANGE sent to brokers when enabled (<c>docs/BEHAVIOUR.md</c>, "Minimum broker id notifications").</summary>
public sealed class MinBrokerIdNotifierTests : ServerTestBase
{
    protected override NameServerSettings Settings() => TestSettings.Loopback.WithNamesrv(n => n with { NotifyMinBrokerIdChanged = true });

    [Fact]
    public async Task Server_notifies_slave_oneway_when_a_lower_broker_id_registers()
    {
        using var slaveListener = new TcpListener(IPAddress.Loopback, 0);
        slaveListener.Start();
        var slaveAddr = $"127.0.0.1:{((IPEndPoint)slaveListener.LocalEndpoint).Port}";
        await using var connection = await ConnectAsync();
        await connection.InvokeAsync(Registration("broker-a", 1, slaveAddr, ["TopicA", "TBW102"]));

        await connection.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = await slaveListener.AcceptTcpClientAsync(cts.Token);
        var bytes = new MemoryStream();
        await client.GetStream().CopyToAsync(bytes, cts.Token);
        var notification = RemotingCommandReader.DecodeFrame(bytes.ToArray());
        Assert.Equal(RequestCode.NotifyMinBrokerIdChange, notification.Code);
        Assert.True(notification.IsOneway);
        Assert.Equal("0", notification.ExtFields!["minBrokerId"]);
        Assert.Equal("127.0.0.1:10911", notification.ExtFields!["minBrokerAddr"]);
    }
}
