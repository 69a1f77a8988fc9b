using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NameServer.Actors.Admin.Output;

/// <summary>Indented JSON for <c>--json</c>; non-ASCII kept readable.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(JsonNode? node) => node?.ToJsonString(s_options) ?? "null";

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var map = new JsonObject();
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }
        return map;
    }
}
