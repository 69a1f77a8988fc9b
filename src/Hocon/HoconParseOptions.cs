namespace NameServer.Actors.Hocon;

/// <summary>Knobs for <see cref="HoconParser"/>; the defaults suit production use.</summary>
public sealed class HoconParseOptions
{
    public static HoconParseOptions Default { get; } = new();

    /// <summary>
    /// Where relative includes of a text without a file name are looked up. Defaults to the
    /// directory of the parsed file, or the current directory.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// Looks up environment variables for substitutions not found in the configuration.
    /// Defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>; tests pass their own.
    /// </summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }

    /// <summary>Whether <c>include</c> statements are followed (otherwise they are an error).</summary>
    public bool AllowIncludes { get; init; } = true;

    internal string? LookupEnvironment(string name) =>
        (EnvironmentLookup ?? Environment.GetEnvironmentVariable)(name);
}
