using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Hocon.Tests.Configuration;

public class HoconConfigurationExtensionsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void GetDuration_parses_units_and_bare_milliseconds()
    {
        var config = Config(("a", "10s"), ("b", "5000"), ("c", "2 minutes"));

        Assert.Equal(TimeSpan.FromSeconds(10), config.GetDuration("a"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("b"));
        Assert.Equal(TimeSpan.FromMinutes(2), config.GetDuration("c"));
    }

    [Fact]
    public void GetDuration_returns_null_or_default_when_key_is_missing()
    {
        var config = Config();

        Assert.Null(config.GetDuration("missing"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("missing", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void GetDuration_names_the_key_when_value_is_invalid()
    {
        var ex = Assert.Throws<FormatException>(() => Config(("nameserver:x", "10 fortnights")).GetDuration("nameserver:x"));

        Assert.Contains("nameserver:x", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fortnights", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetBytes_parses_units_and_bare_bytes()
    {
        var config = Config(("a", "16MiB"), ("b", "1000"), ("c", "1kB"));

        Assert.Equal(16L * 1024 * 1024, config.GetBytes("a"));
        Assert.Equal(1000, config.GetBytes("b"));
        Assert.Equal(1000, config.GetBytes("c"));
        Assert.Null(config.GetBytes("missing"));
        Assert.Equal(7, config.GetBytes("missing", 7));
    }

    [Fact]
    public void GetBytes_names_the_key_when_value_is_invalid()
    {
        var ex = Assert.Throws<FormatException>(() => Config(("k", "3 parsecs")).GetBytes("k"));

        Assert.Contains("'k'", ex.Message, StringComparison.Ordinal);
    }
}
