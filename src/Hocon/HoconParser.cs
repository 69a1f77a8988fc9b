using NameServer.Actors.Hocon.Parsing;

namespace NameServer.Actors.Hocon;

/// <summary>
/// Reads HOCON text (a superset of JSON) into a resolved tree: merges duplicate keys, follows
/// includes and replaces substitutions.
/// </summary>
public static class HoconParser
{
    /// <param name="text">The document.</param>
    /// <param name="fileName">Used in error messages and as the base for relative includes.</param>
    /// <param name="options">Include base directory and environment lookup; defaults otherwise.</param>
    /// <exception cref="HoconParseException">Syntax error, unresolved substitution or include problem.</exception>
    public static HoconRoot Parse(string text, string? fileName = null, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= HoconParseOptions.Default;
        string? fullPath = null;
        if (fileName is not null)
        {
            try
            {
                fullPath = Path.GetFullPath(fileName);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // A display name that is not a path: includes then resolve against the base directory.
            }
        }

        var baseDirectory = options.BaseDirectory
            ?? (fullPath is null ? null : Path.GetDirectoryName(fullPath))
            ?? Environment.CurrentDirectory;
        var chain = fullPath is null ? Array.Empty<string>() : [fullPath];
        var document = HoconTextParser.ParseDocument(text, fileName, baseDirectory, [], options, chain);
        var tree = TreeBuilder.Build(document);
        return new HoconRoot(Resolver.Resolve(tree, options), fileName);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconParseException">The content is not valid.</exception>
    public static HoconRoot ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path, options);
    }
}
