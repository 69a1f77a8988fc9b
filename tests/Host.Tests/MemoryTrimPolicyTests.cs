namespace NameServer.Actors.Host.Tests;

/// <summary>When namesrv compacts its heap (<c>MemoryTrimmer</c>): after a burst, once the process is quiet, and not again until the next burst.</summary>
public sealed class MemoryTrimPolicyTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void ShouldTrim_is_true_when_a_burst_was_followed_by_a_quiet_interval()
    {
        var policy = new MemoryTrimPolicy(32 * MiB);

        var duringBurst = policy.ShouldTrim(200 * MiB, fullCollections: 3);
        var quiet = policy.ShouldTrim(201 * MiB, fullCollections: 3);

        Assert.False(duringBurst);
        Assert.True(quiet);
    }

    [Fact]
    public void ShouldTrim_is_false_when_allocation_goes_on()
    {
        var policy = new MemoryTrimPolicy(32 * MiB);
        var allocated = 0L;

        for (var i = 0; i < 10; i++)
        {
            allocated += 40 * MiB;
            Assert.False(policy.ShouldTrim(allocated, fullCollections: 1));
        }
    }

    [Fact]
    public void ShouldTrim_is_false_when_little_was_allocated_since_the_last_full_collection()
    {
        var policy = new MemoryTrimPolicy(32 * MiB);
        policy.ShouldTrim(200 * MiB, fullCollections: 3);
        Assert.True(policy.ShouldTrim(201 * MiB, fullCollections: 3));

        // The trim was a full collection: the next look starts counting from there.
        var afterTrim = policy.ShouldTrim(202 * MiB, fullCollections: 4);
        var stillQuiet = policy.ShouldTrim(203 * MiB, fullCollections: 4);

        Assert.False(afterTrim);
        Assert.False(stillQuiet);
    }

    [Fact]
    public void ShouldTrim_is_true_again_when_a_later_burst_went_quiet()
    {
        var policy = new MemoryTrimPolicy(32 * MiB);
        policy.ShouldTrim(10 * MiB, fullCollections: 0);
        policy.ShouldTrim(11 * MiB, fullCollections: 1);

        var burst = policy.ShouldTrim(60 * MiB, fullCollections: 1);
        var quiet = policy.ShouldTrim(61 * MiB, fullCollections: 1);

        Assert.False(burst);
        Assert.True(quiet);
    }
}
