using System.Globalization;

namespace NameServer.Actors.Hocon.Configuration;

/// <summary>
/// Turns a HOCON tree into Microsoft.Extensions.Configuration key/value pairs: object paths joined
/// with ':', array elements as <c>key:0</c>, <c>key:1</c>; null (and empty objects/arrays) as a
/// null value; booleans as <c>true</c>/<c>false</c>; numbers exactly as written.
/// </summary>
public static class HoconConfigurationFlattener
{
    /// <exception cref="FormatException">Two HOCON keys map onto the same configuration key.</exception>
    public static Dictionary<string, string?> Flatten(HoconObject root, HoconKeyStyle keyStyle = HoconKeyStyle.JavaCamelCase)
    {
        ArgumentNullException.ThrowIfNull(root);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root)
        {
            Visit(data, origins, HoconKeys.Convert(key, keyStyle), HoconPath.Render([key]), value, keyStyle);
        }

        return data;
    }

    private static void Visit(
        Dictionary<string, string?> data,
        Dictionary<string, string> origins,
        string key,
        string hoconPath,
        HoconValue value,
        HoconKeyStyle keyStyle)
    {
        switch (value)
        {
            case HoconObject obj when obj.Count > 0:
                foreach (var (childKey, child) in obj)
                {
                    Visit(data, origins, key + ":" + HoconKeys.Convert(childKey, keyStyle), hoconPath + "." + HoconPath.Render([childKey]), child, keyStyle);
                }

                break;
            case HoconArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    Visit(data, origins, key + ":" + index, hoconPath + "." + index, array[i], keyStyle);
                }

                break;
            default:
                if (origins.TryGetValue(key, out var earlier))
                {
                    throw new FormatException($"HOCON paths '{earlier}' and '{hoconPath}' both map to the configuration key '{key}'");
                }

                origins[key] = hoconPath;
                data[key] = value is HoconObject or HoconArray or HoconNull ? null : value.ScalarText;
                break;
        }
    }
}
