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
    public void Append_equals_one_shot_when_data_is_split()
    {
        var data = TestData.Utf8("123456789");

        Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, 4)), data.AsSpan(4)));
    }

    [Fact]
    public void ComputeBodyCrc32_masks_sign_bit_and_is_zero_when_body_is_empty()
    {
        Assert.Equal(0x4BF43926, Crc32.ComputeBodyCrc32(TestData.Utf8("123456789")));
        Assert.Equal(0, Crc32.ComputeBodyCrc32([]));
    }
}
