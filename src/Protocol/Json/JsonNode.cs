using System.Globalization;

namespace NameServer.Actors.Protocol.Json;

public enum JsonKind
{
    Null,
    False,
    True,
    Number,
    String,
    Object,
    Array,
}

/// <summary>
/// A parsed JSON value. Numbers keep their text so nothing is lost; objects keep document order (duplicate keys: the
/// last one wins on lookup, like fastjson). The typed accessors coerce the way fastjson does when it fills a bean
/// (<c>"4"</c> → 4, <c>4</c> → <c>"4"</c>) and throw <see cref="BodyFormatException"/> naming the property otherwise.
/// </summary>
public sealed class JsonNode
{
    public static readonly JsonNode Null = new(JsonKind.Null, null);
    public static readonly JsonNode False = new(JsonKind.False, null);
    public static readonly JsonNode True = new(JsonKind.True, null);

    private readonly List<KeyValuePair<string, JsonNode>>? _properties;
    private readonly List<JsonNode>? _items;

    private JsonNode(JsonKind kind, string? text)
    {
        Kind = kind;
        Text = text;
    }

    private JsonNode(List<KeyValuePair<string, JsonNode>> properties)
    {
        Kind = JsonKind.Object;
        _properties = properties;
    }

    private JsonNode(List<JsonNode> items)
    {
        Kind = JsonKind.Array;
        _items = items;
    }

    public JsonKind Kind { get; }

    /// <summary>The string value, or the literal text of a number; null for other kinds.</summary>
    public string? Text { get; }

    public bool IsNull => Kind == JsonKind.Null;

    /// <summary>Object members in document order (empty for non-objects).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode>> Properties =>
        (IReadOnlyList<KeyValuePair<string, JsonNode>>?)_properties ?? [];

    /// <summary>Array items (empty for non-arrays).</summary>
    public IReadOnlyList<JsonNode> Items => (IReadOnlyList<JsonNode>?)_items ?? [];

    internal static JsonNode String(string value) => new(JsonKind.String, value);

    internal static JsonNode Number(string text) => new(JsonKind.Number, text);

    internal static JsonNode Object(List<KeyValuePair<string, JsonNode>> properties) => new(properties);

    internal static JsonNode Array(List<JsonNode> items) => new(items);

    /// <summary>The member named <paramref name="name"/> (last duplicate wins), or null when absent or not an object.</summary>
    public JsonNode? Get(string name)
    {
        if (_properties is null)
        {
            return null;
        }
        for (var i = _properties.Count - 1; i >= 0; i--)
        {
            if (_properties[i].Key == name)
            {
                return _properties[i].Value;
            }
        }
        return null;
    }

    /// <summary>Requires an object (or JSON null ⇒ null) and names <paramref name="what"/> in the error.</summary>
    public JsonNode? ExpectObject(string what) => Kind switch
    {
        JsonKind.Object => this,
        JsonKind.Null => null,
        _ => throw new BodyFormatException($"{what}: expected an object but found {Describe()}."),
    };

    /// <summary>Requires an array (or JSON null ⇒ null).</summary>
    public JsonNode? ExpectArray(string what) => Kind switch
    {
        JsonKind.Array => this,
        JsonKind.Null => null,
        _ => throw new BodyFormatException($"{what}: expected an array but found {Describe()}."),
    };

    /// <summary>Text of a string, number or boolean; null for JSON null.</summary>
    public string? AsString(string what) => Kind switch
    {
        JsonKind.String or JsonKind.Number => Text,
        JsonKind.True => "true",
        JsonKind.False => "false",
        JsonKind.Null => null,
        _ => throw new BodyFormatException($"{what}: expected a string but found {Describe()}."),
    };

    /// <summary>A long from a number or numeric string; null for JSON null or an empty string.</summary>
    public long? AsInt64(string what)
    {
        switch (Kind)
        {
            case JsonKind.Null:
                return null;
            case JsonKind.Number:
            case JsonKind.String:
                if (Kind == JsonKind.String && Text!.Length == 0)
                {
                    return null;
                }
                if (long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
                // fastjson truncates a decimal assigned to an integer field.
                if (decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    && d >= long.MinValue && d <= long.MaxValue)
                {
                    return (long)decimal.Truncate(d);
                }
                throw new BodyFormatException($"{what}: '{Text}' is not a valid integer.");
            default:
                throw new BodyFormatException($"{what}: expected an integer but found {Describe()}.");
        }
    }

    public int? AsInt32(string what)
    {
        var value = AsInt64(what);
        if (value is null)
        {
            return null;
        }
        if (value < int.MinValue || value > int.MaxValue)
        {
            throw new BodyFormatException($"{what}: {value} does not fit in a 32-bit integer.");
        }
        return (int)value;
    }

    /// <summary>true/false literals, strings "true"/"false" (any case) and numbers (non-zero = true).</summary>
    public bool? AsBoolean(string what)
    {
        switch (Kind)
        {
            case JsonKind.True:
                return true;
            case JsonKind.False:
                return false;
            case JsonKind.Null:
                return null;
            case JsonKind.String when Text!.Length == 0:
                return null;
            case JsonKind.String when string.Equals(Text, "true", StringComparison.OrdinalIgnoreCase):
                return true;
            case JsonKind.String when string.Equals(Text, "false", StringComparison.OrdinalIgnoreCase):
                return false;
            case JsonKind.Number or JsonKind.String:
                if (long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    return n != 0;
                }
                break;
        }
        throw new BodyFormatException($"{what}: expected a boolean but found {Describe()}.");
    }

    public string Describe() => Kind switch
    {
        JsonKind.String => "a string",
        JsonKind.Number => $"the number {Text}",
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.True => "true",
        JsonKind.False => "false",
        _ => "null",
    };
}
