using System.Globalization;
using System.Runtime.InteropServices;

namespace NameServer.Actors.Hocon.Configuration;

/// <summary>
/// Turns a HOCON tree into Microsoft.Extensions.Configuration key/value pairs: object paths joined
/// with ':', array elements as <c>key:0</c>, <c>key:1</c>; null (and empty objects/arrays) as a
/// null value; booleans as <c>true</c>/<c>false</c>; numbers exactly as written.
/// </summary>
public static class HoconConfigurationFlattener
{
    /// <param name="root">The resolved tree.</param>
    /// <param name="keyStyle">How keys are exposed outside <paramref name="asWrittenRoots"/>.</param>
    /// <param name="asWrittenRoots">
    /// HOCON paths (<c>akka</c>, <c>a."b.c"</c>) whose keys, the root's own and every key below it, are kept exactly as
    /// written whatever <paramref name="keyStyle"/> says; null or empty: none.
    /// </param>
    /// <exception cref="FormatException">Two HOCON keys map onto the same configuration key, or a root is not a path.</exception>
    public static Dictionary<string, string?> Flatten(
        HoconObject root,
        HoconKeyStyle keyStyle = HoconKeyStyle.JavaCamelCase,
        IEnumerable<string>? asWrittenRoots = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var walk = new Walk(asWrittenRoots?.Select(HoconPath.Parse).ToArray() ?? []);
        foreach (var (key, value) in root)
        {
            walk.Visit(null, null, key, value, keyStyle);
        }

        return walk.Data;
    }

    private sealed class Walk(string[][] asWrittenRoots)
    {
        private readonly Dictionary<string, string> _origins = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _segments = [];

        public Dictionary<string, string?> Data { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Visits <paramref name="segment"/> below <paramref name="parentKey"/> (null at the top).</summary>
        public void Visit(string? parentKey, string? parentPath, string segment, HoconValue value, HoconKeyStyle style)
        {
            _segments.Add(segment);
            if (style != HoconKeyStyle.AsWritten && IsAsWrittenRoot())
            {
                style = HoconKeyStyle.AsWritten;
            }

            var converted = HoconKeys.Convert(segment, style);
            var key = parentKey is null ? converted : parentKey + ":" + converted;
            var hoconPath = (parentPath is null ? "" : parentPath + ".") + HoconPath.Render([segment]);
            switch (value)
            {
                case HoconObject obj when obj.Count > 0:
                    foreach (var (childKey, child) in obj)
                    {
                        Visit(key, hoconPath, childKey, child, style);
                    }

                    break;
                case HoconArray array when array.Count > 0:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Visit(key, hoconPath, i.ToString(CultureInfo.InvariantCulture), array[i], style);
                    }

                    break;
                default:
                    if (_origins.TryGetValue(key, out var earlier))
                    {
                        throw new FormatException($"HOCON paths '{earlier}' and '{hoconPath}' both map to the configuration key '{key}'");
                    }

                    _origins[key] = hoconPath;
                    Data[key] = value is HoconObject or HoconArray or HoconNull ? null : value.ScalarText;
                    break;
            }

            _segments.RemoveAt(_segments.Count - 1);
        }

        private bool IsAsWrittenRoot()
        {
            foreach (var root in asWrittenRoots)
            {
                if (root.Length == _segments.Count && root.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(_segments)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
