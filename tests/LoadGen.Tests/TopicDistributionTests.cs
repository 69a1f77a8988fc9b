namespace NameServer.Actors.LoadGen.Tests;

public class TopicDistributionTests
{
    [Fact]
    public void Uniform_distribution_covers_every_topic_evenly_when_sampled_often()
    {
        var picker = new TopicPicker(new TopicDistribution(10, DistributionKind.Uniform, 1), 7);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            counts[picker.Next()]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Zipf_distribution_favours_the_first_topics_when_skewed()
    {
        var picker = new TopicPicker(new TopicDistribution(100, DistributionKind.Zipf, 1.2), 3);
        var counts = new int[100];
        for (var i = 0; i < 100_000; i++)
        {
            counts[picker.Next()]++;
        }

        Assert.True(counts[0] > counts[1] && counts[1] > counts[10] && counts[10] > counts[99]);
        // Weight of topic 0 is 1 / sum(1/k^1.2, k = 1..100) ≈ 0.277.
        Assert.InRange(counts[0], 25_500, 30_000);
    }

    [Fact]
    public void Zipf_distribution_rejects_a_skew_when_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicDistribution(5, DistributionKind.Zipf, 0));
    }
}
