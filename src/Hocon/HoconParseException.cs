namespace NameServer.Actors.Hocon;

/// <summary>
/// A syntax error, an unresolved substitution or an include problem. The message always starts
/// with <c>file:line:column:</c> (1-based) so that it can be pasted into an editor.
/// </summary>
public sealed class HoconParseException : Exception
{
    public HoconParseException(string? fileName, int line, int column, string reason, Exception? inner = null)
        : base($"{DisplayName(fileName)}:{line}:{column}: {reason}", inner)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file the error is in, or null when parsing a string without a name.</summary>
    public string? FileName { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }

    internal static string DisplayName(string? fileName) => fileName ?? "<string>";
}
