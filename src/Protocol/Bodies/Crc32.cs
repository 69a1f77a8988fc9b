namespace NameServer.Actors.Protocol.Bodies;

/// <summary>
/// CRC-32 (IEEE 802.3), as <c>java.util.zip.CRC32</c>, computed by <c>System.IO.Hashing</c> (vectorized: a broker's
/// 1.5 MB registration body is checked on every re-registration, and a table lookup per byte cost several percent of a
/// registration storm's CPU).
/// </summary>
public static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>The <c>bodyCrc32</c> header value: <c>UtilAll.crc32(body)</c> = CRC32 &amp; 0x7FFFFFFF (empty body ⇒ 0).</summary>
    public static int ComputeBodyCrc32(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? 0 : (int)(Compute(body) & 0x7FFFFFFF);
}
