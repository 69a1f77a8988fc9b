using System.Buffers;
using System.Buffers.Text;

namespace NameServer.Actors.Protocol.Json;

/// <summary>
/// Writes UTF-8 JSON byte-compatible with fastjson 1.2.x onto an <see cref="IBufferWriter{T}"/>, without allocating.
/// Commas are inserted automatically. Callers emit bean properties in alphabetical order and skip nulls themselves;
/// map ordering in <see cref="JsonMode.Standard"/> is the caller's job too (see <see cref="SortedKeys"/>).
/// Reusable through <see cref="Reset"/>; not thread-safe.
/// </summary>
public sealed class FastJsonWriter
{
    private const int MaxDepth = 64;
    private const long MaxSafeInteger = 9007199254740991L;

    private IBufferWriter<byte> _output;
    private ulong _needsComma;
    private int _depth;
    private bool _afterPropertyName;

    public FastJsonWriter(IBufferWriter<byte> output, JsonMode mode = JsonMode.Legacy)
    {
        _output = output;
        Mode = mode;
    }

    public JsonMode Mode { get; private set; }

    /// <summary>Points the writer at a new output (and mode) so one instance can be reused.</summary>
    public void Reset(IBufferWriter<byte> output, JsonMode mode)
    {
        _output = output;
        Mode = mode;
        _needsComma = 0;
        _depth = 0;
        _afterPropertyName = false;
    }

    public void WriteStartObject() => Open((byte)'{');

    public void WriteEndObject() => Close((byte)'}');

    public void WriteStartArray() => Open((byte)'[');

    public void WriteEndArray() => Close((byte)']');

    /// <summary>A bean property name or string map key (always quoted).</summary>
    public void WritePropertyName(string name)
    {
        BeforeValue();
        WriteQuoted(name);
        WriteByte((byte)':');
        _afterPropertyName = true;
    }

    /// <summary>An integer map key: bare in legacy mode (<c>{0:"a"}</c>), quoted in standard mode.</summary>
    public void WritePropertyName(long key)
    {
        BeforeValue();
        if (Mode == JsonMode.Standard)
        {
            WriteByte((byte)'"');
            WriteRawInt64(key);
            WriteByte((byte)'"');
        }
        else
        {
            WriteRawInt64(key);
        }
        WriteByte((byte)':');
        _afterPropertyName = true;
    }

    public void WriteString(string? value)
    {
        BeforeValue();
        if (value is null)
        {
            WriteAscii("null");
        }
        else
        {
            WriteQuoted(value);
        }
    }

    public void WriteNumber(int value)
    {
        BeforeValue();
        WriteRawInt64(value);
    }

    /// <summary>A Java <c>long</c>: in standard mode values outside ±(2^53-1) become strings (BrowserCompatible).</summary>
    public void WriteNumber(long value)
    {
        BeforeValue();
        if (Mode == JsonMode.Standard && (value > MaxSafeInteger || value < -MaxSafeInteger))
        {
            WriteByte((byte)'"');
            WriteRawInt64(value);
            WriteByte((byte)'"');
        }
        else
        {
            WriteRawInt64(value);
        }
    }

    public void WriteBoolean(bool value)
    {
        BeforeValue();
        WriteAscii(value ? "true" : "false");
    }

    public void WriteNull()
    {
        BeforeValue();
        WriteAscii("null");
    }

    public void WriteString(string name, string? value)
    {
        WritePropertyName(name);
        WriteString(value);
    }

    public void WriteNumber(string name, int value)
    {
        WritePropertyName(name);
        WriteNumber(value);
    }

    public void WriteNumber(string name, long value)
    {
        WritePropertyName(name);
        WriteNumber(value);
    }

    public void WriteBoolean(string name, bool value)
    {
        WritePropertyName(name);
        WriteBoolean(value);
    }

