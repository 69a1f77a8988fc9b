namespace NameServer.Actors.Hocon.Parsing;

/// <summary>Where a piece of text came from, for error messages.</summary>
internal readonly record struct SourcePosition(string? FileName, int Line, int Column)
{
    public HoconParseException Error(string reason, Exception? inner = null) =>
        new(FileName, Line, Column, reason, inner);
}

/// <summary>An unresolved value as produced by the parser and the tree builder.</summary>
internal abstract class RawNode
{
    protected RawNode(SourcePosition position)
    {
        Position = position;
    }

    public SourcePosition Position { get; }
}

/// <summary>A value that needs no resolution.</summary>
internal sealed class RawScalar(SourcePosition position, HoconValue value) : RawNode(position)
{
    public HoconValue Value { get; } = value;
}

/// <summary>Whitespace between two parts of a value concatenation; only strings keep it.</summary>
internal sealed class RawWhitespace(SourcePosition position, string text) : RawNode(position)
{
    public string Text { get; } = text;
}

internal sealed class RawArray(SourcePosition position, List<RawNode> items) : RawNode(position)
{
    public List<RawNode> Items { get; } = items;
}

/// <summary>Adjacent values on one line: strings, substitutions, arrays or objects.</summary>
internal sealed class RawConcat(SourcePosition position, List<RawNode> parts) : RawNode(position)
{
    public List<RawNode> Parts { get; } = parts;
}

/// <summary><c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class RawSubstitution(SourcePosition position, string[] path, bool optional, string[] originalPath) : RawNode(position)
{
    /// <summary>The path looked up in the whole tree (prefixed when it comes from a nested include).</summary>
    public string[] Path { get; } = path;

    /// <summary>The path as written; tried after <see cref="Path"/> and used as the environment variable name.</summary>
    public string[] OriginalPath { get; } = originalPath;

    public bool Optional { get; } = optional;

    /// <summary>True when the substitution refers to the field being defined (e.g. <c>a = ${a} x</c>).</summary>
    public bool IsSelfReference { get; init; }

    /// <summary>For a self reference: the value the field had before this definition, if any.</summary>
    public RawNode? PreviousValue { get; init; }

    public string Text => "${" + (Optional ? "?" : string.Empty) + HoconPath.Render(OriginalPath) + "}";
}

/// <summary>An object literal before it is merged into the tree: its fields in source order.</summary>
internal sealed class RawObjectLiteral(SourcePosition position, List<RawEntry> entries) : RawNode(position)
{
    public List<RawEntry> Entries { get; } = entries;
}

internal abstract record RawEntry(SourcePosition Position);

internal sealed record RawField(SourcePosition Position, string[] Key, bool Append, RawNode Value) : RawEntry(Position);

internal sealed record RawInclude(SourcePosition Position, RawObjectLiteral Content) : RawEntry(Position);

/// <summary>An object in the tree being built: mutable, merged field by field.</summary>
internal sealed class RawObject(SourcePosition position) : RawNode(position)
{
    private readonly Dictionary<string, RawNode> _map = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    public IEnumerable<KeyValuePair<string, RawNode>> Fields => _order.Select(k => new KeyValuePair<string, RawNode>(k, _map[k]));

    public bool TryGet(string key, out RawNode value) => _map.TryGetValue(key, out value!);

    public void Set(string key, RawNode value)
    {
        if (!_map.ContainsKey(key))
        {
            _order.Add(key);
        }

        _map[key] = value;
    }
}

/// <summary>
/// Several definitions of one field where at least one is not yet resolved: resolved in order,
/// objects merge, anything else replaces what came before.
/// </summary>
internal sealed class RawMerge(SourcePosition position, IReadOnlyList<RawNode> layers) : RawNode(position)
{
    public IReadOnlyList<RawNode> Layers { get; } = layers;
}

/// <summary>The value at <see cref="Path"/> inside an unresolved value (used for self references).</summary>
internal sealed class RawPathInto(SourcePosition position, RawNode target, string[] path) : RawNode(position)
{
    public RawNode Target { get; } = target;

    public string[] Path { get; } = path;
}
