using System.Runtime.CompilerServices;
using System.Text;

namespace NameServer.Actors.Hocon.Parsing;

/// <summary>
/// Replaces substitutions with values from the whole merged tree (or the environment), lazily
/// and memoised, detecting cycles.
/// </summary>
internal sealed class Resolver
{
    /// <summary>Deepest object/array nesting a resolved value may have.</summary>
    public const int MaxDepth = 1000;

    private readonly RawObject _root;
    private readonly HoconParseOptions _options;
    private readonly Dictionary<RawNode, HoconValue?> _done = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<RawNode> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<RawSubstitution> _substitutions = new();
    private HoconParseException? _lastCycle;

    private Resolver(RawObject root, HoconParseOptions options)
    {
        _root = root;
        _options = options;
    }

    public static HoconObject Resolve(RawObject root, HoconParseOptions options)
    {
        var resolver = new Resolver(root, options);
        return (HoconObject)resolver.Resolve(root)!;
    }

    /// <returns>The value, or null when it is undefined (an optional substitution that found nothing).</returns>
    private HoconValue? Resolve(RawNode node)
    {
        if (node is RawScalar scalar)
        {
            return scalar.Value;
        }

        if (_done.TryGetValue(node, out var known))
        {
            return known;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw node.Position.Error("substitutions, merges or self references are nested too deeply to resolve");
        }

        if (!_inProgress.Add(node))
        {
            throw CycleError(node);
        }

        ResolveSpine(node);
        HoconValue? value;
        try
        {
            value = Compute(node);
        }
        finally
        {
            _inProgress.Remove(node);
        }

        if (value is not null && value.Depth > MaxDepth)
        {
            // Self references can build values far deeper than the text; cap them so that
            // every later recursive walk (JSON, merging, flattening) stays safe.
            throw node.Position.Error($"value is nested more than {MaxDepth} levels deep");
        }

        _done[node] = value;
        return value;
    }

    /// <summary>
    /// Many overrides or appends of one key nest merges, concatenations and self references on
    /// their first part. Resolving that chain bottom-up, one level at a time, keeps the recursion
    /// shallow however long the chain is.
    /// </summary>
    private void ResolveSpine(RawNode node)
    {
        var spine = new Stack<RawNode>();
        var cursor = FirstPart(node);
        while (cursor is not null && cursor is not RawScalar && !_done.ContainsKey(cursor) && !_inProgress.Contains(cursor))
        {
            spine.Push(cursor);
            cursor = FirstPart(cursor);
        }

        while (spine.Count > 0)
        {
            Resolve(spine.Pop());
        }
    }

    private static RawNode? FirstPart(RawNode node) => node switch
    {
        RawMerge merge => merge.Layers[0],
        RawConcat concat => concat.Parts[0],
        RawSubstitution { IsSelfReference: true } s => s.PreviousValue,
        _ => null,
    };

    private HoconValue? Compute(RawNode node)
    {
        switch (node)
        {
            case RawObject obj:
                var fields = new List<KeyValuePair<string, HoconValue>>();
                foreach (var (key, child) in obj.Fields)
                {
                    var value = Resolve(child);
                    if (value is not null)
                    {
                        fields.Add(new KeyValuePair<string, HoconValue>(key, value));
                    }
                }

                return new HoconObject(fields);
            case RawArray array:
                var items = new List<HoconValue>();
                foreach (var item in array.Items)
                {
                    var value = Resolve(item);
                    if (value is not null)
                    {
                        items.Add(value);
                    }
                }

                return new HoconArray(items);
            case RawWhitespace ws:
                return new HoconString(ws.Text);
            case RawConcat concat:
                return ResolveConcat(concat);
            case RawMerge merge:
                HoconValue? result = null;
                foreach (var layer in merge.Layers)
                {
                    var value = Resolve(layer);
                    if (value is null)
                    {
                        continue;
                    }

                    result = result is HoconObject before && value is HoconObject after ? before.MergeWith(after) : value;
                }

                return result;
            case RawPathInto into:
                return LookupIn(into.Target, into.Path);
            case RawSubstitution substitution:
                _substitutions.Add(substitution);
                try
                {
                    return ResolveSubstitution(substitution);
                }
                finally
                {
                    _substitutions.RemoveAt(_substitutions.Count - 1);
                }

            case RawObjectLiteral literal:
                throw literal.Position.Error("internal error: object literal was not merged into the tree");
            default:
                throw node.Position.Error($"internal error: unexpected node {node.GetType().Name}");
        }
    }

    private HoconValue? ResolveSubstitution(RawSubstitution s)
    {
        HoconValue? value;
        if (s.IsSelfReference)
        {
            value = s.PreviousValue is null ? null : Resolve(s.PreviousValue);
        }
        else
        {
            try
            {
                value = Lookup(s.Path);
                if (value is null && !s.Path.AsSpan().SequenceEqual(s.OriginalPath))
                {
                    value = Lookup(s.OriginalPath);
                }
            }
            catch (HoconParseException ex) when (s.Optional && ReferenceEquals(ex, _lastCycle))
            {
                // HOCON: an optional substitution caught in a cycle is simply undefined.
                _lastCycle = null;
                value = null;
            }
        }

        if (value is null)
        {
            var variable = string.Join('.', s.OriginalPath);
            var env = _options.LookupEnvironment(variable);
            if (env is not null)
            {
                value = new HoconString(env);
            }
        }

        if (value is null && !s.Optional)
        {
            var why = s.IsSelfReference ? "no earlier value for this self reference" : "not found in the configuration";
            throw s.Position.Error($"could not resolve substitution {s.Text}: {why} and no environment variable '{string.Join('.', s.OriginalPath)}'");
        }

        return value;
    }

