namespace NameServer.Actors.Protocol.Bodies;

/// <summary>Table-driven CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as <c>java.util.zip.CRC32</c>.</summary>
public static class Crc32
{
    private static readonly uint[] _table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC over more data (start with 0).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = _table;
        var value = ~crc;
        foreach (var b in data)
        {
            value = table[(value ^ b) & 0xFF] ^ (value >> 8);
        }
        return ~value;
    }

    /// <summary>The <c>bodyCrc32</c> header value: <c>UtilAll.crc32(body)</c> = CRC32 &amp; 0x7FFFFFFF (empty body ⇒ 0).</summary>
    public static int ComputeBodyCrc32(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? 0 : (int)(Compute(body) & 0x7FFFFFFF);

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }
}
