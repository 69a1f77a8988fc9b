namespace NameServer.Actors.Routing.Config;

/// <summary>
/// A configuration value the NameServer cannot run with: thrown by every settings' <c>Create</c>, with a one-line
/// message that names the key (<c>listenPort 70000 is not a TCP port</c>); <c>namesrv</c> prints it and exits 1.
/// </summary>
public sealed class SettingsException(string key, string message) : Exception(message)
{
    /// <summary>The key, by its Java name below the <c>nameserver</c> section (<c>listenPort</c>, <c>security.aclEnable</c>).</summary>
    public string Key { get; } = key;
}
