using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

/// <summary>
/// The middleware in a real Kestrel listener on 127.0.0.1 in front of an echo handler, reached by plain sockets and
/// by an <see cref="SslStream"/> client, with self-signed certificates written as PEM files to a temp directory.
/// </summary>
public sealed class TlsDetectionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // The idle time of reference.conf (server-channel-max-idle-time-seconds), which NameServerService passes.
    private static readonly TimeSpan FirstByteTimeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("tls-detection-").FullName;

    private string CertPath => Path.Combine(_directory, "server.crt");

    private string KeyPath => Path.Combine(_directory, "server.key");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Listener_serves_tls_and_plaintext_when_mode_is_permissive()
    {
        var thumbprint = WriteCertificate("CN=first");
        await using var server = await EchoServer.StartAsync(Options("permissive"));

        var (seen, echoed) = await TlsRoundTripAsync(server.EndPoint, "over tls");
        Assert.Equal(thumbprint, seen);
        Assert.Equal("over tls", echoed);
        Assert.Equal("plain", await PlainRoundTripAsync(server.EndPoint, "plain"));
    }

    [Fact]
    public async Task Listener_closes_plaintext_connection_when_mode_is_enforcing()
    {
        WriteCertificate("CN=first");
        await using var server = await EchoServer.StartAsync(Options("enforcing"));

        Assert.Null(await PlainRoundTripAsync(server.EndPoint, "plain"));
        Assert.Equal("still tls", (await TlsRoundTripAsync(server.EndPoint, "still tls")).Echoed);
        Assert.Equal(1, server.Handled);
    }

    [Fact]
    public async Task Listener_closes_tls_connection_when_mode_is_disabled()
    {
        WriteCertificate("CN=first");
        await using var server = await EchoServer.StartAsync(Options("disabled"));

        await Assert.ThrowsAnyAsync<Exception>(() => TlsRoundTripAsync(server.EndPoint, "tls"));
        await Assert.ThrowsAnyAsync<Exception>(() => TlsRoundTripAsync(server.EndPoint, "tls"));
        Assert.Equal("plain", await PlainRoundTripAsync(server.EndPoint, "plain"));
        Assert.Equal(1, server.Handled);
        var warning = Assert.Single(Refusals(server), e => e.Level == LogLevel.Warning).Message;
        Assert.Contains("tlsServerMode=disabled", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_closes_tls_connection_but_serves_plaintext_when_permissive_without_certificate()
    {
        await using var server = await EchoServer.StartAsync(NameServerSettings.Default.Tls);

        await Assert.ThrowsAnyAsync<Exception>(() => TlsRoundTripAsync(server.EndPoint, "tls"));
        Assert.Equal("plain", await PlainRoundTripAsync(server.EndPoint, "plain"));
        Assert.Contains(server.Log, line => line.Contains("no certificate is configured", StringComparison.Ordinal));
    }

    [Fact]
    public void Detection_says_nothing_at_start_when_permissive_without_certificate()
    {
        var log = new FakeLogger();

        _ = new TlsDetection(NameServerSettings.Default.Tls, FirstByteTimeout, log);

        Assert.Empty(log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task Listener_warns_at_the_first_refused_tls_handshake_then_at_most_once_per_interval_when_permissive_without_certificate()
    {
        var clock = new FakeTimeProvider();
        await using var server = await EchoServer.StartAsync(NameServerSettings.Default.Tls, clock);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => TlsRoundTripAsync(server.EndPoint, "tls"));
        }
        var first = Refusals(server);
        clock.Advance(TlsDetection.RefusalReportInterval);
        await Assert.ThrowsAnyAsync<Exception>(() => TlsRoundTripAsync(server.EndPoint, "tls"));
        var later = Refusals(server);

        Assert.Equal([LogLevel.Warning, LogLevel.Debug, LogLevel.Debug], first.Select(e => e.Level));
        Assert.Contains("no certificate is configured (tlsServerMode=permissive)", first[0].Message, StringComparison.Ordinal);
        Assert.Contains("tlsServerCertPath", first[0].Message, StringComparison.Ordinal);
        Assert.Equal([LogLevel.Warning, LogLevel.Debug, LogLevel.Debug, LogLevel.Warning], later.Select(e => e.Level));
        Assert.StartsWith("Closed 3 TLS connections in the last 10 minutes because no certificate is configured", later[3].Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Detection.RefusedHandshakes);
        Assert.Equal("plain", await PlainRoundTripAsync(server.EndPoint, "plain"));
    }

    private static List<(LogLevel Level, string Message)> Refusals(EchoServer server) =>
        server.LogEntries.Where(e => e.Message.Contains("TLS handshake received", StringComparison.Ordinal)
            || e.Message.Contains("TLS connections in the last", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Listener_presents_new_certificate_when_files_change()
    {
        var first = WriteCertificate("CN=first");
        await using var server = await EchoServer.StartAsync(Options("permissive"));
        Assert.Equal(first, (await TlsRoundTripAsync(server.EndPoint, "a")).Thumbprint);

        var second = WriteCertificate("CN=second", stampOffset: TimeSpan.FromMinutes(1));

        Assert.NotEqual(first, second);
        Assert.Equal(second, (await TlsRoundTripAsync(server.EndPoint, "b")).Thumbprint);
    }

    [Fact]
    public async Task Listener_keeps_previous_certificate_when_new_files_are_unreadable()
    {
        var first = WriteCertificate("CN=first");
        await using var server = await EchoServer.StartAsync(Options("permissive"));
        await File.WriteAllTextAsync(KeyPath, "-----BEGIN PRIVATE KEY-----\nbroken\n");

        Assert.Equal(first, (await TlsRoundTripAsync(server.EndPoint, "a")).Thumbprint);
        Assert.Contains(server.Log, line => line.Contains("Cannot load the TLS certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listener_uses_encrypted_key_when_password_is_configured()
    {
        var thumbprint = WriteCertificate("CN=encrypted", password: "pa55");
        var options = Options("enforcing") with { TlsServerKeyPassword = "pa55" };
        await using var server = await EchoServer.StartAsync(options);

        Assert.Equal(thumbprint, (await TlsRoundTripAsync(server.EndPoint, "x")).Thumbprint);
    }

    [Fact]
    public async Task Listener_closes_connection_when_tls_handshake_stalls_past_the_timeout()
    {
        WriteCertificate("CN=first");
        var clock = new ObservedTimeProvider();
        await using var server = await EchoServer.StartAsync(Options("permissive"), clock);
        using var cts = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, cts.Token);
        var stream = client.GetStream();
        // A handshake record header announcing 80 bytes that never come.
        await stream.WriteAsync(new byte[] { TlsDetection.HandshakeRecord, 0x03, 0x01, 0x00, 0x50 }, cts.Token);

        // Wait (bounded) for the server to start the handshake, i.e. to arm its handshake timer.
        for (var i = 0; i < 500 && !server.Log.Any(line => line.StartsWith("TLS handshake with", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(10, cts.Token);
        }
        clock.Advance(TimeSpan.FromSeconds(11));

        var read = await ReadOrClosedAsync(stream, cts.Token);
        Assert.Equal(0, read);
        Assert.Contains(server.Log, line => line.Contains("timed out", StringComparison.Ordinal));
        Assert.Equal(0, server.Handled);
    }

    [Fact]
    public async Task Listener_closes_connection_when_nothing_arrives_within_the_first_byte_timeout()
    {
        var clock = new ObservedTimeProvider();
        await using var server = await EchoServer.StartAsync(NameServerSettings.Default.Tls, clock, firstByteTimeout: TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, cts.Token);

        for (var i = 0; i < 500 && clock.ArmedTimers == 0; i++)
        {
            await Task.Delay(10, cts.Token);
        }
        Assert.Equal(1, clock.ArmedTimers);
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(0, await ReadOrClosedAsync(client.GetStream(), cts.Token));
        Assert.Contains(server.Log, line => line.Contains("nothing received", StringComparison.Ordinal));
        Assert.Equal(0, server.Handled);
    }

    private static async Task<int> ReadOrClosedAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(new byte[16], cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    [Fact]
    public void Detection_rejects_settings_made_by_hand_when_enforcing_without_certificate()
    {
        var settings = NameServerSettings.Default.Tls with { TlsServerMode = TlsMode.Enforcing };

        var error = Assert.Throws<ArgumentException>(() => new TlsDetection(settings, FirstByteTimeout, NullLogger.Instance));

        Assert.Contains("tlsServerCertPath", error.Message, StringComparison.Ordinal);
    }

    private TlsSettings Options(string mode) =>
        NameServerSettings.Default.Tls with { TlsServerMode = TlsSettings.ParseMode(mode)!.Value, TlsServerCertPath = CertPath, TlsServerKeyPath = KeyPath };

    /// <summary>Writes a fresh self-signed certificate and key as PEM; returns its thumbprint.</summary>
    private string WriteCertificate(string subject, TimeSpan stampOffset = default, string? password = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CertPath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        if (stampOffset != default)
        {
            // Make the change visible even on file systems with coarse timestamps.
            var stamp = DateTime.UtcNow + stampOffset;
            File.SetLastWriteTimeUtc(CertPath, stamp);
            File.SetLastWriteTimeUtc(KeyPath, stamp);
        }
        return certificate.Thumbprint;
    }

    private static async Task<(string Thumbprint, string Echoed)> TlsRoundTripAsync(IPEndPoint endPoint, string text)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, cts.Token);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
        var thumbprint = new X509Certificate2(ssl.RemoteCertificate!).Thumbprint;
        var echoed = await RoundTripAsync(ssl, text, cts.Token);
        return (thumbprint, echoed ?? throw new IOException("closed before the echo"));
    }

    /// <summary>The echo of <paramref name="text"/>, or null when the server closed the connection instead.</summary>
    private static async Task<string?> PlainRoundTripAsync(IPEndPoint endPoint, string text)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, cts.Token);
        try
        {
            return await RoundTripAsync(client.GetStream(), text, cts.Token);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<string?> RoundTripAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        var received = new byte[bytes.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await stream.ReadAsync(received.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return null;
            }
            total += read;
        }
        return System.Text.Encoding.UTF8.GetString(received);
    }

    /// <summary>Kestrel with the TLS middleware in front of a handler that echoes whatever it reads.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly KestrelServer _kestrel;
        private readonly ListOptions _listen;
        private int _handled;

        private EchoServer(KestrelServer kestrel, ListOptions listen, FakeLogCollector log, TlsDetection detection)
        {
            _kestrel = kestrel;
            _listen = listen;
            LogCollector = log;
            Detection = detection;
        }

        public TlsDetection Detection { get; }

        public IReadOnlyList<(LogLevel Level, string Message)> LogEntries => [.. LogCollector.GetSnapshot().Select(r => (r.Level, r.Message))];

        public IPEndPoint EndPoint => _listen.Value!.IPEndPoint!;

        public int Handled => Volatile.Read(ref _handled);

        public IReadOnlyList<string> Log => [.. LogCollector.GetSnapshot().Select(r => r.Message)];

        private FakeLogCollector LogCollector { get; }

        public static async Task<EchoServer> StartAsync(TlsSettings options, TimeProvider? time = null, TimeSpan? firstByteTimeout = null)
        {
            var log = new FakeLogCollector();
            var loggerFactory = new LoggerFactory([new FakeLoggerProvider(log)]);
            var detection = new TlsDetection(options, firstByteTimeout ?? FirstByteTimeout, loggerFactory.CreateLogger<TlsDetection>(), time);
            var kestrelOptions = new KestrelServerOptions
            {
                ApplicationServices = new ServiceCollection().AddSingleton<ILoggerFactory>(loggerFactory).BuildServiceProvider(),
            };
            var listen = new ListOptions();
            EchoServer? server = null;
            kestrelOptions.Listen(IPAddress.Loopback, 0, l =>
            {
                listen.Value = l;
                l.Use(detection.Wrap);
                l.Use(_ => connection => server!.EchoAsync(connection));
            });
            var kestrel = new KestrelServer(
                Microsoft.Extensions.Options.Options.Create(kestrelOptions),
                new SocketTransportFactory(Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions()), loggerFactory),
                loggerFactory);
            server = new EchoServer(kestrel, listen, log, detection);
            await kestrel.StartAsync(new NoHttpApplication(), CancellationToken.None);
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _kestrel.StopAsync(CancellationToken.None);
            _kestrel.Dispose();
        }

        private async Task EchoAsync(ConnectionContext connection)
        {
            Interlocked.Increment(ref _handled);
            var input = connection.Transport.Input;
            var output = connection.Transport.Output;
            while (true)
            {
                var result = await input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    await output.WriteAsync(segment);
                }
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
    }

    private sealed class ListOptions
    {
        public ListenOptions? Value { get; set; }
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