    /// <summary>Writes a string→string map honouring the mode's ordering; null values are skipped like fastjson does.</summary>
    public void WriteStringMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        WriteStartObject();
        if (Mode == JsonMode.Standard)
        {
            var pairs = new List<KeyValuePair<string, string>>(map);
            pairs.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var (key, value) in pairs)
            {
                WriteStringEntry(key, value);
            }
        }
        else
        {
            foreach (var (key, value) in map)
            {
                WriteStringEntry(key, value);
            }
        }
        WriteEndObject();
    }

    /// <summary>The keys of a map in the order this mode emits them: given order (legacy) or natural order (standard).</summary>
    public IEnumerable<TKey> SortedKeys<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> map)
        where TKey : notnull
    {
        if (Mode == JsonMode.Legacy)
        {
            return map.Keys;
        }
        var keys = new TKey[map.Count];
        var i = 0;
        foreach (var key in map.Keys)
        {
            keys[i++] = key;
        }
        if (typeof(TKey) == typeof(string))
        {
            // Java's String.compareTo is an ordinal UTF-16 comparison.
            Array.Sort((string[])(object)keys, StringComparer.Ordinal);
        }
        else
        {
            Array.Sort(keys);
        }
        return keys;
    }

    private void WriteStringEntry(string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        WritePropertyName(key);
        WriteString(value);
    }

    private void Open(byte token)
    {
        BeforeValue();
        if (_depth >= MaxDepth)
        {
            throw new ProtocolException($"JSON nesting deeper than {MaxDepth} levels.");
        }
        WriteByte(token);
        _depth++;
        _needsComma &= ~(1UL << (_depth - 1));
    }

    private void Close(byte token)
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No open JSON object or array to close.");
        }
        _depth--;
        WriteByte(token);
    }

    private void BeforeValue()
    {
        if (_afterPropertyName)
        {
            _afterPropertyName = false;
            return;
        }
        if (_depth == 0)
        {
            return;
        }
        var bit = 1UL << (_depth - 1);
        if ((_needsComma & bit) != 0)
        {
            WriteByte((byte)',');
        }
        else
        {
            _needsComma |= bit;
        }
    }

    private void WriteByte(byte value)
    {
        var span = _output.GetSpan(1);
        span[0] = value;
        _output.Advance(1);
    }

    private void WriteAscii(string text)
    {
        var span = _output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }
        _output.Advance(text.Length);
    }

    private void WriteRawInt64(long value)
    {
        var span = _output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _output.Advance(written);
    }

    private void WriteQuoted(string value)
    {
        WriteByte((byte)'"');
        var standard = Mode == JsonMode.Standard;
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!NeedsEscape(c, standard))
            {
                continue;
            }
            WriteUtf8(value.AsSpan(runStart, i - runStart));
            WriteEscape(c);
            runStart = i + 1;
        }
        WriteUtf8(value.AsSpan(runStart));
        WriteByte((byte)'"');
    }

    private static bool NeedsEscape(char c, bool standard)
    {
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F)
        {
            return true;
        }
        if (standard)
        {
            return c == '/' || c > 0x7F;
        }
        return c == '\u2028' || c == '\u2029';
    }

    private void WriteEscape(char c)
    {
        var simple = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        if (simple != '\0')
        {
            var span = _output.GetSpan(2);
            span[0] = (byte)'\\';
            span[1] = (byte)simple;
            _output.Advance(2);
            return;
        }
        var hex = _output.GetSpan(6);
        hex[0] = (byte)'\\';
        hex[1] = (byte)'u';
        hex[2] = HexDigit(c >> 12);
        hex[3] = HexDigit(c >> 8);
        hex[4] = HexDigit(c >> 4);
        hex[5] = HexDigit(c);
        _output.Advance(6);
    }

    private static byte HexDigit(int value)
    {
        value &= 0xF;
        return (byte)(value < 10 ? '0' + value : 'A' + value - 10);
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        var span = _output.GetSpan(text.Length * 3);
        // Lone surrogates become U+FFFD like Java's encoder replacement rather than failing the whole body.
        System.Text.Unicode.Utf8.FromUtf16(text, span, out _, out var written, replaceInvalidSequences: true);
        _output.Advance(written);
    }
}
