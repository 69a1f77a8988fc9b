namespace NameServer.Actors.Hocon;

/// <summary>A getter was asked for a path that is missing or holds a value of the wrong type.</summary>
public sealed class HoconConfigException : Exception
{
    public HoconConfigException(string path, string reason)
        : base($"configuration path '{path}': {reason}")
    {
        Path = path;
    }

    public string Path { get; }
}
