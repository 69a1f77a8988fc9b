using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// Who may run administrative requests, read from the <c>nameserver:security</c> section by <see cref="Create"/>.
/// Everything is off in <c>reference.conf</c>, so that a stock RocketMQ deployment keeps working unchanged.
/// Immutable; no defaults here.
/// </summary>
public sealed record SecuritySettings
{
    /// <summary>The configuration section below <c>nameserver</c>.</summary>
    public const string Section = "security";

    /// <summary>
    /// <c>aclEnable</c>: the one switch. When false every request is allowed, as with the Java NameServer. Named after
    /// the Java broker's ACL 1.0 switch, whose signature this checks.
    /// </summary>
    public required bool AclEnable { get; init; }

    /// <summary>
    /// <c>credentials</c>: access key → secret key, e.g. <c>nameserver:security:credentials:rocketmq2=12345678</c> or, in
    /// HOCON, <c>credentials { rocketmq2 = "12345678" }</c>. Access keys keep their spelling (<c>ak-1</c>).
    /// </summary>
    public required IReadOnlyDictionary<string, string> Credentials { get; init; }

    /// <summary>
    /// <c>adminAllowList</c>: source addresses allowed without a signature, as single addresses (<c>127.0.0.1</c>,
    /// <c>::1</c>) or CIDR prefixes (<c>10.0.0.0/8</c>, <c>fd00::/8</c>); configured as a list or one comma-separated string.
    /// </summary>
    public required IReadOnlyList<AddressRange> AdminAllowList { get; init; }

    /// <summary><c>protectRouteReads</c>: route and topic-list reads need authentication too.</summary>
    public required bool ProtectRouteReads { get; init; }

    /// <summary>
    /// <c>protectBrokerRegistration</c>: broker registration, heartbeats and data-version queries need authentication
    /// (Java brokers sign them when given ACL credentials).
    /// </summary>
    public required bool ProtectBrokerRegistration { get; init; }

    /// <summary>
    /// <c>protectConfigReads</c>: <c>GET_NAMESRV_CONFIG</c> (it reveals file-system paths and every setting) needs
    /// authentication. Off in reference.conf because dashboards read it.
    /// </summary>
    public required bool ProtectConfigReads { get; init; }

    /// <summary>Reads and checks the <c>nameserver:security</c> section.</summary>
    /// <exception cref="SettingsException">A switch is not a boolean, a credential has no secret, an allow-list entry is not an address; the message names the key.</exception>
    public static SecuritySettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section, Section + ".");
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var credential in section.GetSection("credentials").GetChildren())
        {
            if (string.IsNullOrEmpty(credential.Value))
            {
                throw read.Invalid("credentials", $"access key '{credential.Key}' has no secret key");
            }
            credentials[credential.Key] = credential.Value;
        }
        var allowList = new List<AddressRange>();
        foreach (var entry in read.List("adminAllowList"))
        {
            try
            {
                allowList.Add(AddressRange.Parse(entry));
            }
            catch (FormatException e)
            {
                throw read.Invalid("adminAllowList", e.Message);
            }
        }
        return new SecuritySettings
        {
            AclEnable = read.Boolean("aclEnable"),
            Credentials = credentials,
            AdminAllowList = allowList,
            ProtectRouteReads = read.Boolean("protectRouteReads"),
            ProtectBrokerRegistration = read.Boolean("protectBrokerRegistration"),
            ProtectConfigReads = read.Boolean("protectConfigReads"),
        };
    }

    /// <summary>
    /// True for configuration keys (relative to the <c>nameserver</c> section, as a properties file or
    /// <c>GET_NAMESRV_CONFIG</c> names them) that must never be reported remotely: the whole <c>security</c> section
    /// (credentials, allow-list, switches) and the TLS key password.
    /// </summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith("security:", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("security.", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("security__", StringComparison.OrdinalIgnoreCase)
            || key.Equals("security", StringComparison.OrdinalIgnoreCase)
            || key.Equals("tlsServerKeyPassword", StringComparison.OrdinalIgnoreCase)
            || key.Equals("tls.server.keyPassword", StringComparison.OrdinalIgnoreCase);
    }
}
