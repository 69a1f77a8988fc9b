using System.Net;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// Decides whether a request may run (pure: no I/O, no clock). With <see cref="SecuritySettings.AclEnable"/> off
/// everything is allowed. With it on, a protected request (its row's <see cref="RequestKind.Protection"/> in
/// <see cref="RequestTable"/>) needs either a
/// source address on the allow-list or a valid ACL signature (<see cref="AclSignature"/>) by a configured access key.
/// Thread-safe: immutable after construction.
/// </summary>
public sealed class AdminAuthorizer
{
    private readonly SecuritySettings _options;
    private readonly AddressRange[] _allowList;
    private readonly Dictionary<string, string> _credentials;

    public AdminAuthorizer(SecuritySettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _allowList = [.. options.AdminAllowList];
        _credentials = new Dictionary<string, string>(options.Credentials, StringComparer.Ordinal);
        ChecksRouteReads = RequestTable.Rows.Any(row => row.HotPath && IsProtected(row.Code));
    }

    /// <summary>
    /// True when a code of the allocation-free route path (<see cref="RequestKind.HotPath"/>) needs checking, i.e. that
    /// path must not answer on its own (the caller then sends every route request through <see cref="Authorize"/>);
    /// with the current table, when route reads are protected.
    /// </summary>
    public bool ChecksRouteReads { get; }

    /// <summary>
    /// Whether the HTTP API's topic and broker pages may be read from <paramref name="remote"/>: always, unless route
    /// reads are protected, in which case only the allow-list may (HTTP carries no ACL signature).
    /// </summary>
    public bool AllowsHttpRead(IPAddress? remote) =>
        !ChecksRouteReads || (remote is not null && _allowList.Any(range => range.Contains(remote)));

    /// <summary>True when requests of <paramref name="code"/> are checked under the current options.</summary>
    public bool IsProtected(int code) =>
        _options.AclEnable && RequestTable.Of(code).Protection switch
        {
            RequestClass.Admin => true,
            RequestClass.RouteRead => _options.ProtectRouteReads,
            RequestClass.BrokerRegistration => _options.ProtectBrokerRegistration,
            RequestClass.ConfigRead => _options.ProtectConfigReads,
            _ => false,
        };

    /// <param name="remote">The peer's address; null (unknown) never matches the allow-list.</param>
    public AuthorizationResult Authorize(RemotingCommand request, IPAddress? remote)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsProtected(request.Code))
        {
            return AuthorizationResult.Allowed;
        }
        if (remote is not null && _allowList.Any(range => range.Contains(remote)))
        {
            return AuthorizationResult.Allowed;
        }
        var fields = request.ExtFields;
        if (fields is null || !fields.TryGetValue(AclSignature.AccessKeyField, out var accessKey) || accessKey.Length == 0)
        {
            return AuthorizationResult.Denied($"request code {request.Code} needs an AccessKey and Signature, or an allowed source address");
        }
        if (!fields.ContainsKey(AclSignature.SignatureField))
        {
            return AuthorizationResult.Denied($"request code {request.Code}: no Signature for accessKey={accessKey}");
        }
        // Unknown keys take the same path as known ones so the answer time does not tell them apart.
        var known = _credentials.TryGetValue(accessKey, out var secret);
        var valid = AclSignature.Verify(request, secret ?? string.Empty);
        return known && valid
            ? AuthorizationResult.Allowed
            : AuthorizationResult.Denied($"request code {request.Code}: signature check failed for accessKey={accessKey}");
    }
}
