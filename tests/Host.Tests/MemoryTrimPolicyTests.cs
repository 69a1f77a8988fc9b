namespace NameServer.Actors.Host.Tests;

/// <summary>When namesrv compacts its heap (<c>MemoryTrimmer</c>): after a burst, once the process is quiet, and not again until the next burst.</summary>
public sealed class MemoryTrimPolicyTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void ShouldTrim_is_true_when_a_burst_was_followed_by_a_quiet_interval()
    {
        var policy = new MemoryTrimPolicy(32 * MiB, 32 * MiB);

        var duringBurst = policy.ShouldTrim(200 * MiB, fullCollections: 3, heapBytes: 0);
        var quiet = policy.ShouldTrim(201 * MiB, fullCollections: 3, heapBytes: 0);

        Assert.False(duringBurst);
        Assert.True(quiet);
    }

    [Fact]
    public void ShouldTrim_is_false_when_allocation_goes_on()
    {
        var policy = new MemoryTrimPolicy(32 * MiB, 32 * MiB);
        var allocated = 0L;

        for (var i = 0; i < 10; i++)
        {
            allocated += 40 * MiB;
            Assert.False(policy.ShouldTrim(allocated, fullCollections: 1, heapBytes: 0));
        }
    }

    [Fact]
    public void ShouldTrim_is_false_when_little_was_allocated_since_the_last_full_collection()
    {
        var policy = new MemoryTrimPolicy(32 * MiB, 32 * MiB);
        policy.ShouldTrim(200 * MiB, fullCollections: 3, heapBytes: 0);
        Assert.True(policy.ShouldTrim(201 * MiB, fullCollections: 3, heapBytes: 0));

        // The trim was a full collection: the next look starts counting from there.
        var afterTrim = policy.ShouldTrim(202 * MiB, fullCollections: 4, heapBytes: 0);
        var stillQuiet = policy.ShouldTrim(203 * MiB, fullCollections: 4, heapBytes: 0);

        Assert.False(afterTrim);
        Assert.False(stillQuiet);
    }

    [Fact]
    public void ShouldTrim_is_true_again_when_a_later_burst_went_quiet()
    {
        var policy = new MemoryTrimPolicy(32 * MiB, 32 * MiB);
        policy.ShouldTrim(10 * MiB, fullCollections: 0, heapBytes: 0);
        policy.ShouldTrim(11 * MiB, fullCollections: 1, heapBytes: 0);

        var burst = policy.ShouldTrim(60 * MiB, fullCollections: 1, heapBytes: 0);
        var quiet = policy.ShouldTrim(61 * MiB, fullCollections: 1, heapBytes: 0);

        Assert.False(burst);
        Assert.True(quiet);
    }

    [Fact]
    public void ShouldTrim_is_true_when_a_small_burst_never_ended_in_a_collection()
    {
        // A small table's query burst stays inside the gen0 budget: no collection at all, yet its garbage is resident.
        var policy = new MemoryTrimPolicy(8 * MiB, 32 * MiB);

        var burst = policy.ShouldTrim(20 * MiB, fullCollections: 0, heapBytes: 0);
        var quiet = policy.ShouldTrim(20 * MiB + 100_000, fullCollections: 0, heapBytes: 0);

        Assert.False(burst);
        Assert.True(quiet);
    }

    [Fact]
    public void ShouldTrim_is_false_when_a_heap_allocated_less_than_half_itself()
    {
        var policy = new MemoryTrimPolicy(8 * MiB, 32 * MiB);
        policy.ShouldTrim(100 * MiB, fullCollections: 2, heapBytes: 40 * MiB);
        policy.ShouldTrim(101 * MiB, fullCollections: 3, heapBytes: 40 * MiB);

        var burst = policy.ShouldTrim(115 * MiB, fullCollections: 3, heapBytes: 40 * MiB);
        var quietAfterSmallBurst = policy.ShouldTrim(116 * MiB, fullCollections: 3, heapBytes: 40 * MiB);
        var largerBurst = policy.ShouldTrim(125 * MiB, fullCollections: 3, heapBytes: 40 * MiB);
        var quietAfterLargerBurst = policy.ShouldTrim(126 * MiB, fullCollections: 3, heapBytes: 40 * MiB);

        Assert.False(burst);
        Assert.False(quietAfterSmallBurst);
        Assert.False(largerBurst);
        Assert.True(quietAfterLargerBurst);
    }

    [Fact]
    public void ShouldTrim_is_true_when_a_large_heap_allocated_the_cap()
    {
        var policy = new MemoryTrimPolicy(8 * MiB, 32 * MiB);
        policy.ShouldTrim(100 * MiB, fullCollections: 2, heapBytes: 400 * MiB);
        policy.ShouldTrim(101 * MiB, fullCollections: 3, heapBytes: 400 * MiB);

        var burst = policy.ShouldTrim(150 * MiB, fullCollections: 3, heapBytes: 400 * MiB);
        var quiet = policy.ShouldTrim(151 * MiB, fullCollections: 3, heapBytes: 400 * MiB);

        Assert.False(burst);
        Assert.True(quiet);
    }

    [Fact]
    public void ShouldTrim_is_true_once_more_at_the_next_quiet_check_when_a_trim_freed_little()
    {
        var policy = PolicyThatJustTrimmed();

        // 254 -> 235 MiB: the burst's buffers were still in use when it ran.
        policy.Trimmed(workingSetBefore: 254 * MiB, workingSetAfter: 235 * MiB);
        var busy = policy.ShouldTrim(230 * MiB, fullCollections: 4, heapBytes: 180 * MiB);
        var followUp = policy.ShouldTrim(231 * MiB, fullCollections: 4, heapBytes: 180 * MiB);
        policy.Trimmed(workingSetBefore: 240 * MiB, workingSetAfter: 235 * MiB);
        var afterFollowUp = policy.ShouldTrim(232 * MiB, fullCollections: 5, heapBytes: 50 * MiB);
        var stillQuiet = policy.ShouldTrim(233 * MiB, fullCollections: 5, heapBytes: 50 * MiB);

        Assert.False(busy);
        Assert.True(followUp);
        Assert.False(afterFollowUp);
        Assert.False(stillQuiet);
    }

    [Fact]
    public void ShouldTrim_is_false_after_a_trim_that_freed_much_until_the_next_burst()
    {
        var policy = PolicyThatJustTrimmed();

        policy.Trimmed(workingSetBefore: 268 * MiB, workingSetAfter: 143 * MiB);
        var next = policy.ShouldTrim(202 * MiB, fullCollections: 4, heapBytes: 50 * MiB);
        var later = policy.ShouldTrim(203 * MiB, fullCollections: 4, heapBytes: 50 * MiB);

        Assert.False(next);
        Assert.False(later);
    }

    // A burst of 200 MiB, then a quiet look: the policy has just asked for a trim.
    private static MemoryTrimPolicy PolicyThatJustTrimmed()
    {
        var policy = new MemoryTrimPolicy(8 * MiB, 32 * MiB);
        policy.ShouldTrim(200 * MiB, fullCollections: 3, heapBytes: 100 * MiB);
        Assert.True(policy.ShouldTrim(201 * MiB, fullCollections: 3, heapBytes: 100 * MiB));
        return policy;
    }
}
