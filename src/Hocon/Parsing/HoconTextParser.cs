using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace NameServer.Actors.Hocon.Parsing;

/// <summary>
/// Recursive-descent reader from HOCON text to raw (unmerged, unresolved) nodes. Includes are
/// read here, so every node knows the file it came from.
/// </summary>
internal sealed partial class HoconTextParser
{
    // Characters that may not appear in unquoted text (HOCON spec); '/' only when doubled.
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string? _fileName;
    private readonly string _baseDirectory;
    private readonly string[] _substitutionPrefix;
    private readonly HoconParseOptions _options;
    private readonly IReadOnlyList<string> _includeChain;
    private readonly List<int> _lineStarts = [0];
    private int _pos;

    private HoconTextParser(
        string text,
        string? fileName,
        string baseDirectory,
        string[] substitutionPrefix,
        HoconParseOptions options,
        IReadOnlyList<string> includeChain)
    {
        _text = text;
        _fileName = fileName;
        _baseDirectory = baseDirectory;
        _substitutionPrefix = substitutionPrefix;
        _options = options;
        _includeChain = includeChain;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _text[_pos];

    /// <summary>Reads a whole document; <paramref name="substitutionPrefix"/> is where it is included.</summary>
    public static RawObjectLiteral ParseDocument(
        string text,
        string? fileName,
        string baseDirectory,
        string[] substitutionPrefix,
        HoconParseOptions options,
        IReadOnlyList<string> includeChain)
    {
        var parser = new HoconTextParser(text, fileName, baseDirectory, substitutionPrefix, options, includeChain);
        return parser.ParseRoot();
    }

    /// <summary>Decodes JSON escapes; on failure reports the offset of the bad escape.</summary>
    internal static string Unescape(ReadOnlySpan<char> content)
    {
        if (!TryUnescape(content, out var result, out _, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    private static bool TryUnescape(ReadOnlySpan<char> content, out string result, out int errorOffset, out string error)
    {
        var sb = new StringBuilder(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 >= content.Length)
            {
                return Fail(i, "a string cannot end with a lone '\\'", out result, out errorOffset, out error);
            }

            var e = content[++i];
            switch (e)
            {
                case '"':
                case '\\':
                case '/':
                    sb.Append(e);
                    break;
                case 'b':
                    sb.Append('\b');
                    break;
                case 'f':
                    sb.Append('\f');
                    break;
                case 'n':
                    sb.Append('\n');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'u':
                    if (content.Length - i - 1 < 4
                        || !ushort.TryParse(content.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        return Fail(i - 1, "'\\u' must be followed by four hex digits", out result, out errorOffset, out error);
                    }

                    sb.Append((char)code);
                    i += 4;
                    break;
                default:
                    return Fail(i - 1, $"invalid escape '\\{e}' in a quoted string", out result, out errorOffset, out error);
            }
        }

        result = sb.ToString();
        errorOffset = -1;
        error = string.Empty;
        return true;
    }

    private static bool Fail(int offset, string message, out string result, out int errorOffset, out string error)
    {
        result = string.Empty;
        errorOffset = offset;
        error = message;
        return false;
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?[eE]$", RegexOptions.CultureInvariant)]
    private static partial Regex ExponentPrefixPattern();

    private RawObjectLiteral ParseRoot()
    {
        SkipBlank();
        if (!AtEnd && Peek == '{')
        {
            var open = Position();
            _pos++;
            var root = ParseObjectBody(true, _substitutionPrefix, open);
            SkipBlank();
            if (!AtEnd)
            {
                throw Error($"unexpected {Describe()} after the closing '}}' of the root object");
            }

            return root;
        }

        if (!AtEnd && Peek == '[')
        {
            throw Error("the root of a HOCON document must be an object, not an array");
        }

        return ParseObjectBody(false, _substitutionPrefix, Position());
    }

    private RawObjectLiteral ParseObjectBody(bool braced, string[] path, SourcePosition open)
    {
        var entries = new List<RawEntry>();
        while (true)
        {
            SkipBlank();
            if (AtEnd)
            {
                if (braced)
                {
                    throw Error($"expected '}}' to close the object opened at line {open.Line}, column {open.Column}, found end of file");
                }

                return new RawObjectLiteral(open, entries);
            }

            var c = Peek;
            if (c == '}')
            {
                if (!braced)
                {
                    throw Error("unexpected '}' (there is no open object to close)");
                }

                _pos++;
                return new RawObjectLiteral(open, entries);
            }

            if (c == ',')
            {
                throw Error("unexpected ',' (expected a key)");
            }

            string described;
            if (IsIncludeStatement())
            {
                entries.Add(ParseInclude(path));
                described = "include";
            }
            else
            {
                var field = ParseField(path);
                entries.Add(field);
                described = $"the value of \"{string.Join(".", field.Key)}\"";
            }

            SkipSpacesAndComment();
            if (AtEnd)
            {
                continue;
            }

            c = Peek;
            if (c == ',')
            {
                _pos++;
            }
            else if (c != '\n' && c != '}')
            {
                throw Error($"expected ',' or a new line after {described}, found {Describe()}");
            }
        }
    }

    private RawField ParseField(string[] objectPath)
    {
        var position = Position();
        var key = ParseKey("a key");
        SkipBlank();
        var rendered = string.Join(".", key);
        if (AtEnd)
        {
            throw Error($"expected '=' or ':' after key \"{rendered}\", found end of file");
        }

        var append = false;
        var c = Peek;
        if (c is '=' or ':')
        {
            _pos++;
        }
        else if (c == '+' && _pos + 1 < _text.Length && _text[_pos + 1] == '=')
        {
            _pos += 2;
            append = true;
        }
        else if (c != '{')
        {
            throw Error($"expected '=' or ':' after key \"{rendered}\"");
        }

        SkipBlank();
        if (AtEnd)
        {
            throw Error($"expected a value for key \"{rendered}\", found end of file");
        }

        var value = ParseValue([.. objectPath, .. key], $"key \"{rendered}\"");
        return new RawField(position, key, append, value);
    }

    /// <summary>A key or substitution path: quoted and unquoted pieces; dots split only unquoted text.</summary>
    private string[] ParseKey(string what)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        var consumedAny = false;
        while (!AtEnd)
        {
            var c = Peek;
            if (c == '"')
            {
                if (IsTripleQuote())
                {
                    throw Error("triple-quoted strings cannot be used in keys or paths");
                }

                current.Append(ParseQuotedString());
                hasContent = true;
            }
            else if (IsUnquotedChar())
            {
                var runStart = Position();
                var run = ReadUnquotedRun();
                var pieces = run.Split('.');
                for (var i = 0; i < pieces.Length; i++)
                {
                    if (i > 0)
                    {
                        if (!hasContent)
                        {
                            throw runStart.Error($"empty segment in {what} \"{run}\" (quote an empty key: \"\")");
                        }

                        segments.Add(current.ToString());
                        current.Clear();
                        hasContent = false;
                    }

                    if (pieces[i].Length > 0)
                    {
                        current.Append(pieces[i]);
                        hasContent = true;
                    }
                }
            }
            else if (IsInlineSpace(c) && consumedAny)
            {
                var start = _pos;
                SkipSpaces();
                if (!AtEnd && (Peek == '"' || IsUnquotedChar()))
                {
                    // Whitespace between key pieces belongs to the key (HOCON: "a b c" : 1).
                    current.Append(_text, start, _pos - start);
                }
                else
                {
                    break;
                }
            }
            else
            {
                break;
            }

            consumedAny = true;
        }

        if (!consumedAny)
        {
            throw Error($"expected {what}, found {Describe()}");
        }

        if (!hasContent)
        {
            throw Error($"{what} cannot end with '.'");
        }

        segments.Add(current.ToString());
        return segments.ToArray();
    }

    private RawNode ParseValue(string[] path, string owner)
    {
        var start = Position();
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // Hostile input such as 100 000 '[' must fail cleanly, not overflow the stack.
            throw start.Error("objects and arrays are nested too deeply");
        }

        var parts = new List<RawNode>();
        while (!AtEnd)
        {
            var c = Peek;
            if (IsInlineSpace(c))
            {
                var wsPosition = Position();
                var wsStart = _pos;
                SkipSpaces();
                parts.Add(new RawWhitespace(wsPosition, _text.Substring(wsStart, _pos - wsStart)));
                continue;
            }

            if (c is '\n' or ',' or '}' or ']' or '#' || IsCommentStart())
            {
                break;
            }

            var partPosition = Position();
            if (c == '{')
            {
                _pos++;
                parts.Add(ParseObjectBody(true, path, partPosition));
            }
            else if (c == '[')
            {
                parts.Add(ParseArray(path));
            }
            else if (c == '"')
            {
                var text = IsTripleQuote() ? ParseTripleQuotedString() : ParseQuotedString();
                parts.Add(new RawScalar(partPosition, new HoconString(text)));
            }
            else if (c == '$')
            {
                if (_pos + 1 >= _text.Length || _text[_pos + 1] != '{')
                {
                    throw Error("'$' must start a substitution \"${...}\" (quote the string to use a literal '$')");
                }

                parts.Add(ParseSubstitution());
            }
            else if (IsUnquotedChar())
            {
                parts.Add(ParseUnquotedScalar());
            }
            else
            {
                throw Error($"unexpected {Describe()} in the value of {owner} (quote strings that contain any of $\"{{}}[]:=,+#`^?!@*&\\)");
            }
        }

        while (parts.Count > 0 && parts[^1] is RawWhitespace)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count == 0)
        {
            throw Error($"expected a value for {owner}, found {Describe()}");
        }

        return parts.Count == 1 ? parts[0] : new RawConcat(start, parts);
    }

    private RawArray ParseArray(string[] path)
    {
        var open = Position();
        _pos++;
        var items = new List<RawNode>();
        while (true)
        {
            SkipBlank();
            if (AtEnd)
            {
                throw Error($"expected ']' to close the array opened at line {open.Line}, column {open.Column}, found end of file");
            }

            if (Peek == ']')
            {
                _pos++;
                return new RawArray(open, items);
            }

            if (Peek == ',')
            {
                throw Error("unexpected ',' in an array (expected a value)");
            }

            items.Add(ParseValue(path, "an array element"));
            SkipSpacesAndComment();
            if (AtEnd)
            {
                continue;
            }

            if (Peek == ',')
            {
                _pos++;
            }
            else if (Peek != '\n' && Peek != ']')
            {
                throw Error($"expected ',', ']' or a new line after an array element, found {Describe()}");
            }
        }
    }

    private RawSubstitution ParseSubstitution()
    {
        var position = Position();
        _pos += 2;
        var optional = false;
        if (!AtEnd && Peek == '?')
        {
            optional = true;
            _pos++;
        }

        SkipSpaces();
        var path = ParseKey("a substitution path");
        SkipSpaces();
        if (AtEnd || Peek != '}')
        {
            throw Error($"expected '}}' to close the substitution, found {Describe()}");
        }

        _pos++;
        return new RawSubstitution(position, [.. _substitutionPrefix, .. path], optional, path);
    }

    private RawScalar ParseUnquotedScalar()
    {
        var position = Position();
        var run = ReadUnquotedRun();
        HoconValue value = run switch
        {
            "true" => HoconBoolean.True,
            "false" => HoconBoolean.False,
            "null" => HoconNull.Instance,
            _ when NumberPattern().IsMatch(run) => new HoconNumber(run),
            _ => new HoconString(run),
        };
        return new RawScalar(position, value);
    }

    private string ReadUnquotedRun()
    {
        var start = _pos;
        while (!AtEnd)
        {
            var c = Peek;
            if (c == '+' && ExponentPrefixPattern().IsMatch(_text.AsSpan(start, _pos - start)))
            {
                // "1e+5" is one number even though '+' is otherwise reserved.
                _pos++;
                continue;
            }

            if (!IsUnquotedChar())
            {
                break;
            }

            _pos++;
        }

        return _text.Substring(start, _pos - start);
    }

    private string ParseQuotedString()
    {
        var open = Position();
        var start = ++_pos;
        while (true)
        {
            if (AtEnd || Peek == '\n')
            {
                throw open.Error("unterminated quoted string (use \"\"\" for text that spans lines)");
            }

            if (Peek == '"')
            {
                break;
            }

            _pos += Peek == '\\' ? 2 : 1;
            if (_pos > _text.Length)
            {
                _pos = _text.Length;
            }
        }

        var content = _text.AsSpan(start, _pos - start);
        _pos++;
        if (!TryUnescape(content, out var result, out var offset, out var error))
        {
            throw PositionOf(start + offset).Error(error);
        }

        return result;
    }

    private string ParseTripleQuotedString()
    {
        var open = Position();
        _pos += 3;
        var close = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (close < 0)
        {
            throw open.Error("unterminated triple-quoted string");
        }

        // Extra quotes before the closing three belong to the string.
        var end = close + 3;
        while (end < _text.Length && _text[end] == '"')
        {
            end++;
        }

        var content = _text.Substring(_pos, end - 3 - _pos);
        _pos = end;
        return content;
    }

    /// <summary>
    /// The bare unquoted word <c>include</c> at the start of a key starts an include statement
    /// (HOCON); <c>includes</c>, <c>include.x</c> or a quoted <c>"include"</c> are ordinary keys.
    /// </summary>
    private bool IsIncludeStatement()
    {
        const string keyword = "include";
        if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) != 0)
        {
            return false;
        }

        var next = _pos + keyword.Length;
        return next >= _text.Length || !IsUnquotedCharAt(next);
    }

