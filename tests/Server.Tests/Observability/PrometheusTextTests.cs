namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>The test-side validator must itself reject what the format forbids, or the exporter tests prove little.</summary>
public sealed class PrometheusTextTests
{
    private const string Histogram =
        "# HELP h_seconds x\n# TYPE h_seconds histogram\n" +
        "h_seconds_bucket{le=\"0.1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 0.5\nh_seconds_count 2\n";

    [Fact]
    public void Parser_accepts_a_well_formed_exposition_when_given_one()
    {
        var scrape = PrometheusText.Parse(
            "# TYPE a_total counter\n# HELP a_total Things, with a \\\\ and a \\n.\n" +
            "a_total{k=\"v\\\"q\\\\\\n\"} 1\na_total{k=\"w\"} 2.5e+3\n" + Histogram);

        Assert.Equal("Things, with a \\ and a \n.", scrape.Family("a_total").Help);
        Assert.Equal(1, scrape.Value("a_total", ("k", "v\"q\\\n")));
        Assert.Equal(2500, scrape.Value("a_total", ("k", "w")));
        Assert.Equal(2, scrape.Value("h_seconds_count"));
    }

    [Theory]
    [InlineData("a 1\n", "before its family's HELP and TYPE")]
    [InlineData("# HELP a x\na 1\n", "before its family's HELP and TYPE")]
    [InlineData("# TYPE a counter\na 1\n", "before its family's HELP and TYPE")]
    [InlineData("# HELP a x\n# TYPE b counter\nb 1\n", "HELP without TYPE")]
    [InlineData("# HELP a x\n# HELP a x\n# TYPE a counter\na 1\n", "HELP a twice")]
    [InlineData("# HELP a x\n# TYPE a counter\na 1", "end with a line feed")]
    [InlineData("# HELP a x\n# TYPE a counter\nb 1\n", "does not belong")]
    [InlineData("# HELP a x\n# TYPE a counter\na  1\n", "bad value")]
    [InlineData("# HELP a x\n# TYPE a counter\na{k=v} 1\n", "quoted")]
    [InlineData("# HELP a x\n# TYPE a counter\na{k=\"\\t\"} 1\n", "bad escape")]
    [InlineData("# HELP a x\n# TYPE a counter\na{k=\"1\",k=\"2\"} 1\n", "twice")]
    [InlineData("# HELP a x\n# TYPE a counter\na{1k=\"1\"} 1\n", "bad label name")]
    [InlineData("# HELP a x\n# TYPE a counter\na{k=\"b\"} 1\na{k=\"b\"} 1\n", "series {k=\"b\"} twice")]
    [InlineData("# HELP a x\n# TYPE a gauge\na 1\n# HELP a x\n# TYPE a gauge\na 1\n", "twice")]
    [InlineData("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "series {} twice")]
    [InlineData("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "decrease")]
    [InlineData("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "+Inf")]
    [InlineData("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n", "_count differs")]
    [InlineData("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", "_sum missing")]
    [InlineData("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "not increasing")]
    public void Parser_rejects_the_exposition_when_it_breaks_the_format(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.Contains(reason, error.Message);
    }
}
