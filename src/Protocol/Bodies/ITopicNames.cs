namespace NameServer.Actors.Protocol.Bodies;

/// <summary>Topic names a decoder may reuse instead of allocating its own copies (the server's published routes).</summary>
public interface ITopicNames
{
    /// <summary>The held string equal to <paramref name="topic"/>, or null when the topic is unknown.</summary>
    string? Find(ReadOnlySpan<char> topic);
}
