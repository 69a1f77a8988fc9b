using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;

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
        try
        {
            var table = BodyDecoder.DecodeKvConfigSerializeWrapper(content);
            return new KvConfigState(table.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal));
        }
        catch (ProtocolException e)
        {
            throw Corrupt(source, e.Message, e);
        }
    }

    /// <summary>Serialises a snapshot in the Java shape (fastjson's compact form).</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> snapshot) =>
        BodyEncoder.EncodeKvConfigSerializeWrapper(snapshot);

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