    private RawInclude ParseInclude(string[] path)
    {
        var position = Position();
        _pos += "include".Length;
        SkipBlank();
        var required = false;
        string name;
        if (TryConsume("required("))
        {
            required = true;
            SkipSpaces();
            name = ParseIncludeTarget();
            SkipSpaces();
            Expect(')', "to close required(...)");
        }
        else
        {
            name = ParseIncludeTarget();
        }

        if (!_options.AllowIncludes)
        {
            throw position.Error("include statements are disabled by the parse options");
        }

        return new RawInclude(position, LoadInclude(position, name, required, path));
    }

    private string ParseIncludeTarget()
    {
        if (TryConsume("file("))
        {
            SkipSpaces();
            if (AtEnd || Peek != '"')
            {
                throw Error($"expected a quoted file name in file(...), found {Describe()}");
            }

            var name = ParseQuotedString();
            SkipSpaces();
            Expect(')', "to close file(...)");
            return name;
        }

        if (!AtEnd && Peek == '"' && !IsTripleQuote())
        {
            return ParseQuotedString();
        }

        if (string.CompareOrdinal(_text, _pos, "classpath(", 0, 10) == 0 || string.CompareOrdinal(_text, _pos, "url(", 0, 4) == 0)
        {
            throw Error("include classpath(...) and url(...) are not supported; use a file name or file(...)");
        }

        throw Error($"expected a quoted file name after 'include', found {Describe()} (write \"include\" in quotes to use it as a key)");
    }

