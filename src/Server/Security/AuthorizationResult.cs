namespace NameServer.Actors.Server.Security;

/// <summary>What the <see cref="AdminAuthorizer"/> decided about one request.</summary>
public sealed record AuthorizationResult
{
    private AuthorizationResult(bool isAllowed, string? reason)
    {
        IsAllowed = isAllowed;
        Reason = reason;
    }

    public static readonly AuthorizationResult Allowed = new(true, null);

    public bool IsAllowed { get; }

    /// <summary>Why the request was refused (sent back as the remark); null when allowed.</summary>
    public string? Reason { get; }

    public static AuthorizationResult Denied(string reason) => new(false, reason);
}
