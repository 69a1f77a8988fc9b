using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// The server certificate, loaded from the PEM files of <see cref="TlsSettings"/> and loaded again when either file's
/// timestamp or size changes. Checked on every handshake (two file stats), so a renewed certificate is used from the
/// next connection on without a restart or a file watcher. A file that cannot be read (for instance half-written)
/// keeps the previous certificate in use and is tried again at the next handshake.
/// </summary>
public sealed class ServerCertificateSource
{
    private readonly TlsSettings _options;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private (FileStamp Cert, FileStamp Key) _loadedStamp;
    private (FileStamp Cert, FileStamp Key) _failedStamp;
    private SslStreamCertificateContext? _current;

    public ServerCertificateSource(TlsSettings options, ILogger log)
    {
        _options = options;
        _log = log;
    }

    /// <summary>
    /// The certificate to present now, reloaded first if the files changed; null when none is configured or none
    /// could ever be loaded (the reason has been logged).
    /// </summary>
    public SslStreamCertificateContext? GetCurrent()
    {
        if (!_options.HasCertificate)
        {
            return null;
        }
        var stamp = (FileStamp.Of(_options.TlsServerCertPath!), FileStamp.Of(_options.TlsServerKeyPath!));
        lock (_lock)
        {
            if ((_current is not null && stamp == _loadedStamp) || stamp == _failedStamp)
            {
                return _current;
            }
            try
            {
                var certificate = Load();
                _current = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
                _loadedStamp = stamp;
                _failedStamp = default;
                _log.LogInformation(
                    "TLS certificate loaded from {Path}: subject {Subject}, thumbprint {Thumbprint}, expires {Expiry:u}",
                    _options.TlsServerCertPath, certificate.Subject, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                // Remember the failing stamp so a broken file is reported once, not at every handshake.
                _failedStamp = stamp;
                _log.LogError(
                    "Cannot load the TLS certificate {CertPath} / key {KeyPath}: {Error}{Fallback}",
                    _options.TlsServerCertPath, _options.TlsServerKeyPath, e.Message,
                    _current is null ? string.Empty : "; still using the previous certificate");
            }
            return _current;
        }
    }

    private X509Certificate2 Load()
    {
        var certificate = string.IsNullOrEmpty(_options.TlsServerKeyPassword)
            ? X509Certificate2.CreateFromPemFile(_options.TlsServerCertPath!, _options.TlsServerKeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(_options.TlsServerCertPath!, _options.TlsServerKeyPassword, _options.TlsServerKeyPath);
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use the ephemeral key a PEM load gives; a PKCS#12 round trip persists it for the process.
            using (certificate)
            {
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }
        }
        return certificate;
    }

    private readonly record struct FileStamp(DateTime WrittenUtc, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : new FileStamp(DateTime.MinValue, -1);
        }
    }
}
