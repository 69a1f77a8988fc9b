namespace NameServer.Actors.Routing;

/// <summary>The crash-safe write used for every file the NameServer persists (KV store, configuration).</summary>
public static class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> so that a crash at any moment leaves either the old or the new content whole:
    /// write <c>path.tmp</c>, flush it to disk, keep the previous content as <c>path.bak</c> (as the Java NameServer
    /// does), then rename the temporary file over the target (an atomic rename on POSIX file systems).
    /// Parent directories are created.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var tmp = full + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        if (File.Exists(full))
        {
            File.Copy(full, full + ".bak", overwrite: true);
        }
        File.Move(tmp, full, overwrite: true);
    }
}
