using System.Net;
using System.Net.Sockets;

namespace NameServer.Actors.Server.Security;

/// <summary>One allow-list entry: a single address or a CIDR prefix, IPv4 or IPv6.</summary>
public sealed class AddressRange
{
    private readonly byte[] _network;
    private readonly int _prefixLength;

    private AddressRange(IPAddress network, int prefixLength)
    {
        _network = network.GetAddressBytes();
        _prefixLength = prefixLength;
        Network = network;
    }

    public IPAddress Network { get; }

    public int PrefixLength => _prefixLength;

    /// <summary>Parses <c>10.0.0.1</c>, <c>10.0.0.0/8</c>, <c>::1</c> or <c>fd00::/8</c>.</summary>
    /// <exception cref="FormatException">The text is not an address or the prefix length is out of range.</exception>
    public static AddressRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.Trim() : text[..slash].Trim();
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw new FormatException($"'{text}' is not an IP address or CIDR prefix");
        }
        address = Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            throw new FormatException($"'{text}': the prefix length must be 0 to {bits}");
        }
        return new AddressRange(address, prefix);
    }

    /// <summary>True when <paramref name="address"/> (IPv4-mapped IPv6 counts as IPv4) lies inside this range.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = Normalize(address).GetAddressBytes();
        if (bytes.Length != _network.Length)
        {
            return false;
        }
        var whole = _prefixLength / 8;
        if (!bytes.AsSpan(0, whole).SequenceEqual(_network.AsSpan(0, whole)))
        {
            return false;
        }
        var rest = _prefixLength % 8;
        if (rest == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[whole] & mask) == (_network[whole] & mask);
    }

    public override string ToString() => $"{Network}/{_prefixLength}";

    // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; compare them as the IPv4 address they are.
    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