    private HoconValue? Lookup(string[] path) => LookupIn(_root, path);

    /// <summary>
    /// Walks <paramref name="path"/> from <paramref name="start"/> resolving as little as possible,
    /// so that a field may refer to a sibling inside an object that is still being resolved.
    /// </summary>
    private HoconValue? LookupIn(RawNode start, string[] path)
    {
        var current = start;
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
                case RawMerge merge:
                    var child = ChildOfMerge(merge, path[i]);
                    if (child is null)
                    {
                        return null;
                    }

                    current = child;
                    break;
                default:
                    return Navigate(Resolve(current), path[i..]);
            }
        }

        return Resolve(current);
    }

    /// <summary>
    /// The field <paramref name="key"/> of a merge without resolving the whole merge: object
    /// layers contribute their field (merged in order), a layer that is not an object discards
    /// what came before it.
    /// </summary>
    private RawNode? ChildOfMerge(RawMerge merge, string key)
    {
        var children = new List<RawNode>();
        CollectChildren(merge, key, children);
        return children.Count switch
        {
            0 => null,
            1 => children[0],
            _ => new RawMerge(merge.Position, children),
        };
    }

    private void CollectChildren(RawNode layer, string key, List<RawNode> children)
    {
        switch (layer)
        {
            case RawObject obj:
                if (obj.TryGet(key, out var raw))
                {
                    children.Add(raw);
                }

                return;
            case RawMerge merge:
                foreach (var inner in FlattenLayers(merge))
                {
                    CollectChildren(inner, key, children);
                }

                return;
        }

        switch (Resolve(layer))
        {
            case null:
                return;
            case HoconObject resolved:
                if (resolved.TryGetValue(key, out var field))
                {
                    children.Add(new RawScalar(layer.Position, field));
                }

                return;
            default:
                children.Clear();
                return;
        }
    }

    /// <summary>
    /// The layers of a merge with nested merges spliced in. Overrides nest merges in first
    /// position, so the splice keeps the fold order; the spine is walked without recursion because
    /// it is as long as the number of overrides.
    /// </summary>
    private static List<RawNode> FlattenLayers(RawMerge merge)
    {
        var spine = new List<RawMerge>();
        RawNode first = merge;
        while (first is RawMerge nested)
        {
            spine.Add(nested);
            first = nested.Layers[0];
        }

        var layers = new List<RawNode> { first };
        for (var i = spine.Count - 1; i >= 0; i--)
        {
            for (var j = 1; j < spine[i].Layers.Count; j++)
            {
                var layer = spine[i].Layers[j];
                if (layer is RawMerge inner)
                {
                    layers.AddRange(FlattenLayers(inner));
                }
                else
                {
                    layers.Add(layer);
                }
            }
        }

        return layers;
    }

    private static HoconValue? Navigate(HoconValue? value, string[] path)
    {
        foreach (var segment in path)
        {
            if (value is not HoconObject obj || !obj.TryGetValue(segment, out value))
            {
                return null;
            }
        }

        return value;
    }

    private HoconValue? ResolveConcat(RawConcat concat)
    {
        // Undefined parts vanish; whitespace matters only between strings.
        var parts = new List<(HoconValue Value, bool IsSpace)>();
        foreach (var part in concat.Parts)
        {
            if (part is RawWhitespace ws)
            {
                parts.Add((new HoconString(ws.Text), true));
                continue;
            }

            var value = Resolve(part);
            if (value is not null)
            {
                parts.Add((value, false));
            }
        }

        while (parts.Count > 0 && parts[0].IsSpace)
        {
            parts.RemoveAt(0);
        }

        while (parts.Count > 0 && parts[^1].IsSpace)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        var values = parts.Where(p => !p.IsSpace).Select(p => p.Value).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1)
        {
            return values[0];
        }

        if (values.All(v => v is HoconArray))
        {
            return new HoconArray(values.SelectMany(v => (HoconArray)v));
        }

        if (values.All(v => v is HoconObject))
        {
            return values.Cast<HoconObject>().Aggregate((a, b) => a.MergeWith(b));
        }

        var odd = values.FirstOrDefault(v => v is HoconArray or HoconObject);
        if (odd is not null)
        {
            var kinds = string.Join(", ", values.Select(v => v.Type.ToString().ToLowerInvariant()));
            throw concat.Position.Error($"cannot concatenate values of different kinds ({kinds}); only strings, only arrays or only objects can be joined");
        }

        var sb = new StringBuilder();
        foreach (var (value, _) in parts)
        {
            sb.Append(value.ScalarText);
        }

        return new HoconString(sb.ToString());
    }

    private HoconParseException CycleError(RawNode node)
    {
        var chain = string.Join(" -> ", _substitutions.Select(s => s.Text));
        var at = _substitutions.Count > 0 ? _substitutions[^1].Position : node.Position;
        _lastCycle = at.Error($"substitution cycle: {chain}");
        return _lastCycle;
    }
}
