namespace NameServer.Actors.Runtime;

/// <summary>The hierarchical address of an actor, e.g. <c>/user/routes/session-1</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private string? _text;

    internal ActorPath(ActorPath? parent, string name)
    {
        Parent = parent;
        Name = name;
    }

    /// <summary>The parent path, or <c>null</c> for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element of the path.</summary>
    public string Name { get; }

    /// <summary>The root path <c>/</c>.</summary>
    internal static ActorPath Root { get; } = new(null, string.Empty);

    /// <summary>Creates a child path.</summary>
    public ActorPath Child(string name) => new(this, name);

    /// <inheritdoc />
    public override string ToString()
    {
        // Built lazily: temporary ask refs have paths that nobody ever prints.
        return _text ??= Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent + "/" + Name;
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
