using System.Globalization;

namespace NameServer.Actors.Protocol;

/// <summary>Parses NameServer address lists the way RocketMQ peers accept them.</summary>
public static class NameServerAddresses
{
    /// <summary>
    /// Splits <c>"host:9876;host2:9876"</c> (also <c>,</c>-separated), trims spaces, strips an <c>http://</c> or
    /// <c>https://</c> prefix and a trailing <c>/</c>, drops duplicates and empty entries.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty or an entry is not <c>host:port</c>.</exception>
    public static IReadOnlyList<string> Parse(string? addresses)
    {
        if (string.IsNullOrWhiteSpace(addresses))
        {
            throw new ArgumentException("The NameServer address list is empty (expected \"host:port;host:port\").", nameof(addresses));
        }
        var result = new List<string>();
        foreach (var raw in addresses.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = Normalize(raw);
            if (!result.Contains(address, StringComparer.Ordinal))
            {
                result.Add(address);
            }
        }
        if (result.Count == 0)
        {
            throw new ArgumentException($"The NameServer address list '{addresses}' contains no address.", nameof(addresses));
        }
        return result;
    }

    /// <summary>Splits one <c>host:port</c> (IPv6 as <c>[::1]:9876</c>).</summary>
    /// <exception cref="ArgumentException">Not a valid <c>host:port</c>.</exception>
    public static (string Host, int Port) SplitHostPort(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            throw new ArgumentException($"NameServer address '{address}' is not of the form host:port.", nameof(address));
        }
        var host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            throw new ArgumentException($"NameServer address '{address}': write IPv6 hosts as [host]:port.", nameof(address));
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"NameServer address '{address}' has an invalid host.", nameof(address));
        }
        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new ArgumentException($"NameServer address '{address}' has an invalid port (1-65535 expected).", nameof(address));
        }
        return (host, port);
    }

    private static string Normalize(string raw)
    {
        var address = raw;
        foreach (var prefix in new[] { "http://", "https://" })
        {
            if (address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                address = address[prefix.Length..];
                break;
            }
        }
        address = address.TrimEnd('/').Trim();
        SplitHostPort(address);
        return address;
    }
}
