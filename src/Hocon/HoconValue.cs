using System.Globalization;
using System.Text;

namespace NameServer.Actors.Hocon;

/// <summary>The kind of a resolved HOCON value.</summary>
public enum HoconValueType
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A fully resolved HOCON value (no substitutions left).</summary>
public abstract class HoconValue
{
    private protected HoconValue()
    {
    }

    public abstract HoconValueType Type { get; }

    /// <summary>Nesting depth: 0 for scalars, 1 for an object or array of scalars, and so on.</summary>
    public virtual int Depth => 0;

    /// <summary>Renders the value as JSON (object keys in insertion order, numbers as written).</summary>
    public string ToJson(bool indented = false)
    {
        var sb = new StringBuilder();
        WriteJson(sb, this, indented, 0);
        return sb.ToString();
    }

    /// <summary>
    /// Structural equality: objects compare as unordered maps, arrays element by element,
    /// numbers by numeric value (so <c>1.0</c> equals <c>1</c>), strings ordinally.
    /// </summary>
    public static bool DeepEquals(HoconValue? left, HoconValue? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        switch (left, right)
        {
            case (HoconObject a, HoconObject b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, value) in a)
                {
                    if (!b.TryGetValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case (HoconArray a, HoconArray b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!DeepEquals(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (HoconString a, HoconString b):
                return a.Value == b.Value;
            case (HoconNumber a, HoconNumber b):
                return a.Text == b.Text || a.ToDouble() == b.ToDouble();
            case (HoconBoolean a, HoconBoolean b):
                return a.Value == b.Value;
            case (HoconNull, HoconNull):
                return true;
            default:
                return false;
        }
    }

    /// <summary>The text this scalar contributes to a string concatenation or a flattened key.</summary>
    internal virtual string? ScalarText => null;

    private static void WriteJson(StringBuilder sb, HoconValue value, bool indented, int depth)
    {
        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }

                sb.Append('{');
                var firstField = true;
                foreach (var (key, child) in obj)
                {
                    if (!firstField)
                    {
                        sb.Append(',');
                    }

                    firstField = false;
                    NewLine(sb, indented, depth + 1);
                    WriteString(sb, key);
                    sb.Append(indented ? ": " : ":");
                    WriteJson(sb, child, indented, depth + 1);
                }

                NewLine(sb, indented, depth);
                sb.Append('}');
                return;
            case HoconArray array:
                if (array.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }

                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    NewLine(sb, indented, depth + 1);
                    WriteJson(sb, array[i], indented, depth + 1);
                }

                NewLine(sb, indented, depth);
                sb.Append(']');
                return;
            case HoconString s:
                WriteString(sb, s.Value);
                return;
            default:
                sb.Append(value.ScalarText);
                return;
        }
    }

    private static void NewLine(StringBuilder sb, bool indented, int depth)
    {
        if (indented)
        {
            sb.Append('\n').Append(' ', depth * 2);
        }
    }

    private static void WriteString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}

/// <summary>An object: string keys in insertion order.</summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly Dictionary<string, HoconValue> _map;
    private readonly List<string> _order;

    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _map = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        _order = new List<string>();
        foreach (var (key, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!_map.ContainsKey(key))
            {
                _order.Add(key);
            }

            _map[key] = value;
        }

        Depth = 1 + (_map.Count == 0 ? 0 : _map.Values.Max(v => v.Depth));
    }

    public static HoconObject Empty { get; } = new([]);

    public override HoconValueType Type => HoconValueType.Object;

    public override int Depth { get; }

    public int Count => _order.Count;

    public IEnumerable<string> Keys => _order;

    public IEnumerable<HoconValue> Values => _order.Select(k => _map[k]);

    public HoconValue this[string key] => _map[key];

    public bool ContainsKey(string key) => _map.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out HoconValue value) =>
        _map.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator()
    {
        foreach (var key in _order)
        {
            yield return new KeyValuePair<string, HoconValue>(key, _map[key]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// HOCON merge: fields of <paramref name="overrides"/> win; where both sides hold objects
    /// they are merged recursively.
    /// </summary>
    public HoconObject MergeWith(HoconObject overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var fields = new List<KeyValuePair<string, HoconValue>>(this);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            index[fields[i].Key] = i;
        }

        foreach (var (key, value) in overrides)
        {
            if (index.TryGetValue(key, out var at))
            {
                var merged = fields[at].Value is HoconObject mine && value is HoconObject theirs
                    ? mine.MergeWith(theirs)
                    : value;
                fields[at] = new KeyValuePair<string, HoconValue>(key, merged);
            }
            else
            {
                index[key] = fields.Count;
                fields.Add(new KeyValuePair<string, HoconValue>(key, value));
            }
        }

        return new HoconObject(fields);
    }
}

/// <summary>An ordered list of values.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    public HoconArray(IEnumerable<HoconValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
        Depth = 1 + (_items.Length == 0 ? 0 : _items.Max(v => v.Depth));
    }

    public override HoconValueType Type => HoconValueType.Array;

    public override int Depth { get; }

    public int Count => _items.Length;

    public HoconValue this[int index] => _items[index];

    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();
}

/// <summary>A string (quoted, unquoted or triple-quoted in the source).</summary>
public sealed class HoconString : HoconValue
{
    public HoconString(string value)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string Value { get; }

    public override HoconValueType Type => HoconValueType.String;

    internal override string ScalarText => Value;

    public override string ToString() => Value;
}

/// <summary>A number, kept exactly as written so that nothing is lost before a getter converts it.</summary>
public sealed class HoconNumber : HoconValue
{
    public HoconNumber(string text)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
    }

    public string Text { get; }

    public override HoconValueType Type => HoconValueType.Number;

    internal override string ScalarText => Text;

    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string ToString() => Text;
}

/// <summary>A boolean literal (<c>true</c> or <c>false</c>).</summary>
public sealed class HoconBoolean : HoconValue
{
    public static readonly HoconBoolean True = new(true);
    public static readonly HoconBoolean False = new(false);

    private HoconBoolean(bool value)
    {
        Value = value;
    }

    public bool Value { get; }

    public override HoconValueType Type => HoconValueType.Boolean;

    internal override string ScalarText => Value ? "true" : "false";

    public static HoconBoolean From(bool value) => value ? True : False;

    public override string ToString() => ScalarText;
}

/// <summary>The <c>null</c> literal.</summary>
public sealed class HoconNull : HoconValue
{
    public static readonly HoconNull Instance = new();

    private HoconNull()
    {
    }

    public override HoconValueType Type => HoconValueType.Null;

    internal override string ScalarText => "null";

    public override string ToString() => "null";
}
