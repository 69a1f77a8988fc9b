using System.ComponentModel;

namespace NameServer.Actors.Hocon.Tests;

public class HoconDurationTests
{
    [Theory]
    [InlineData("10ns", 10L)]
    [InlineData("1 nanosecond", 1L)]
    [InlineData("5 nanos", 5L)]
    [InlineData("3us", 3_000L)]
    [InlineData("3 micros", 3_000L)]
    [InlineData("3 microseconds", 3_000L)]
    [InlineData("7ms", 7_000_000L)]
    [InlineData("7 millis", 7_000_000L)]
    [InlineData("7 milliseconds", 7_000_000L)]
    [InlineData("1 millisecond", 1_000_000L)]
    [InlineData("2s", 2_000_000_000L)]
    [InlineData("1 second", 1_000_000_000L)]
    [InlineData("2 seconds", 2_000_000_000L)]
    [InlineData("2m", 120_000_000_000L)]
    [InlineData("2 minutes", 120_000_000_000L)]
    [InlineData("1h", 3_600_000_000_000L)]
    [InlineData("1 hour", 3_600_000_000_000L)]
    [InlineData("2 hours", 7_200_000_000_000L)]
    [InlineData("1d", 86_400_000_000_000L)]
    [InlineData("3 days", 259_200_000_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("  250  ", 250_000_000L)]
    [InlineData("-5s", -5_000_000_000L)]
    public void ParseNanoseconds_understands_every_unit(string text, long nanos)
    {
        Assert.Equal(nanos, HoconDuration.ParseNanoseconds(text));
    }

    [Fact]
    public void Parse_treats_bare_number_as_milliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5000), HoconDuration.Parse("5000").Value);
    }

    [Theory]
    [InlineData("10 fortnights", "unknown duration unit 'fortnights'")]
    [InlineData("10 S", "unknown duration unit 'S'")]
    [InlineData("ten seconds", "is not a duration")]
    [InlineData("", "is not a duration")]
    [InlineData("5s 3ms", "is not a duration")]
    public void Parse_throws_clear_error_when_text_is_not_a_duration(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => HoconDuration.Parse(text));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.False(HoconDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(1_500, "1500ms")]
    [InlineData(120_000, "2m")]
    [InlineData(0, "0ms")]
    public void ToString_uses_largest_exact_unit(long millis, string text)
    {
        var duration = new HoconDuration(TimeSpan.FromMilliseconds(millis));

        Assert.Equal(text, duration.ToString());
        Assert.Equal(duration, HoconDuration.Parse(text));
    }

    [Fact]
    public void Converter_converts_text_to_duration_and_back()
    {
        var converter = TypeDescriptor.GetConverter(typeof(HoconDuration));

        Assert.IsType<HoconDurationConverter>(converter);
        Assert.True(converter.CanConvertFrom(typeof(string)));
        Assert.Equal(new HoconDuration(TimeSpan.FromMinutes(2)), converter.ConvertFromInvariantString("2 minutes"));
        Assert.Equal("10s", converter.ConvertToInvariantString(new HoconDuration(TimeSpan.FromSeconds(10))));
        Assert.Equal(TimeSpan.FromSeconds(1), converter.ConvertTo(new HoconDuration(TimeSpan.FromSeconds(1)), typeof(TimeSpan)));
    }

    [Fact]
    public void Duration_converts_implicitly_to_time_span()
    {
        TimeSpan value = HoconDuration.Parse("3s");

        Assert.Equal(TimeSpan.FromSeconds(3), value);
    }
}
