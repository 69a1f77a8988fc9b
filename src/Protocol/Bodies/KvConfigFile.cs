using System.Buffers;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Bodies;

/// <summary>The persisted KV store <c>kvConfig.json</c>: <c>{"configTable":{namespace:{key:value}}}</c> (fastjson, no whitespace).</summary>
public static class KvConfigFile
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> configTable)
    {
        var w = new FastJsonWriter(output, JsonMode.Legacy);
        w.WriteStartObject();
        w.WritePropertyName("configTable");
        w.WriteStartObject();
        foreach (var (ns, table) in configTable)
        {
            if (table is null)
            {
                continue;
            }
            w.WritePropertyName(ns);
            w.WriteStringMap(table);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static byte[] Encode(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> configTable)
    {
        using var buffer = new PooledBufferWriter(1024);
        Write(buffer, configTable);
        return buffer.ToArray();
    }

    /// <summary>Reads the file content; a missing <c>configTable</c> yields an empty store.</summary>
    public static Dictionary<string, Dictionary<string, string>> Decode(ReadOnlySpan<byte> content)
    {
        var root = BodyDecoder.Root(content, "kvConfig.json");
        var result = new Dictionary<string, Dictionary<string, string>>();
        if (root.Get("configTable")?.ExpectObject("configTable") is { } table)
        {
            foreach (var (ns, value) in table.Properties)
            {
                if (!value.IsNull)
                {
                    result[ns] = BodyDecoder.ReadStringMap(value, $"configTable.{ns}");
                }
            }
        }
        return result;
    }
}
