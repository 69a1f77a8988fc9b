using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// Kestrel connection middleware that serves TLS and plaintext on one port, as the Java server does: it peeks at
/// the first byte of a new connection without consuming it; <c>0x16</c> (a TLS handshake record) means TLS, which
/// is terminated here so the next middleware reads and writes decrypted bytes through the connection's
/// <see cref="ConnectionContext.Transport"/>; anything else is plaintext and passed on untouched. The
/// <see cref="TlsMode"/> decides which of the two is refused (closed without an answer).
/// </summary>
public sealed class TlsDetection
{
    /// <summary>The content type byte of a TLS handshake record, the first byte a TLS client sends.</summary>
    public const byte HandshakeRecord = 0x16;

    /// <summary>
    /// Refused TLS handshakes are reported by one warning at the first, then by at most one warning per interval
    /// (with the count since the previous one); the refusals in between are logged at debug level.
    /// </summary>
    public static readonly TimeSpan RefusalReportInterval = TimeSpan.FromMinutes(10);

    private readonly TlsMode _mode;
    private readonly TlsSettings _settings;
    private readonly TimeSpan _firstByteTimeout;
    private readonly ServerCertificateSource _certificates;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    private readonly Lock _refusalLock = new();
    private long _refused;
    private long _refusedSinceReport;
    private long? _reportedAt;

