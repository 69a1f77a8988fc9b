using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace NameServer.Actors.Protocol.Json;

/// <summary>
/// A forgiving UTF-8 JSON parser accepting what fastjson accepts from peers: bare integer and identifier keys,
/// single-quoted strings, trailing commas. Anything else that is not JSON fails with a
/// <see cref="JsonFormatException"/> carrying the byte position.
/// </summary>
public static class LenientJsonReader
{
    private const int MaxDepth = 512;

    public static JsonNode Parse(ReadOnlySequence<byte> utf8) =>
        utf8.IsSingleSegment ? Parse(utf8.FirstSpan) : Parse(utf8.ToArray());

    public static JsonNode Parse(ReadOnlySpan<byte> utf8)
    {
        var parser = new Parser(utf8);
        parser.SkipWhitespace();
        if (parser.AtEnd)
        {
            throw parser.Error("empty input, expected a JSON value");
        }
        var value = parser.ParseValue(0);
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected '{parser.Describe()}' after the end of the JSON value");
        }
        return value;
    }

    private ref struct Parser
    {
        private readonly ReadOnlySpan<byte> _input;
        private int _pos;
        private StringBuilder? _builder;

        public Parser(ReadOnlySpan<byte> input)
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

        private bool TryLiteral(ReadOnlySpan<byte> literal)
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
            _pos++; // '{'
            var properties = new List<KeyValuePair<string, JsonNode>>();
            while (true)
            {
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Error("unterminated object, expected a property name or '}'");
                }
                if (_input[_pos] == (byte)'}')
                {
                    _pos++;
                    return JsonNode.Object(properties);
                }
                var key = ParseKey();
                SkipWhitespace();
                if (AtEnd || _input[_pos] != (byte)':')
                {
                    throw Error($"expected ':' after property name \"{key}\" but found '{Describe()}'");
                }
                _pos++;
                var value = ParseValue(depth + 1);
                properties.Add(new KeyValuePair<string, JsonNode>(key, value));
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Error("unterminated object, expected ',' or '}'");
                }
                var next = _input[_pos];
                if (next == (byte)',')
                {
                    _pos++;
                    continue;
                }
                if (next == (byte)'}')
                {
                    _pos++;
                    return JsonNode.Object(properties);
                }
                throw Error($"expected ',' or '}}' in object but found '{Describe()}'");
            }
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

        private string ParseKey()
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

        private string ParseNumber()
        {
            var start = _pos;
            if (_input[_pos] == (byte)'-')
            {
                _pos++;
            }
            var digits = SkipDigits();
            if (digits == 0)
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
            // fastjson accepts type suffixes on numbers (1L, 2.0F, 3D); drop them.
            if (_pos < _input.Length && _input[_pos] is (byte)'L' or (byte)'S' or (byte)'B' or (byte)'F' or (byte)'D')
            {
                var text = Encoding.ASCII.GetString(_input[start.._pos]);
                _pos++;
                return text;
            }
            return Encoding.ASCII.GetString(_input[start.._pos]);
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

        private string ParseString()
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
}
