namespace NameServer.Actors.Hocon.Parsing;

/// <summary>
/// Applies the fields of a document, in order, to one tree: objects merge, later values win,
/// <c>+=</c> appends, and self references capture the value defined before them.
/// </summary>
internal sealed class TreeBuilder
{
    private readonly RawObject _root;

    private TreeBuilder(RawObject root)
    {
        _root = root;
    }

    /// <summary>
    /// Applies <paramref name="document"/> on top of <paramref name="fallback"/> (already resolved
    /// values, e.g. a reference configuration), so that the document may override, extend and
    /// refer to them.
    /// </summary>
    public static RawObject Build(RawObjectLiteral document, HoconObject? fallback = null)
    {
        var root = fallback is null ? new RawObject(document.Position) : Seed(fallback, document.Position);
        var builder = new TreeBuilder(root);
        builder.Apply(root, [], document);
        return root;
    }

    private static RawObject Seed(HoconObject values, SourcePosition position)
    {
        var obj = new RawObject(position);
        foreach (var (key, value) in values)
        {
            obj.Set(key, value is HoconObject child ? Seed(child, position) : new RawScalar(position, value));
        }

        return obj;
    }

    /// <param name="targetPath">The absolute path of <paramref name="target"/>, or null for objects not in the tree (inside arrays).</param>
    private void Apply(RawObject target, string[]? targetPath, RawObjectLiteral literal)
    {
        foreach (var entry in literal.Entries)
        {
            switch (entry)
            {
                case RawInclude include:
                    Apply(target, targetPath, include.Content);
                    break;
                case RawField field:
                    Assign(target, targetPath, field);
                    break;
            }
        }
    }

    private void Assign(RawObject target, string[]? targetPath, RawField field)
    {
        var parent = target;
        for (var i = 0; i < field.Key.Length - 1; i++)
        {
            parent = ChildObject(parent, field.Key[i], field.Position);
        }

        var last = field.Key[^1];
        string[]? fullPath = targetPath is null ? null : [.. targetPath, .. field.Key];
        if (!field.Append && field.Value is RawObjectLiteral literal)
        {
            Apply(ChildObject(parent, last, literal.Position), fullPath, literal);
            return;
        }

        var node = Convert(field.Value, fullPath);
        parent.TryGet(last, out var existing);
        if (field.Append)
        {
            // a += b means a = ${?a} [b]; appending to a plain array is done at once so that long
            // runs of += do not build deep chains.
            var previous = fullPath is null ? existing : Capture(fullPath);
            node = previous switch
            {
                null => new RawArray(field.Value.Position, [node]),
                RawArray array when IsResolved(array) => new RawArray(array.Position, [.. array.Items, node]),
                _ => new RawConcat(field.Position, [previous, new RawArray(field.Value.Position, [node])]),
            };
        }

        if (existing is not null && !IsResolved(node))
        {
            // The new value may turn out to be an object that merges with the old one, or an
            // undefined optional substitution that leaves the old one in place.
            node = new RawMerge(field.Position, [existing, node]);
        }

        parent.Set(last, node);
    }

    private static RawObject ChildObject(RawObject parent, string key, SourcePosition position)
    {
        if (parent.TryGet(key, out var existing))
        {
            switch (existing)
            {
                case RawObject obj:
                    return obj;
                case RawMerge { Layers: [.., RawObject lastLayer] }:
                    return lastLayer;
                case RawScalar or RawArray:
                    break;
                default:
                    var layer = new RawObject(position);
                    parent.Set(key, new RawMerge(position, [existing, layer]));
                    return layer;
            }
        }

        var created = new RawObject(position);
        parent.Set(key, created);
        return created;
    }

    private RawNode Convert(RawNode node, string[]? fieldPath)
    {
        switch (node)
        {
            case RawSubstitution s when fieldPath is not null && StartsWith(s.Path, fieldPath):
                return new RawSubstitution(s.Position, s.Path, s.Optional, s.OriginalPath)
                {
                    IsSelfReference = true,
                    PreviousValue = Capture(s.Path),
                };
            case RawConcat concat:
                return new RawConcat(concat.Position, concat.Parts.Select(p => Convert(p, fieldPath)).ToList());
            case RawArray array:
                // HOCON: a reference to the field from inside an array (or object) value is not
                // a self reference but an unbreakable cycle.
                return new RawArray(array.Position, array.Items.Select(i => Convert(i, null)).ToList());
            case RawObjectLiteral literal:
                var obj = new RawObject(literal.Position);
                Apply(obj, null, literal);
                return obj;
            default:
                return node;
        }
    }

    /// <summary>The value currently at <paramref name="path"/>, frozen so later definitions do not change it.</summary>
    private RawNode? Capture(string[] path)
    {
        RawNode current = _root;
        for (var i = 0; i < path.Length; i++)
        {
            switch (current)
            {
                case RawObject obj:
                    if (!obj.TryGet(path[i], out current))
                    {
                        return null;
                    }

                    break;
                case RawScalar or RawArray:
                    return null;
                default:
                    return new RawPathInto(current.Position, Snapshot(current), path[i..]);
            }
        }

        return Snapshot(current);
    }

    /// <summary>
    /// Copies the parts of a node that later definitions may still change in place: objects, and
    /// the open last layer of a merge. Everything else is never mutated and is shared.
    /// </summary>
    private static RawNode Snapshot(RawNode node)
    {
        switch (node)
        {
            case RawObject obj:
                var copy = new RawObject(obj.Position);
                foreach (var (key, value) in obj.Fields)
                {
                    copy.Set(key, Snapshot(value));
                }

                return copy;
            case RawMerge { Layers: [.., RawObject open] } merge:
                return new RawMerge(merge.Position, [.. merge.Layers.Take(merge.Layers.Count - 1), Snapshot(open)]);
            default:
                return node;
        }
    }

    private static bool IsResolved(RawNode node) => node is RawScalar or RawObject
        || (node is RawArray array && array.Items.All(IsResolved));

    private static bool StartsWith(string[] path, string[] prefix) =>
        path.Length >= prefix.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);
}
