using System.Net;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Server.Tests;

/// <summary>A real NameServer on 127.0.0.1 with a free port and in-memory KV/config, one per test class instance.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    private static int s_opaque;

    protected NameServerService Server { get; private set; } = null!;

    protected IPEndPoint EndPoint => Server.EndPoint;

    /// <summary>What the server runs with: <see cref="TestSettings.Loopback"/> (no HTTP listener) unless a test class says otherwise.</summary>
    protected virtual NameServerSettings Settings() => TestSettings.Loopback;

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Server = new NameServerService(Settings(), persist: false);
            try
            {
                await Server.StartAsync(CancellationToken.None);
                return;
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // A port a test class chose as free (Settings() chooses again) was taken meanwhile by another process.
                await Server.DisposeAsync();
            }
        }
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    internal Task<RawConnection> ConnectAsync() => RawConnection.ConnectAsync(EndPoint);

    internal static int NextOpaque() => Interlocked.Increment(ref s_opaque);

    internal static RemotingCommand Request(int code, ExtFields? ext = null, byte[]? body = null, int version = MqVersion.V5_3_3)
    {
        var request = RemotingCommand.CreateRequest(code, NextOpaque(), version, ext);
        if (body is not null)
        {
            request.Body = body;
        }
        return request;
    }

    internal static RemotingCommand RouteRequest(string topic, int version = MqVersion.V5_3_3) =>
        Request(RequestCode.GetRouteInfoByTopic, new ExtFields().Set("topic", topic), version: version);

    internal static RemotingCommand Registration(
        string brokerName, long brokerId, string addr, string[] topics, string cluster = "DefaultCluster", long counter = 1, bool v5 = true)
    {
        var table = topics.ToDictionary(t => t, t => new TopicConfig(t, 4, 4, Perm.ReadWrite));
        var body = RegisterBrokerBodyCodec.EncodeJson(
            new RegisterBrokerBody(new TopicConfigSerializeWrapper(new DataVersion(1_700_000_000_000 + counter, counter), table), []), v5);
        var header = new RegisterBrokerRequestHeader(
            brokerName, addr, cluster, addr.Replace(":10911", ":10912", StringComparison.Ordinal), brokerId,
            BodyCrc32: Crc32.ComputeBodyCrc32(body), EnableActingMaster: v5 ? false : null);
        return Request(RequestCode.RegisterBroker, header.ToExtFields(), body, v5 ? MqVersion.V5_3_3 : MqVersion.V4_9_8);
    }
}
