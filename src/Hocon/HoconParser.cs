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
        var document = ReadDocument(text, fileName, options);
        return new HoconRoot(Resolver.Resolve(TreeBuilder.Build([document]), options), fileName);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconParseException">The content is not valid.</exception>
    public static HoconRoot ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path, options);
    }

    /// <summary>
    /// Reads several files into one tree, later files overriding earlier ones, and resolves
    /// substitutions once over the result, like Lightbend's
    /// <c>user.withFallback(reference).resolve()</c> for <c>ParseFiles([reference, user])</c>:
    /// the user file may refer to values that only the reference defines, and the reference's
    /// substitutions see the user's overrides.
    /// </summary>
    /// <param name="paths">Files in increasing priority (defaults first).</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="HoconParseException">A file is not valid or a substitution cannot be resolved.</exception>
    public static HoconRoot ParseFiles(IEnumerable<string> paths, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= HoconParseOptions.Default;
        var documents = new List<RawObjectLiteral>();
        string? last = null;
        foreach (var path in paths)
        {
            ArgumentNullException.ThrowIfNull(path);
            documents.Add(ReadDocument(File.ReadAllText(path), path, options));
            last = path;
        }

        return new HoconRoot(Resolver.Resolve(TreeBuilder.Build(documents), options), last);
    }

    private static RawObjectLiteral ReadDocument(string text, string? fileName, HoconParseOptions options)
    {
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
        return HoconTextParser.ParseDocument(text, fileName, baseDirectory, [], options, chain);
    }
}
