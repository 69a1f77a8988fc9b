using NameServer.Actors.Protocol.Bodies;

namespace NameServer.Actors.Protocol.Tests.Bodies;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_matches_known_ieee_values_when_given_text(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(TestData.Utf8(text)));
    }

    [Fact]
    public void Compute_matches_a_bitwise_reference_when_the_data_is_long()
    {
        // Long enough for the vectorized path; the reference is the textbook bit-at-a-time reflected CRC.
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        Assert.Equal(~crc, Crc32.Compute(data));
    }

    [Fact]
    public void ComputeBodyCrc32_masks_sign_bit_and_is_zero_when_body_is_empty()
    {
        Assert.Equal(0x4BF43926, Crc32.ComputeBodyCrc32(TestData.Utf8("123456789")));
        Assert.Equal(0, Crc32.ComputeBodyCrc32([]));
    }
}
