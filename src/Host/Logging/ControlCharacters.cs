using System.Buffers;
using System.Globalization;
using System.Text;

namespace NameServer.Actors.Host.Logging;

/// <summary>
/// Escapes the characters that let text sent by a client forge or hide log lines: every control character (U+0000 to
/// U+001F, U+007F to U+009F, NUL included) and the Unicode line and paragraph separators. <c>\n</c>, <c>\r</c> and
/// <c>\t</c> are written as those two characters, the others as <c>\uXXXX</c>. Backslashes are left as they are, so
/// paths stay readable; a client can therefore send the text <c>\n</c>, but never a line break.
/// </summary>
internal static class ControlCharacters
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Concat([0x2028, 0x2029]).Select(c => (char)c).ToArray());

    /// <summary>Whether <paramref name="text"/> holds a character <see cref="Escape"/> would change.</summary>
    public static bool NeedEscaping(ReadOnlySpan<char> text) => text.ContainsAny(Escaped);

    /// <summary><paramref name="text"/> with its control characters escaped; the same instance when there are none.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(Escaped);
        if (first < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            switch (c)
            {
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\r':
                    escaped.Append("\\r");
                    break;
                case '\t':
                    escaped.Append("\\t");
                    break;
                case var other when Escaped.Contains(other):
                    escaped.Append("\\u").Append(((int)other).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }
}
