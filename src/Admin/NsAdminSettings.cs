namespace NameServer.Actors.Admin;

/// <summary>What <see cref="NsAdmin.RunAsync"/> takes from its surroundings (tests replace the environment).</summary>
public sealed record NsAdminSettings
{
    /// <summary>Reads environment variables (<c>NAMESRV_ADDR</c>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Per-request timeout when <c>--timeout</c> is not given (mqadmin's <c>DefaultMQAdminExt</c> uses 5 s).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
