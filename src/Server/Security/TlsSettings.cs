using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// TLS on the listening port, read from the <c>nameserver</c> section by <see cref="Create"/> with the Java names
/// (<c>tls.server.mode</c>, <c>tls.server.certPath</c>, … written as <c>tlsServerMode</c>, <c>tlsServerCertPath</c>, …).
/// Immutable; every default is in <c>reference.conf</c>, none here.
/// </summary>
public sealed record TlsSettings
{
    /// <summary>
    /// <c>tlsServerMode</c>: <c>disabled</c>, <c>permissive</c> or <c>enforcing</c>, case-insensitive. In permissive mode
    /// with no certificate configured, plaintext is served and TLS handshakes are closed (a warning at the first one,
    /// then at most one every <see cref="TlsDetection.RefusalReportInterval"/>). Enforcing needs a certificate.
    /// </summary>
    public required TlsMode TlsServerMode { get; init; }

    /// <summary><c>tlsServerCertPath</c>: PEM file with the server certificate, optionally followed by its chain; null: none.</summary>
    public required string? TlsServerCertPath { get; init; }

    /// <summary><c>tlsServerKeyPath</c>: PEM file with the private key (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1); null: none.</summary>
    public required string? TlsServerKeyPath { get; init; }

    /// <summary><c>tlsServerKeyPassword</c>: password of an encrypted PKCS#8 key; null: none.</summary>
    public required string? TlsServerKeyPassword { get; init; }

    /// <summary><c>tlsHandshakeTimeout</c>: a connection that has not completed its handshake by then is closed.</summary>
    public required TimeSpan TlsHandshakeTimeout { get; init; }

    /// <summary>True when both certificate and key paths are set.</summary>
    public bool HasCertificate => !string.IsNullOrWhiteSpace(TlsServerCertPath) && !string.IsNullOrWhiteSpace(TlsServerKeyPath);

    /// <summary>The keys this class reads, all of them kept out of <c>GET_NAMESRV_CONFIG</c>.</summary>
    internal static IReadOnlyList<string> Keys { get; } =
        ["tlsServerMode", "tlsServerCertPath", "tlsServerKeyPath", "tlsServerKeyPassword", "tlsHandshakeTimeout"];

    /// <summary>Reads and checks the TLS keys of the <c>nameserver</c> section.</summary>
    /// <exception cref="SettingsException">
    /// The mode is unknown, or <c>enforcing</c> without a certificate (it could serve no connection); the message names the key.
    /// </exception>
    public static TlsSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section);
        var mode = read.Text("tlsServerMode");
        var settings = new TlsSettings
        {
            TlsServerMode = ParseMode(mode) ?? throw read.Invalid("tlsServerMode", $"'{mode}' is not disabled, permissive or enforcing"),
            TlsServerCertPath = read.OptionalText("tlsServerCertPath"),
            TlsServerKeyPath = read.OptionalText("tlsServerKeyPath"),
            TlsServerKeyPassword = read.OptionalText("tlsServerKeyPassword"),
            TlsHandshakeTimeout = read.PositiveDuration("tlsHandshakeTimeout"),
        };
        if (settings.MissingCertificate() is { } problem)
        {
            throw new SettingsException("tlsServerMode", problem);
        }
        return settings;
    }

    /// <summary>The mode of its name, case-insensitive; null for any other text.</summary>
    public static TlsMode? ParseMode(string? text) =>
        text?.Trim().ToUpperInvariant() switch
        {
            "DISABLED" => TlsMode.Disabled,
            "PERMISSIVE" => TlsMode.Permissive,
            "ENFORCING" => TlsMode.Enforcing,
            _ => null,
        };

    /// <summary>Why these settings cannot serve any connection (enforcing without a certificate), or null.</summary>
    internal string? MissingCertificate() =>
        TlsServerMode == TlsMode.Enforcing && !HasCertificate
            ? "tlsServerMode=enforcing needs tlsServerCertPath and tlsServerKeyPath: without a certificate it could serve no connection " +
              "(permissive serves plaintext and TLS, disabled plaintext only)"
            : null;
}