    private RawObjectLiteral LoadInclude(SourcePosition position, string name, bool required, string[] path)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(Path.Combine(_baseDirectory, name));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw position.Error($"invalid include file name \"{name}\": {ex.Message}");
        }

        var candidates = new List<string>();
        if (File.Exists(fullPath))
        {
            candidates.Add(fullPath);
        }
        else if (Path.GetExtension(name).Length == 0)
        {
            // HOCON: a name without extension means name.json and name.conf, .conf winning.
            candidates.AddRange(new[] { fullPath + ".json", fullPath + ".conf" }.Where(File.Exists));
        }

        if (candidates.Count == 0)
        {
            if (required)
            {
                throw position.Error($"required include \"{name}\" not found (looked for {fullPath})");
            }

            return new RawObjectLiteral(position, []);
        }

        var entries = new List<RawEntry>();
        foreach (var file in candidates)
        {
            if (_includeChain.Contains(file, StringComparer.Ordinal))
            {
                var chain = string.Join(" -> ", _includeChain.Append(file));
                throw position.Error($"include cycle: {chain}");
            }

            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw position.Error($"cannot read include \"{name}\": {ex.Message}", ex);
            }

            var directory = Path.GetDirectoryName(file) ?? _baseDirectory;
            var content = ParseDocument(text, file, directory, path, _options, [.. _includeChain, file]);
            entries.Add(new RawInclude(position, content));
        }

        return new RawObjectLiteral(position, entries);
    }

    private bool TryConsume(string literal)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        _pos += literal.Length;
        return true;
    }

    private void Expect(char c, string purpose)
    {
        if (AtEnd || Peek != c)
        {
            throw Error($"expected '{c}' {purpose}, found {Describe()}");
        }

        _pos++;
    }

    private bool IsTripleQuote() =>
        _pos + 2 < _text.Length && _text[_pos] == '"' && _text[_pos + 1] == '"' && _text[_pos + 2] == '"';

    private bool IsCommentStart() =>
        !AtEnd && (Peek == '#' || (Peek == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/'));

    private bool IsUnquotedChar() => IsUnquotedCharAt(_pos);

    private bool IsUnquotedCharAt(int index)
    {
        var c = _text[index];
        if (char.IsWhiteSpace(c) || c == '\uFEFF' || Forbidden.Contains(c))
        {
            return false;
        }

        return !(c == '/' && index + 1 < _text.Length && _text[index + 1] == '/');
    }

    private static bool IsInlineSpace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private void SkipSpaces()
    {
        while (!AtEnd && IsInlineSpace(Peek))
        {
            _pos++;
        }
    }

    private void SkipSpacesAndComment()
    {
        SkipSpaces();
        if (IsCommentStart())
        {
            while (!AtEnd && Peek != '\n')
            {
                _pos++;
            }
        }
    }

    /// <summary>Skips whitespace, new lines and comments.</summary>
    private void SkipBlank()
    {
        while (!AtEnd)
        {
            if (Peek == '\n' || IsInlineSpace(Peek))
            {
                _pos++;
            }
            else if (IsCommentStart())
            {
                SkipSpacesAndComment();
            }
            else
            {
                return;
            }
        }
    }

    private string Describe()
    {
        if (AtEnd)
        {
            return "end of file";
        }

        return Peek switch
        {
            '\n' => "end of line",
            '\r' => "end of line",
            '\t' => "a tab",
            var c => $"'{c}'",
        };
    }

    private SourcePosition Position() => PositionOf(_pos);

    private SourcePosition PositionOf(int index)
    {
        var line = _lineStarts.BinarySearch(index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourcePosition(_fileName, line + 1, index - _lineStarts[line] + 1);
    }

    private HoconParseException Error(string reason) => Position().Error(reason);
}
