using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

/// <summary>
/// The TLS middleware in front of the real connection handler and dispatcher, wired the way the server is meant to
/// wire it (<c>listen.Use(tls.Wrap)</c> before the handler): RocketMQ requests answered over TLS.
/// </summary>
public sealed class TlsNameServerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tls-namesrv-").FullName;
    private ActorSystem _system = null!;
    private KestrelServer _kestrel = null!;
    private ListenOptions _listen = null!;

    public async Task InitializeAsync()
    {
        var certPath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        await WriteCertificateAsync(certPath, keyPath);
        var options = NameServerSettings.Default.Server;
        var lifecycle = new ServerLifecycle();
        _system = NameServerActorSystem.Create(NullLoggerFactory.Instance);
        var core = await RoutingCore.StartAsync(_system, NamesrvSettings.Default, new KvConfigState(), persist: false);
        var dispatcher = new RequestDispatcher(core, options, lifecycle, TimeProvider.System, NullLogger.Instance);
        var handler = new NameServerConnectionHandler(core, dispatcher, options, lifecycle, TimeProvider.System, NullLogger.Instance);
        var tls = new TlsDetection(
            NameServerSettings.Default.Tls with { TlsServerMode = TlsMode.Enforcing, TlsServerCertPath = certPath, TlsServerKeyPath = keyPath },
            options.FirstByteTimeout, NullLogger.Instance);

        var kestrelOptions = new KestrelServerOptions
        {
            ApplicationServices = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).BuildServiceProvider(),
        };
        kestrelOptions.Listen(IPAddress.Loopback, 0, listen =>
        {
            _listen = listen;
            listen.Use(tls.Wrap);
            listen.Use(_ => handler.OnConnectedAsync);
        });
        _kestrel = new KestrelServer(
            Options.Create(kestrelOptions),
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance),
            NullLoggerFactory.Instance);
        await _kestrel.StartAsync(new NoHttpApplication(), CancellationToken.None);
        lifecycle.MoveTo(ServerState.Ready);
    }

    public async Task DisposeAsync()
    {
        await _kestrel.StopAsync(CancellationToken.None);
        _kestrel.Dispose();
        await _system.Terminate();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Server_answers_requests_over_tls_when_mode_is_enforcing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(_listen.IPEndPoint!, cts.Token);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);

        var cluster = await InvokeAsync(ssl, RemotingCommand.CreateRequest(RequestCode.GetBrokerClusterInfo, 1), cts.Token);
        var missing = await InvokeAsync(
            ssl, RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, 2, extFields: new ExtFields().Set("topic", "Nope")), cts.Token);

        Assert.Equal((ResponseCode.Success, 1), (cluster.Code, cluster.Opaque));
        Assert.False(cluster.Body.IsEmpty);
        Assert.Equal((ResponseCode.TopicNotExist, 2), (missing.Code, missing.Opaque));
    }

    /// <summary>A self-signed certificate for localhost and its key, as PEM files.</summary>
    internal static async Task WriteCertificateAsync(string certPath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Sends one request over <paramref name="stream"/> and reads its answer.</summary>
    internal static async Task<RemotingCommand> InvokeAsync(Stream stream, RemotingCommand request, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(RemotingCommandWriter.ToArray(request), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        var pending = Array.Empty<byte>();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(pending);
            if (FrameReader.TryReadFrame(ref sequence, out var frame))
            {
                return RemotingCommandReader.Decode(frame);
            }
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("connection closed by the server");
            }
            pending = [.. pending, .. buffer.AsSpan(0, read)];
        }
    }

    private sealed class NoHttpApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
