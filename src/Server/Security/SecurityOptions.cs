using Microsoft.Extensions.Configuration;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// Who may run administrative requests, bound from the <c>nameserver:security</c> configuration section
/// (<see cref="Bind"/>). Everything is off by default so that a stock RocketMQ deployment keeps working unchanged.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// <c>aclEnable</c> (default false): the one switch. When false every request is allowed, as with the Java
    /// NameServer. Named after the Java broker's ACL 1.0 switch, whose signature this checks.
    /// </summary>
    public bool AclEnable { get; set; }

    /// <summary>
    /// <c>credentials</c> (default none): access key → secret key, e.g. <c>nameserver:security:credentials:rocketmq2=12345678</c>
    /// or, in HOCON, <c>credentials { rocketmq2 = "12345678" }</c>.
    /// </summary>
    public Dictionary<string, string> Credentials { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>adminAllowList</c> (default empty): source addresses allowed without a signature, as single addresses
    /// (<c>127.0.0.1</c>, <c>::1</c>) or CIDR prefixes (<c>10.0.0.0/8</c>, <c>fd00::/8</c>); a list or one comma-separated string.
    /// </summary>
    public List<string> AdminAllowList { get; set; } = [];

    /// <summary><c>protectRouteReads</c> (default false): route and topic-list reads need authentication too.</summary>
    public bool ProtectRouteReads { get; set; }

    /// <summary>
    /// <c>protectBrokerRegistration</c> (default false): broker registration, heartbeats and data-version queries
    /// need authentication (Java brokers sign them when given ACL credentials).
    /// </summary>
    public bool ProtectBrokerRegistration { get; set; }

    /// <summary>
    /// <c>protectConfigReads</c> (default false): <c>GET_NAMESRV_CONFIG</c> (it reveals file-system paths and every
    /// setting) needs authentication. Off by default because dashboards read it.
    /// </summary>
    public bool ProtectConfigReads { get; set; }

    /// <summary>
    /// Reads the options from <paramref name="section"/> (normally <c>nameserver:security</c>). Accepts
    /// <c>adminAllowList</c> both as a list and as a comma-separated string, as a Java properties file would give it.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not a boolean, or a credential has an empty secret.</exception>
    public static SecurityOptions Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new SecurityOptions
        {
            AclEnable = Flag(section, "aclEnable"),
            ProtectRouteReads = Flag(section, "protectRouteReads"),
            ProtectBrokerRegistration = Flag(section, "protectBrokerRegistration"),
            ProtectConfigReads = Flag(section, "protectConfigReads"),
        };
        foreach (var credential in section.GetSection("credentials").GetChildren())
        {
            if (string.IsNullOrEmpty(credential.Value))
            {
                throw new ArgumentException($"credentials: access key '{credential.Key}' has no secret key");
            }
            options.Credentials[credential.Key] = credential.Value;
        }
        var allow = section.GetSection("adminAllowList");
        var entries = allow.Value is { } single ? [single] : allow.GetChildren().Select(c => c.Value ?? string.Empty);
        options.AdminAllowList.AddRange(entries
            .SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return options;
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

    private static bool Flag(IConfiguration section, string key) =>
        section[key] switch
        {
            null => false,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw new ArgumentException($"{key}: '{text}' is not true or false"),
        };
}
