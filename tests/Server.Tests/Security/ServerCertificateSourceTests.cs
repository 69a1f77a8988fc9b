using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class ServerCertificateSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cert-source-").FullName;

    private string CertPath => Path.Combine(_directory, "server.crt");

    private string KeyPath => Path.Combine(_directory, "server.key");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Source_gives_nothing_when_no_paths_are_configured()
    {
        Assert.Null(new ServerCertificateSource(NameServerSettings.Default.Tls, NullLogger.Instance).GetCurrent());
    }

    [Fact]
    public void Source_gives_nothing_when_files_are_missing()
    {
        var source = new ServerCertificateSource(Options(), NullLogger.Instance);

        Assert.Null(source.GetCurrent());
    }

    [Fact]
    public void Source_returns_same_context_when_files_are_unchanged_and_new_one_after_change()
    {
        Write("CN=one", DateTime.UtcNow.AddMinutes(-10));
        var source = new ServerCertificateSource(Options(), NullLogger.Instance);

        var first = source.GetCurrent();
        Assert.Same(first, source.GetCurrent());

        var thumbprint = Write("CN=two", DateTime.UtcNow);
        var second = source.GetCurrent();

        Assert.NotSame(first, second);
        Assert.Equal(thumbprint, second!.TargetCertificate.Thumbprint);
    }

    [Fact]
    public void Source_loads_certificate_when_files_appear_after_a_failed_attempt()
    {
        var source = new ServerCertificateSource(Options(), NullLogger.Instance);
        Assert.Null(source.GetCurrent());

        var thumbprint = Write("CN=late", DateTime.UtcNow);

        Assert.Equal(thumbprint, source.GetCurrent()!.TargetCertificate.Thumbprint);
    }

    private TlsSettings Options() => NameServerSettings.Default.Tls with { TlsServerCertPath = CertPath, TlsServerKeyPath = KeyPath };

    private string Write(string subject, DateTime stamp)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CertPath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetLastWriteTimeUtc(CertPath, stamp);
        File.SetLastWriteTimeUtc(KeyPath, stamp);
        return certificate.Thumbprint;
    }
}
