namespace NameServer.Actors.LoadGen.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Histogram_gives_exact_percentiles_when_values_are_below_the_linear_limit()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 1000; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(1000, histogram.Count);
        Assert.Equal(500, histogram.ValueAtPercentile(50));
        Assert.Equal(990, histogram.ValueAtPercentile(99));
        Assert.Equal(999, histogram.ValueAtPercentile(99.9));
        Assert.Equal(1000, histogram.ValueAtPercentile(100));
        Assert.Equal(1000, histogram.Max);
        Assert.Equal(500.5, histogram.Mean, 3);
    }

    [Fact]
    public void Histogram_stays_within_a_tenth_of_a_percent_when_values_are_large()
    {
        var histogram = new LatencyHistogram();
        long[] values = [2_048, 5_000, 123_457, 999_999, 9_876_543];
        foreach (var value in values)
        {
            var single = new LatencyHistogram();
            single.Record(value);
            single.Record(LatencyHistogram.MaxValue);
            var reported = single.ValueAtPercentile(50);
            Assert.InRange(reported, value, value + (value / 1000) + 1);
            histogram.Record(value);
        }
        Assert.Equal(9_876_543, histogram.Max);
    }

    [Fact]
    public void Histogram_reports_the_tail_when_few_values_are_slow()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 9_990; i++)
        {
            histogram.Record(100);
        }
        for (var i = 0; i < 10; i++)
        {
            histogram.Record(50_000);
        }

        Assert.Equal(100, histogram.ValueAtPercentile(50));
        Assert.Equal(100, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(99.9));
        Assert.InRange(histogram.ValueAtPercentile(99.95), 50_000, 50_050);
        Assert.Equal(50_000, histogram.Max);
    }

    [Fact]
    public void Histogram_clamps_when_values_are_out_of_range()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);

        Assert.Equal(0, histogram.ValueAtPercentile(50));
        Assert.Equal(LatencyHistogram.MaxValue, histogram.Max);
        Assert.Equal(LatencyHistogram.MaxValue, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void Histogram_merges_counts_when_added()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        a.Record(20);
        b.Record(30);
        b.Record(40_000);

        a.Add(b);

        Assert.Equal(4, a.Count);
        Assert.Equal(20, a.ValueAtPercentile(50));
        Assert.Equal(40_000, a.Max);
    }

    [Fact]
    public void Histogram_returns_zero_when_empty_and_rejects_bad_percentiles()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(double.NaN));
    }

    [Fact]
    public void Bucket_index_maps_back_to_a_bound_not_below_the_value_when_round_tripped()
    {
        for (long v = 0; v < 200_000; v += 7)
        {
            var upper = LatencyHistogram.HighestEquivalent(LatencyHistogram.IndexOf(v));
            Assert.InRange(upper, v, v + (v / 1000) + 1);
        }
    }
}
