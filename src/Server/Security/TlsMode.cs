namespace NameServer.Actors.Server.Security;

/// <summary>What the listening port accepts (Java <c>tls.server.mode</c>).</summary>
public enum TlsMode
{
    /// <summary>Plaintext only: a connection that opens with a TLS handshake is closed.</summary>
    Disabled,

    /// <summary>Both: TLS when the first byte is a handshake record, plaintext otherwise (Java's default).</summary>
    Permissive,

    /// <summary>TLS only: a connection that does not open with a TLS handshake is closed.</summary>
    Enforcing,
}
