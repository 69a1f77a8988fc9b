using System.Text;
using System.Text.Unicode;

namespace NameServer.Actors.Protocol.Json;

/// <summary>
/// Position-tracking scanner over UTF-8 JSON shared by the DOM parser and the streaming header decoder.
/// Every failure is a <see cref="JsonFormatException"/> at the current byte.
/// </summary>
internal ref struct JsonCursor
{
    public const int MaxDepth = 512;

    private readonly ReadOnlySpan<byte> _input;
    private int _pos;
    private StringBuilder? _builder;

    public JsonCursor(ReadOnlySpan<byte> input)
    {
        _input = input;
        _pos = 0;
        _builder = null;
    }

    public readonly bool AtEnd => _pos >= _input.Length;

    public void SkipWhitespace()
    {
        while (_pos < _input.Length)
        {
            var b = _input[_pos];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\b')
            {
                _pos++;
            }
            else
            {
                break;
            }
        }
    }

    public readonly JsonFormatException Error(string message) => new(message, _pos);

    public readonly string Describe()
    {
        if (AtEnd)
        {
            return "end of input";
        }
        var b = _input[_pos];
        return b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"0x{b:X2}";
    }

    public JsonNode ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nesting deeper than {MaxDepth} levels");
        }
        SkipWhitespace();
        if (AtEnd)
        {
            throw Error("unexpected end of input, expected a value");
        }
        var b = _input[_pos];
        switch (b)
        {
            case (byte)'{':
                return ParseObject(depth);
            case (byte)'[':
                return ParseArray(depth);
            case (byte)'"':
            case (byte)'\'':
                return JsonNode.String(ParseString());
            case (byte)'-':
            case >= (byte)'0' and <= (byte)'9':
                return JsonNode.Number(ParseNumber());
            default:
                if (TryLiteral("true"u8))
                {
                    return JsonNode.True;
                }
                if (TryLiteral("false"u8))
                {
                    return JsonNode.False;
                }
                if (TryLiteral("null"u8))
                {
                    return JsonNode.Null;
                }
                throw Error($"unexpected '{Describe()}', expected a value");
        }
    }

    public bool TryLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_input[_pos..].StartsWith(literal))
        {
            return false;
        }
        var end = _pos + literal.Length;
        if (end < _input.Length && IsIdentifierByte(_input[end]))
        {
            return false;
        }
        _pos = end;
        return true;
    }

    private JsonNode ParseObject(int depth)
    {
        var properties = new List<KeyValuePair<string, JsonNode>>();
        var first = true;
        while (NextMember(ref first, out var key))
        {
            properties.Add(new KeyValuePair<string, JsonNode>(key, ParseValue(depth + 1)));
        }
        return JsonNode.Object(properties);
    }

    private JsonNode ParseArray(int depth)
    {
        _pos++; // '['
        var items = new List<JsonNode>();
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("unterminated array, expected a value or ']'");
            }
            if (_input[_pos] == (byte)']')
            {
                _pos++;
                return JsonNode.Array(items);
            }
            items.Add(ParseValue(depth + 1));
            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("unterminated array, expected ',' or ']'");
            }
            var next = _input[_pos];
            if (next == (byte)',')
            {
                _pos++;
                continue;
            }
            if (next == (byte)']')
            {
                _pos++;
                return JsonNode.Array(items);
            }
            throw Error($"expected ',' or ']' in array but found '{Describe()}'");
        }
    }

    public string ParseKey()
    {
        var b = _input[_pos];
        if (b is (byte)'"' or (byte)'\'')
        {
            return ParseString();
        }
        // Bare key: integer keys of Java maps ({0:"a"}) and identifier keys fastjson tolerates.
        var start = _pos;
        while (_pos < _input.Length && IsIdentifierByte(_input[_pos]))
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw Error($"unexpected '{Describe()}', expected a property name");
        }
        return Encoding.ASCII.GetString(_input[start.._pos]);
    }

    private static bool IsIdentifierByte(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'_' or (byte)'$' or (byte)'-' or (byte)'+' or (byte)'.';

    private string ParseNumber() => Encoding.ASCII.GetString(ReadNumberSpan());

    /// <summary>Reads a number token and returns its text (without a fastjson type suffix such as <c>L</c>).</summary>
    public ReadOnlySpan<byte> ReadNumberSpan()
    {
        var start = _pos;
        if (_input[_pos] == (byte)'-')
        {
            _pos++;
        }
        if (SkipDigits() == 0)
        {
            throw Error("expected a digit in number");
        }
        if (_pos < _input.Length && _input[_pos] == (byte)'.')
        {
            _pos++;
            if (SkipDigits() == 0)
            {
                throw Error("expected a digit after the decimal point");
            }
        }
        if (_pos < _input.Length && _input[_pos] is (byte)'e' or (byte)'E')
        {
            _pos++;
            if (_pos < _input.Length && _input[_pos] is (byte)'+' or (byte)'-')
            {
                _pos++;
            }
            if (SkipDigits() == 0)
            {
                throw Error("expected a digit in the exponent");
            }
        }
        var number = _input[start.._pos];
        // fastjson accepts type suffixes on numbers (1L, 2.0F, 3D); drop them.
        if (_pos < _input.Length && _input[_pos] is (byte)'L' or (byte)'S' or (byte)'B' or (byte)'F' or (byte)'D')
        {
            _pos++;
        }
        return number;
    }

    /// <summary>The next non-whitespace byte, or -1 at the end (nothing consumed).</summary>
    public int Peek()
    {
        SkipWhitespace();
        return AtEnd ? -1 : _input[_pos];
    }

    /// <summary>Consumes <paramref name="token"/> after optional whitespace, or fails naming <paramref name="what"/>.</summary>
    public void Expect(byte token, string what)
    {
        SkipWhitespace();
        if (AtEnd || _input[_pos] != token)
        {
            throw Error($"expected {what} but found '{Describe()}'");
        }
        _pos++;
    }

    /// <summary>
    /// Reads an object key without allocating when it is bare or quoted without escapes (then <paramref name="decoded"/>
    /// is null and the raw bytes are returned); otherwise returns an empty span and the decoded key.
    /// </summary>
    public ReadOnlySpan<byte> ReadKeyRaw(out string? decoded)
    {
        SkipWhitespace();
        if (AtEnd)
        {
            throw Error("unexpected end of input, expected a property name");
        }
        var quote = _input[_pos];
        if (quote is (byte)'"' or (byte)'\'')
        {
            var rest = _input[(_pos + 1)..];
            var end = rest.IndexOfAny(quote, (byte)'\\');
            if (end >= 0 && rest[end] == quote)
            {
                _pos += end + 2;
                decoded = null;
                return rest[..end];
            }
            decoded = ParseString();
            return default;
        }
        var start = _pos;
        while (_pos < _input.Length && IsIdentifierByte(_input[_pos]))
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw Error($"unexpected '{Describe()}', expected a property name");
        }
        decoded = null;
        return _input[start.._pos];
    }

    /// <summary>
    /// Reads a quoted string without allocating when it has no escapes (returns raw bytes, <paramref name="decoded"/>
    /// null); otherwise decodes it.
    /// </summary>
    public ReadOnlySpan<byte> ReadStringRaw(out string? decoded)
    {
        var quote = _input[_pos];
        var rest = _input[(_pos + 1)..];
        var end = rest.IndexOfAny(quote, (byte)'\\');
        if (end >= 0 && rest[end] == quote)
        {
            _pos += end + 2;
            decoded = null;
            return rest[..end];
        }
        decoded = ParseString();
        return default;
    }

    /// <summary>Skips one value of any kind without building it (still validating its syntax).</summary>
    public void SkipValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nesting deeper than {MaxDepth} levels");
        }
        var next = Peek();
        switch (next)
        {
            case -1:
                throw Error("unexpected end of input, expected a value");
            case '{':
                _pos++;
                while (true)
                {
                    var b = Peek();
                    if (b == '}')
                    {
                        _pos++;
                        return;
                    }
                    if (b == -1)
                    {
                        throw Error("unterminated object, expected a property name or '}'");
                    }
                    ReadKeyRaw(out _);
                    Expect((byte)':', "':' after a property name");
                    SkipValue(depth + 1);
                    if (!SkipSeparator((byte)'}'))
                    {
                        return;
                    }
                }
            case '[':
                _pos++;
                while (true)
                {
                    var b = Peek();
                    if (b == ']')
                    {
                        _pos++;
                        return;
                    }
                    if (b == -1)
                    {
                        throw Error("unterminated array, expected a value or ']'");
                    }
                    SkipValue(depth + 1);
                    if (!SkipSeparator((byte)']'))
                    {
                        return;
                    }
                }
            case '"':
            case '\'':
                ReadStringRaw(out _);
                return;
            case '-':
            case >= '0' and <= '9':
                ReadNumberSpan();
                return;
            default:
                if (!TryLiteral("true"u8) && !TryLiteral("false"u8) && !TryLiteral("null"u8))
                {
                    throw Error($"unexpected '{Describe()}', expected a value");
                }
                return;
        }
    }

    /// <summary>
    /// Streams an object's members without building a tree (also the member loop of <see cref="ParseObject"/>): call
    /// with <paramref name="first"/> true on the '{', then again after consuming each value; returns false once the
    /// '}' is consumed.
    /// </summary>
    public bool NextMember(ref bool first, out string key)
    {
        var keyStart = _pos;
        if (!NextMemberRaw(ref first, out var raw, out var decoded))
        {
            key = string.Empty;
            return false;
        }
        key = decoded ?? DecodeUtf8(raw, keyStart);
        return true;
    }

    /// <summary>A key returned raw by <see cref="NextMemberRaw"/> as a string (failing on invalid UTF-8).</summary>
    public readonly string DecodeKey(ReadOnlySpan<byte> rawKey) => DecodeUtf8(rawKey, _pos);

    /// <summary>
    /// <see cref="NextMember"/> without allocating the key when it is bare or quoted without escapes: then
    /// <paramref name="rawKey"/> holds its UTF-8 bytes and <paramref name="decodedKey"/> is null.
    /// </summary>
    public bool NextMemberRaw(ref bool first, out ReadOnlySpan<byte> rawKey, out string? decodedKey)
    {
        rawKey = default;
        decodedKey = null;
        SkipWhitespace();
        if (first)
        {
            Expect((byte)'{', "an object");
            first = false;
        }
        else
        {
            if (AtEnd)
            {
                throw Error("unterminated object, expected ',' or '}'");
            }
            var next = _input[_pos];
            if (next == (byte)'}')
            {
                _pos++;
                return false;
            }
            if (next != (byte)',')
            {
                throw Error($"expected ',' or '}}' in object but found '{Describe()}'");
            }
            _pos++;
        }
        SkipWhitespace();
        if (AtEnd)
        {
            throw Error("unterminated object, expected a property name or '}'");
        }
        if (_input[_pos] == (byte)'}')
        {
            _pos++;
            return false;
        }
        rawKey = ReadKeyRaw(out decodedKey);
        SkipWhitespace();
        if (AtEnd || _input[_pos] != (byte)':')
        {
            var name = decodedKey ?? Encoding.UTF8.GetString(rawKey);
            throw Error($"expected ':' after property name \"{name}\" but found '{Describe()}'");
        }
        _pos++;
        return true;
    }

    /// <summary>After a member or item: consumes ',' (true: more may follow) or the closing token (false).</summary>
    public bool SkipSeparator(byte close)
    {
        var b = Peek();
        if (b == ',')
        {
            _pos++;
            return true;
        }
        if (b == close)
        {
            _pos++;
            return false;
        }
        throw Error(b == -1 ? $"unterminated value, expected ',' or '{(char)close}'" : $"expected ',' or '{(char)close}' but found '{Describe()}'");
    }

    private int SkipDigits()
    {
        var start = _pos;
        while (_pos < _input.Length && _input[_pos] is >= (byte)'0' and <= (byte)'9')
        {
            _pos++;
        }
        return _pos - start;
    }

    public string ParseString()
    {
        var quote = _input[_pos];
        var start = ++_pos;

        // Fast path: no escapes.
        var rest = _input[start..];
        var end = rest.IndexOfAny(quote, (byte)'\\');
        if (end >= 0 && rest[end] == quote)
        {
            var text = DecodeUtf8(rest[..end], start);
            _pos = start + end + 1;
            return text;
        }

        var builder = _builder ??= new StringBuilder();
        builder.Clear();
        var runStart = _pos;
        while (true)
        {
            if (AtEnd)
            {
                _pos = start - 1;
                throw Error("unterminated string");
            }
            var b = _input[_pos];
            if (b == quote)
            {
                builder.Append(DecodeUtf8(_input[runStart.._pos], runStart));
                _pos++;
                return builder.ToString();
            }
            if (b != (byte)'\\')
            {
                _pos++;
                continue;
            }
            builder.Append(DecodeUtf8(_input[runStart.._pos], runStart));
            _pos++;
            if (AtEnd)
            {
                throw Error("unterminated escape sequence");
            }
            var escaped = _input[_pos++];
            switch (escaped)
            {
                case (byte)'"':
                case (byte)'\'':
                case (byte)'\\':
                case (byte)'/':
                    builder.Append((char)escaped);
                    break;
                case (byte)'b':
                    builder.Append('\b');
                    break;
                case (byte)'f':
                    builder.Append('\f');
                    break;
                case (byte)'n':
                    builder.Append('\n');
                    break;
                case (byte)'r':
                    builder.Append('\r');
                    break;
                case (byte)'t':
                    builder.Append('\t');
                    break;
                case (byte)'u':
                    builder.Append((char)ParseHex(4));
                    break;
                case (byte)'x':
                    builder.Append((char)ParseHex(2));
                    break;
                default:
                    _pos--;
                    throw Error($"invalid escape sequence '\\{Describe()}'");
            }
            runStart = _pos;
        }
    }

    private int ParseHex(int count)
    {
        if (_pos + count > _input.Length)
        {
            throw Error("truncated hexadecimal escape");
        }
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            var b = _input[_pos];
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw Error($"invalid hexadecimal digit '{Describe()}' in escape"),
            };
            value = (value << 4) | digit;
            _pos++;
        }
        return value;
    }

    private readonly string DecodeUtf8(ReadOnlySpan<byte> bytes, int offset)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }
        var chars = new char[bytes.Length];
        Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
        throw new JsonFormatException("invalid UTF-8 sequence in string", offset + read);
    }
}
