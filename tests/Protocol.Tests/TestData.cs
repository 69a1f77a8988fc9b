using System.Globalization;

namespace NameServer.Actors.Protocol.Tests;

/// <summary>Locates the copied test data and parses the hex dumps of <c>Examples/</c> (<c>docs/PROTOCOL.md</c>, "Test vectors").</summary>
internal static class TestData
{
    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, .. parts]);

    /// <summary>Reads an <c>Examples/*.hex</c> dump ("offset  hex bytes  |ascii|" lines).</summary>
    public static byte[] Hex(string name) => ParseHexDump(File.ReadAllText(PathOf("Examples", name)));

    public static byte[] ParseHexDump(string dump)
    {
        var bytes = new List<byte>();
        var expectedOffset = 0;
        foreach (var rawLine in dump.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var offset = int.Parse(line[..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.Equal(expectedOffset, offset);
            var bar = line.IndexOf('|');
            var hexPart = bar >= 0 ? line[6..bar] : line[6..];
            foreach (var token in hexPart.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add(byte.Parse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                expectedOffset++;
            }
        }
        return [.. bytes];
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
