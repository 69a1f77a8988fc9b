using System.Net.Security;
using System.Net.Sockets;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Server.Security;
using NameServer.Actors.Server.Tests.Security;

namespace NameServer.Actors.Server.Tests.Transport;

/// <summary>
/// TLS and plaintext on the one remoting port, through <see cref="NameServerService"/>, on both transports: with
/// <c>sockets</c> a TLS hello leaves our loop for a Kestrel connection over the same socket.
/// </summary>
public sealed class TlsOverTransportsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("tls-transport-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_answers_tls_and_plaintext_clients_on_one_port_when_mode_is_permissive(RemotingTransport transport)
    {
        await using var server = await StartAsync(transport, TlsMode.Permissive);
        using var cts = new CancellationTokenSource(Deadline);
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, cts.Token);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
        await using var plain = await RawConnection.ConnectAsync(server.EndPoint);

        var overTls = await TlsNameServerTests.InvokeAsync(ssl, RemotingCommand.CreateRequest(RequestCode.GetBrokerClusterInfo, 1), cts.Token);
        var inPlaintext = await plain.InvokeAsync(ServerTestBase.RouteRequest("Nope")).WaitAsync(Deadline);

        Assert.Equal((ResponseCode.Success, 1), (overTls.Code, overTls.Opaque));
        Assert.Equal(ResponseCode.TopicNotExist, inPlaintext.Code);
    }

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_closes_plaintext_connection_when_mode_is_enforcing(RemotingTransport transport)
    {
        await using var server = await StartAsync(transport, TlsMode.Enforcing);
        await using var plain = await RawConnection.ConnectAsync(server.EndPoint);

        await plain.SendAsync(ServerTestBase.RouteRequest("Nope"));

        Assert.True(await plain.IsClosedByServerAsync(Deadline));
    }

    [Theory]
    [InlineData(RemotingTransport.Sockets)]
    [InlineData(RemotingTransport.Kestrel)]
    public async Task Server_closes_tls_hello_when_mode_is_disabled(RemotingTransport transport)
    {
        await using var server = await StartAsync(transport, TlsMode.Disabled);
        using var cts = new CancellationTokenSource(Deadline);
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, cts.Token);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token));
        Assert.False(cts.IsCancellationRequested);
    }

    private async Task<NameServerService> StartAsync(RemotingTransport transport, TlsMode mode)
    {
        var certPath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        await TlsNameServerTests.WriteCertificateAsync(certPath, keyPath);
        var settings = TestSettings.Loopback
            .WithServer(s => s with { RemotingTransport = transport })
            .WithTls(t => t with { TlsServerMode = mode, TlsServerCertPath = certPath, TlsServerKeyPath = keyPath });
        var server = new NameServerService(settings, persist: false);
        await server.StartAsync(CancellationToken.None);
        return server;
    }
}
