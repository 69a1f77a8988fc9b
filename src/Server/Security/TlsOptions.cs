namespace NameServer.Actors.Server.Security;

/// <summary>
/// TLS on the listening port, bound from the <c>nameserver</c> section with the Java names
/// (<c>tls.server.mode</c>, <c>tls.server.certPath</c>, … written as <c>tlsServerMode</c>, <c>tlsServerCertPath</c>, …).
/// </summary>
public sealed class TlsOptions
{
    /// <summary>
    /// <c>tlsServerMode</c>: <c>disabled</c>, <c>permissive</c> (default) or <c>enforcing</c>, case-insensitive.
    /// In permissive mode with no certificate configured, plaintext is served and TLS handshakes are closed (a warning
    /// at the first one, then at most one every <see cref="TlsDetection.RefusalReportInterval"/>). Enforcing needs a
    /// certificate (<see cref="Validate"/>).
    /// </summary>
    public string TlsServerMode { get; set; } = "permissive";

    /// <summary><c>tlsServerCertPath</c> (default none): PEM file with the server certificate, optionally followed by its chain.</summary>
    public string? TlsServerCertPath { get; set; }

    /// <summary><c>tlsServerKeyPath</c> (default none): PEM file with the private key (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public string? TlsServerKeyPath { get; set; }

    /// <summary><c>tlsServerKeyPassword</c> (default none): password of an encrypted PKCS#8 key.</summary>
    public string? TlsServerKeyPassword { get; set; }

    /// <summary><c>tlsHandshakeTimeout</c> (default 10 s): a connection that has not completed its handshake by then is closed.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a new connection may stay silent before its first byte decides TLS or plaintext; it is then closed.
    /// Default 120 s; set it to <c>serverChannelMaxIdleTimeSeconds</c>, whose idle check only starts after detection.
    /// </summary>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The parsed <see cref="TlsServerMode"/>.</summary>
    /// <exception cref="ArgumentException">The mode is not one of the three names.</exception>
    public TlsMode Mode =>
        TlsServerMode?.Trim().ToUpperInvariant() switch
        {
            "DISABLED" => TlsMode.Disabled,
            "PERMISSIVE" => TlsMode.Permissive,
            "ENFORCING" => TlsMode.Enforcing,
            _ => throw new ArgumentException($"tlsServerMode '{TlsServerMode}' is not disabled, permissive or enforcing"),
        };

    /// <summary>True when both certificate and key paths are set.</summary>
    public bool HasCertificate => !string.IsNullOrWhiteSpace(TlsServerCertPath) && !string.IsNullOrWhiteSpace(TlsServerKeyPath);

    /// <summary>Checks what can be checked before start-up: a known mode, and a certificate when the mode requires one.</summary>
    /// <exception cref="ArgumentException">The mode is unknown, or <c>enforcing</c> without a certificate (it could serve no connection).</exception>
    public void Validate()
    {
        if (Mode == TlsMode.Enforcing && !HasCertificate)
        {
            throw new ArgumentException(
                "tlsServerMode=enforcing needs tlsServerCertPath and tlsServerKeyPath: without a certificate it could serve no connection " +
                "(permissive serves plaintext and TLS, disabled plaintext only)");
        }
    }
}
