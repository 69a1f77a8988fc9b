namespace NameServer.Actors.Admin;

/// <summary>Process exit codes of <c>nsadmin</c> (also listed by <c>nsadmin --help</c>).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad or missing arguments, no NameServer address.</summary>
    public const int Usage = 1;

    /// <summary>A NameServer could not be reached or did not answer in time.</summary>
    public const int ConnectionFailure = 2;

    /// <summary>A NameServer answered with a non-zero code (unknown topic 17, refused 16, ...) or an unreadable body.</summary>
    public const int ServerError = 3;

    /// <summary>The cluster named by <c>-c</c> is not known to the NameServer.</summary>
    public const int NotFound = 4;

    /// <summary>A failure nsadmin did not expect (reported on one line, never as a stack trace).</summary>
    public const int Unexpected = 5;

    /// <summary><c>compareRoutes</c>: every NameServer answered and their routes differ.</summary>
    public const int RoutesDiffer = 6;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;

    public const string Summary =
        "Exit codes: 0 ok, 1 usage, 2 NameServer unreachable or timed out, 3 NameServer answered an error code, 4 cluster not found, 5 unexpected error, 6 routes differ (compareRoutes), 130 interrupted.";
}
