using System.ComponentModel;

namespace NameServer.Actors.Hocon.Tests;

public class HoconSizeTests
{
    [Theory]
    [InlineData("100", 100L)]
    [InlineData("100B", 100L)]
    [InlineData("100 b", 100L)]
    [InlineData("1 byte", 1L)]
    [InlineData("100 bytes", 100L)]
    [InlineData("1k", 1024L)]
    [InlineData("1K", 1024L)]
    [InlineData("1Ki", 1024L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("2 kibibytes", 2048L)]
    [InlineData("1 kibibyte", 1024L)]
    [InlineData("1kB", 1000L)]
    [InlineData("1 kilobyte", 1000L)]
    [InlineData("3 kilobytes", 3000L)]
    [InlineData("1M", 1_048_576L)]
    [InlineData("1m", 1_048_576L)]
    [InlineData("16MiB", 16_777_216L)]
    [InlineData("1 mebibyte", 1_048_576L)]
    [InlineData("1MB", 1_000_000L)]
    [InlineData("2 megabytes", 2_000_000L)]
    [InlineData("1G", 1_073_741_824L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1 gigabyte", 1_000_000_000L)]
    [InlineData("1TiB", 1_099_511_627_776L)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("1PiB", 1_125_899_906_842_624L)]
    [InlineData("1EiB", 1_152_921_504_606_846_976L)]
    [InlineData("1.5KiB", 1536L)]
    public void Parse_understands_decimal_and_binary_units(string text, long bytes)
    {
        Assert.Equal(bytes, HoconSize.Parse(text).Bytes);
    }

    [Theory]
    [InlineData("3 parsecs", "unknown size unit 'parsecs'")]
    [InlineData("1 KB", "unknown size unit 'KB'")]
    [InlineData("0.5B", "not a whole number of bytes")]
    [InlineData("16 EiB", "out of range")]
    [InlineData("many", "is not a size in bytes")]
    public void Parse_throws_clear_error_when_text_is_not_a_size(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => HoconSize.Parse(text));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.False(HoconSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData(16_777_216L, "16MiB")]
    [InlineData(1000L, "1000B")]
    [InlineData(2048L, "2KiB")]
    public void ToString_uses_largest_exact_binary_unit(long bytes, string text)
    {
        Assert.Equal(text, new HoconSize(bytes).ToString());
        Assert.Equal(bytes, HoconSize.Parse(text).Bytes);
    }

    [Fact]
    public void Converter_converts_text_to_size_and_back()
    {
        var converter = TypeDescriptor.GetConverter(typeof(HoconSize));

        Assert.IsType<HoconSizeConverter>(converter);
        Assert.Equal(new HoconSize(16_777_216), converter.ConvertFromInvariantString("16MiB"));
        Assert.Equal("16MiB", converter.ConvertToInvariantString(new HoconSize(16_777_216)));
        Assert.Equal(5L, converter.ConvertTo(new HoconSize(5), typeof(long)));
    }
}