    /// <param name="firstByteTimeout">
    /// How long a new connection may stay silent before its first byte decides TLS or plaintext; it is then closed
    /// (<see cref="ServerSettings.FirstByteTimeout"/>: the idle time, whose check only starts after detection).
    /// </param>
    /// <exception cref="ArgumentException">The mode is <c>enforcing</c> without a certificate (settings made by hand; <see cref="TlsSettings.Create"/> refuses them).</exception>
    public TlsDetection(TlsSettings settings, TimeSpan firstByteTimeout, ILogger log, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MissingCertificate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }
        _mode = settings.TlsServerMode;
        _settings = settings;
        _firstByteTimeout = firstByteTimeout;
        _log = log;
        _time = time ?? TimeProvider.System;
        _certificates = new ServerCertificateSource(settings, log);
        if (_mode != TlsMode.Disabled && settings.HasCertificate)
        {
            // Load now so a bad file is reported at start-up rather than at the first TLS client.
            _certificates.GetCurrent();
        }
        // Permissive without a certificate (the default) is said only when a TLS client actually comes.
    }

    public TlsMode Mode => _mode;

    /// <summary>TLS handshakes closed unanswered so far (TLS disabled, or no usable certificate).</summary>
    public long RefusedHandshakes => Interlocked.Read(ref _refused);

    /// <summary>
    /// True when a connection whose first byte is <paramref name="first"/> is served in plaintext, untouched (what
    /// <see cref="OnConnectedAsync"/> passes straight on); every other connection needs this middleware (TLS, or a refusal).
    /// </summary>
    public bool ServesPlaintext(byte first) => first != HandshakeRecord && _mode != TlsMode.Enforcing;

    /// <summary>For <c>ListenOptions.Use</c>: <c>listen.Use(tls.Wrap)</c> before the terminal handler.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectedAsync(connection, next);

    public async Task OnConnectedAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        var first = await PeekFirstByteAsync(connection).ConfigureAwait(false);
        if (first is null)
        {
            return;
        }
        if (first == HandshakeRecord && _mode == TlsMode.Disabled)
        {
            // A TLS hello on a plaintext-only port is closed instead of being parsed as a (bad) frame.
            Refuse(connection, "tlsServerMode=disabled", "TLS clients must connect in plaintext, or set tlsServerMode=permissive with a certificate");
            return;
        }
        if (ServesPlaintext(first.Value))
        {
            await next(connection).ConfigureAwait(false);
            return;
        }
        if (first != HandshakeRecord)
        {
            _log.LogInformation("Closing connection {Remote}: plaintext received but tlsServerMode=enforcing", connection.RemoteEndPoint);
            return;
        }
        await ServeTlsAsync(connection, next).ConfigureAwait(false);
    }

    /// <summary>
    /// The first byte, left unread in the pipe; null when the peer closed, or sent nothing within
    /// the first-byte timeout (the handler's idle check only starts once we pass the connection on).
    /// </summary>
    private async Task<byte?> PeekFirstByteAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(_firstByteTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                if (timeout.IsCancellationRequested)
                {
                    _log.LogInformation("Closing connection {Remote}: nothing received within {Timeout}", connection.RemoteEndPoint, _firstByteTimeout);
                }
                return null;
            }
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                var first = buffer.FirstSpan[0];
                // Nothing consumed or examined: the next reader sees the same bytes.
                input.AdvanceTo(buffer.Start, buffer.Start);
                return first;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    private async Task ServeTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var certificate = _certificates.GetCurrent();
        if (certificate is null)
        {
            if (_settings.HasCertificate)
            {
                Refuse(connection, "no usable certificate: " + _settings.TlsServerCertPath + " could not be loaded", "see the certificate error logged before");
            }
            else
            {
                Refuse(connection, $"no certificate is configured (tlsServerMode={_settings.TlsServerMode.ToString().ToLowerInvariant()})",
                    "set tlsServerCertPath and tlsServerKeyPath to serve TLS (the Java NameServer would present a self-signed test certificate), " +
                    "or tlsServerMode=disabled to refuse it on purpose");
            }
            return;
        }
        var original = connection.Transport;
        var ssl = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: false);
        await using (ssl.ConfigureAwait(false))
        {
            using (var timeout = new CancellationTokenSource(_settings.TlsHandshakeTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed))
            {
                _log.LogDebug("TLS handshake with {Remote}", connection.RemoteEndPoint);
                try
                {
                    await ssl.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = certificate,
                            ClientCertificateRequired = false,
                            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                        },
                        linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
                {
                    _log.LogInformation("Closing connection {Remote}: TLS handshake failed ({Error})", connection.RemoteEndPoint,
                        timeout.IsCancellationRequested ? "timed out" : e.Message);
                    return;
                }
            }
            var reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
            var writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
            connection.Transport = new DecryptedPipe(reader, writer);
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                try
                {
                    // Usually already completed by the handler; otherwise this flushes what is left.
                    await writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The connection is gone: nothing left to flush to.
                }
                connection.Transport = original;
            }
        }
    }

    // One warning at the first refusal, saying why and what to change; then at most one per RefusalReportInterval,
    // counting the refusals since the previous warning, so a TLS client retrying every second cannot flood the log.
    private void Refuse(ConnectionContext connection, string reason, string advice)
    {
        Interlocked.Increment(ref _refused);
        long? count = null;
        TimeSpan? since = null;
        lock (_refusalLock)
        {
            _refusedSinceReport++;
            var now = _time.GetTimestamp();
            if (_reportedAt is not { } last || _time.GetElapsedTime(last, now) >= RefusalReportInterval)
            {
                count = _refusedSinceReport;
                since = _reportedAt is { } previous ? _time.GetElapsedTime(previous, now) : null;
                _refusedSinceReport = 0;
                _reportedAt = now;
            }
        }
        if (count is null)
        {
            _log.LogDebug("Closing connection {Remote}: TLS handshake received but {Reason}", connection.RemoteEndPoint, reason);
        }
        else if (since is null)
        {
            _log.LogWarning(
                "Closing connection {Remote}: TLS handshake received but {Reason}; {Advice}. Further refusals are reported at most every {Minutes} minutes",
                connection.RemoteEndPoint, reason, advice, RefusalReportInterval.TotalMinutes);
        }
        else
        {
            _log.LogWarning(
                "Closed {Count} TLS connections in the last {Minutes} minutes because {Reason}, the latest from {Remote}; {Advice}",
                count, Math.Round(since.Value.TotalMinutes, 1), reason, connection.RemoteEndPoint, advice);
        }
    }

    private sealed record DecryptedPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
