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
        return new HoconRoot(Resolver.Resolve(TreeBuilder.Build(document), options), fileName);
    }

    /// <summary>
    /// Parses <paramref name="text"/> on top of <paramref name="fallback"/>, an already resolved
    /// tree such as a reference configuration, and resolves substitutions over the merged result.
    /// This is Lightbend's <c>parse(user).withFallback(reference).resolve()</c>: the text may
    /// override, extend (<c>list += x</c>, <c>path = ${path}":/x"</c>) and refer to fallback values,
    /// while the fallback's own substitutions were resolved on their own and stay as they are.
    /// </summary>
    public static HoconRoot Parse(string text, HoconObject fallback, string? fileName = null, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fallback);
        options ??= HoconParseOptions.Default;
        var document = ReadDocument(text, fileName, options);
        return new HoconRoot(Resolver.Resolve(TreeBuilder.Build(document, fallback), options), fileName);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconParseException">The content is not valid.</exception>
    public static HoconRoot ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path, options);
    }

    /// <summary>Reads and parses a file on top of <paramref name="fallback"/>; see <see cref="Parse(string, HoconObject, string?, HoconParseOptions?)"/>.</summary>
    public static HoconRoot ParseFile(string path, HoconObject fallback, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), fallback, path, options);
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
