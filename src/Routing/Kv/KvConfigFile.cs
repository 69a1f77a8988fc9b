using System.Text.Encodings.Web;
using System.Text.Json;

namespace NameServer.Actors.Routing.Kv;

/// <summary>A KV file that exists but cannot be used. The NameServer refuses to start rather than overwrite it.</summary>
public sealed class KvConfigFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads and writes <c>kvConfig.json</c> in the Java NameServer's shape (<c>{"configTable":{ns:{key:value}}}</c>),
/// so an existing file loads and ours loads in Java. Writes are crash-safe: the new content goes to a temporary file
/// that is flushed to disk and then renamed over the old one, so a crash leaves either the old or the new file whole.
/// </summary>
public static class KvConfigFile
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // fastjson writes non-ASCII characters raw; keep the file readable and byte-compatible in spirit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Loads the file; a missing file is an empty store (as in Java), anything unreadable throws <see cref="KvConfigFileException"/>.</summary>
    public static KvConfigState Load(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return new KvConfigState();
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KvConfigFileException($"KV config file '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses file content; <paramref name="source"/> names it in errors.</summary>
    public static KvConfigState Parse(ReadOnlySpan<byte> content, string source)
    {
        var table = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(content.ToArray(), ReaderOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(source, "the top level is not a JSON object");
            }
            if (doc.RootElement.TryGetProperty("configTable", out var configTable) && configTable.ValueKind != JsonValueKind.Null)
            {
                if (configTable.ValueKind != JsonValueKind.Object)
                {
                    throw Corrupt(source, "\"configTable\" is not an object");
                }
                foreach (var ns in configTable.EnumerateObject())
                {
                    if (ns.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }
                    if (ns.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw Corrupt(source, $"namespace \"{ns.Name}\" is not an object");
                    }
                    var entries = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var entry in ns.Value.EnumerateObject())
                    {
                        switch (entry.Value.ValueKind)
                        {
                            case JsonValueKind.Null:
                                break;
                            case JsonValueKind.String:
                                entries[entry.Name] = entry.Value.GetString()!;
                                break;
                            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                                entries[entry.Name] = entry.Value.GetRawText();
                                break;
                            default:
                                throw Corrupt(source, $"value of \"{ns.Name}\".\"{entry.Name}\" is not a string");
                        }
                    }
                    table[ns.Name] = entries;
                }
            }
        }
        catch (JsonException e)
        {
            throw Corrupt(source, $"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        return new KvConfigState(table);
    }

    /// <summary>Serialises a snapshot in the Java shape, compact, namespaces and keys in ordinal order.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> snapshot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("configTable");
            foreach (var ns in snapshot.Keys.Order(StringComparer.Ordinal))
            {
                writer.WriteStartObject(ns);
                foreach (var (key, value) in snapshot[ns].OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Replaces the file atomically: write <c>path.tmp</c>, flush it to disk, keep the previous content as
    /// <c>path.bak</c> (as Java does), then rename the temporary file over <paramref name="path"/>.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> snapshot) =>
        AtomicFile.Write(path, Serialize(snapshot));

    private static KvConfigFileException Corrupt(string source, string reason, Exception? inner = null)
    {
        var bak = source + ".bak";
        var hint = File.Exists(bak) ? $" A previous version is in '{bak}'." : string.Empty;
        return new KvConfigFileException(
            $"KV config file '{source}' is corrupt ({reason}); the NameServer will not overwrite it. Fix or move it away.{hint}", inner);
    }
}
