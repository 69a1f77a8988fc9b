using System.Text;

namespace NameServer.Actors.Protocol.Bodies;

/// <summary>
/// Java properties text: <see cref="Load(ReadOnlySpan{byte})"/> behaves like <c>java.util.Properties.load(InputStream)</c>
/// (bytes read as ISO-8859-1), <see cref="Write"/> like <c>MixAll.properties2String</c> (<c>key=value\n</c>, no escaping).
/// </summary>
public static class JavaProperties
{
    /// <summary>Reads the bytes as ISO-8859-1 like <c>Properties.load(InputStream)</c> does (so UTF-8 text arrives mangled, as in Java).</summary>
    public static Dictionary<string, string> Load(ReadOnlySpan<byte> bytes) => Load(Encoding.Latin1.GetString(bytes));

    /// <summary>
    /// Parses properties text. Later duplicates replace earlier values. Insertion order of first appearance is kept.
    /// </summary>
    /// <exception cref="BodyFormatException">A malformed <c>\uXXXX</c> escape (Java's only load failure).</exception>
    public static Dictionary<string, string> Load(string text)
    {
        var result = new Dictionary<string, string>();
        var pos = 0;
        var logical = new StringBuilder();
        while (ReadLogicalLine(text, ref pos, logical))
        {
            ParseLine(logical, result);
        }
        return result;
    }

    /// <summary><c>key=value\n</c> per entry; <paramref name="sorted"/> orders keys like a Java <c>TreeMap</c> (ordinal).</summary>
    public static string Write(IEnumerable<KeyValuePair<string, string>> properties, bool sorted)
    {
        var entries = properties.ToList();
        if (sorted)
        {
            entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }
        var builder = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            builder.Append(key).Append('=').Append(value).Append('\n');
        }
        return builder.ToString();
    }

    /// <summary><see cref="Write"/> as UTF-8 bytes (the body encoding).</summary>
    public static byte[] WriteUtf8(IEnumerable<KeyValuePair<string, string>> properties, bool sorted) =>
        Encoding.UTF8.GetBytes(Write(properties, sorted));

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\f';

    // Assembles the next logical line: skips blank and comment lines, joins continuation lines (odd trailing
    // backslashes) after stripping the continuation line's leading whitespace. Escapes are kept for ParseLine.
    private static bool ReadLogicalLine(string text, ref int pos, StringBuilder logical)
    {
        logical.Clear();
        var continuing = false;
        while (pos < text.Length)
        {
            var lineStart = pos;
            while (pos < text.Length && text[pos] != '\n' && text[pos] != '\r')
            {
                pos++;
            }
            var line = text.AsSpan(lineStart, pos - lineStart);
            if (pos < text.Length)
            {
                pos += text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
            }

            var start = 0;
            while (start < line.Length && IsWhitespace(line[start]))
            {
                start++;
            }
            line = line[start..];
            if (!continuing && (line.IsEmpty || line[0] == '#' || line[0] == '!'))
            {
                continue;
            }

            var backslashes = 0;
            for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
            {
                backslashes++;
            }
            if (backslashes % 2 == 1)
            {
                logical.Append(line[..^1]);
                continuing = true;
                continue;
            }
            logical.Append(line);
            return true;
        }
        return continuing;
    }

    private static void ParseLine(StringBuilder line, Dictionary<string, string> result)
    {
        var text = line.ToString();
        var keyEnd = 0;
        var hasSeparator = false;
        while (keyEnd < text.Length)
        {
            var c = text[keyEnd];
            if (c == '\\')
            {
                keyEnd += 2;
                continue;
            }
            if (c is '=' or ':')
            {
                hasSeparator = true;
                break;
            }
            if (IsWhitespace(c))
            {
                break;
            }
            keyEnd++;
        }
        keyEnd = Math.Min(keyEnd, text.Length);

        var valueStart = keyEnd + (hasSeparator ? 1 : 0);
        while (valueStart < text.Length && IsWhitespace(text[valueStart]))
        {
            valueStart++;
        }
        if (!hasSeparator && valueStart < text.Length && text[valueStart] is '=' or ':')
        {
            valueStart++;
            while (valueStart < text.Length && IsWhitespace(text[valueStart]))
            {
                valueStart++;
            }
        }

        var key = Unescape(text.AsSpan(0, keyEnd));
        var value = Unescape(text.AsSpan(Math.Min(valueStart, text.Length)));
        result[key] = value;
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        if (!text.Contains('\\'))
        {
            return text.ToString();
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (++i >= text.Length)
            {
                // A lone trailing backslash in a key (escaped separator at the very end) is dropped, as in Java.
                break;
            }
            c = text[i];
            switch (c)
            {
                case 't':
                    builder.Append('\t');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case 'u':
                    if (i + 4 >= text.Length)
                    {
                        throw new BodyFormatException("Malformed \\uxxxx encoding in properties text.");
                    }
                    var code = 0;
                    for (var k = 1; k <= 4; k++)
                    {
                        var h = text[i + k];
                        var digit = h switch
                        {
                            >= '0' and <= '9' => h - '0',
                            >= 'a' and <= 'f' => h - 'a' + 10,
                            >= 'A' and <= 'F' => h - 'A' + 10,
                            _ => throw new BodyFormatException("Malformed \\uxxxx encoding in properties text."),
                        };
                        code = (code << 4) | digit;
                    }
                    builder.Append((char)code);
                    i += 4;
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }
}
