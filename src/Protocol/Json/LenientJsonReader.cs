using System.Buffers;

namespace NameServer.Actors.Protocol.Json;

/// <summary>
/// A forgiving UTF-8 JSON parser accepting what fastjson accepts from peers: bare integer and identifier keys,
/// single-quoted strings, trailing commas. Anything else that is not JSON fails with a
/// <see cref="JsonFormatException"/> carrying the byte position.
/// </summary>
public static class LenientJsonReader
{
    public static JsonNode Parse(ReadOnlySequence<byte> utf8) =>
        utf8.IsSingleSegment ? Parse(utf8.FirstSpan) : Parse(utf8.ToArray());

    public static JsonNode Parse(ReadOnlySpan<byte> utf8)
    {
        var parser = new JsonCursor(utf8);
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
}
