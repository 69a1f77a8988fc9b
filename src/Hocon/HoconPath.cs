using System.Text;

namespace NameServer.Actors.Hocon;

/// <summary>
/// Path expressions such as <c>nameserver.listen-port</c> or <c>a."b.c".d</c>: dots separate
/// segments except inside quotes.
/// </summary>
public static class HoconPath
{
    /// <summary>Splits a path expression into its segments.</summary>
    /// <exception cref="FormatException">The expression is empty, has an empty unquoted segment or a bad quote.</exception>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("path expression is empty");
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var currentHasContent = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                if (!currentHasContent)
                {
                    throw new FormatException($"path expression '{path}' has an empty segment (use quotes for an empty key)");
                }

                segments.Add(current.ToString());
                current.Clear();
                currentHasContent = false;
                i++;
            }
            else if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                if (end >= text.Length)
                {
                    throw new FormatException($"path expression '{path}' has an unterminated quoted segment");
                }

                current.Append(Parsing.HoconTextParser.Unescape(text.AsSpan(i + 1, end - i - 1)));
                currentHasContent = true;
                i = end + 1;
            }
            else
            {
                current.Append(c);
                currentHasContent = true;
                i++;
            }
        }

        if (!currentHasContent)
        {
            throw new FormatException($"path expression '{path}' ends with '.'");
        }

        segments.Add(current.ToString());
        return segments.ToArray();
    }

    /// <summary>Joins segments back into an expression, quoting segments that need it.</summary>
    public static string Render(IEnumerable<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return string.Join('.', segments.Select(RenderSegment));
    }

    private static string RenderSegment(string segment)
    {
        var plain = segment.Length > 0 && segment.All(c => char.IsLetterOrDigit(c) || c is '-' or '_');
        return plain ? segment : new HoconString(segment).ToJson();
    }
}
