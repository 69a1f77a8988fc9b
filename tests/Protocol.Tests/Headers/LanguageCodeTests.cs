using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.Headers;

public sealed class LanguageCodeTests
{
    [Fact]
    public void Name_and_FromName_round_trip_when_code_is_defined()
    {
        foreach (var code in Enum.GetValues<LanguageCode>())
        {
            Assert.Equal(code.ToString(), LanguageCodes.Name(code));
            Assert.Equal(code, LanguageCodes.FromName(LanguageCodes.Name(code)));
            Assert.Equal(code, LanguageCodes.FromOrdinal((long)code));
        }
    }

    [Theory]
    [InlineData("java")]
    [InlineData("")]
    [InlineData("NODEJS")]
    public void FromName_returns_null_when_name_is_unknown_or_differs_in_case(string name)
    {
        Assert.Null(LanguageCodes.FromName(name));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(14)]
    public void FromOrdinal_returns_null_when_out_of_range(long ordinal)
    {
        Assert.Null(LanguageCodes.FromOrdinal(ordinal));
    }
}
