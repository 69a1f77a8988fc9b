using System.Text;

namespace NameServer.Actors.Hocon.Configuration;

/// <summary>How HOCON keys become Microsoft.Extensions.Configuration keys.</summary>
public enum HoconKeyStyle
{
    /// <summary>
    /// Each kebab-case segment is converted to Java camelCase (<c>listen-port</c> →
    /// <c>listenPort</c>), matching the Java NameServer's property names and .NET option
    /// properties (MEC keys are case-insensitive). Segments without hyphens are unchanged.
    /// </summary>
    JavaCamelCase,

    /// <summary>Keys are used exactly as written in the HOCON file.</summary>
    AsWritten,
}

/// <summary>Key conversions between HOCON's kebab-case and Java/.NET property names.</summary>
public static class HoconKeys
{
    /// <summary>
    /// The subtrees the configuration sources keep as written by default: <c>akka</c>, whose keys Akka.NET reads in
    /// their HOCON spelling (kebab-case, and type names in <c>serialization-bindings</c>).
    /// </summary>
    public static IReadOnlyList<string> DefaultAsWrittenRoots { get; } = ["akka"];

    /// <summary>
    /// <c>un-register-broker-queue-capacity</c> → <c>unRegisterBrokerQueueCapacity</c>. A hyphen is
    /// removed (and the next character upper-cased) only when it sits between two letters or
    /// digits; anything else is kept, so the conversion never merges odd keys silently.
    /// </summary>
    public static string KebabToCamel(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('-', StringComparison.Ordinal))
        {
            return key;
        }

        var sb = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var joins = c == '-' && i > 0 && i + 1 < key.Length
                && char.IsLetterOrDigit(key[i - 1]) && char.IsLetterOrDigit(key[i + 1]);
            if (joins)
            {
                sb.Append(char.ToUpperInvariant(key[++i]));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Converts one key segment according to <paramref name="style"/>.</summary>
    public static string Convert(string segment, HoconKeyStyle style) =>
        style == HoconKeyStyle.JavaCamelCase ? KebabToCamel(segment) : segment;
}
