namespace NameServer.Actors.Routing.TestKit.Tests;

public sealed class ChurnViolationExceptionTests
{
    [Fact]
    public void Message_names_seed_step_time_and_every_violation_when_there_are_few()
    {
        var error = new ChurnViolationException(1234, 17, TimeSpan.FromSeconds(42), ["broker a is still live", "topic t is not routable"]);

        Assert.Contains("seed 1234", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 17", error.Message, StringComparison.Ordinal);
        Assert.Contains("+00:00:42", error.Message, StringComparison.Ordinal);
        Assert.Contains("Seed = 1234", error.Message, StringComparison.Ordinal);
        Assert.Contains("broker a is still live", error.Message, StringComparison.Ordinal);
        Assert.Contains("topic t is not routable", error.Message, StringComparison.Ordinal);
        Assert.Equal(1234, error.Seed);
        Assert.Equal(17, error.Step);
        Assert.Equal(2, error.Violations.Count);
    }

    [Fact]
    public void Message_shows_the_first_twenty_violations_when_there_are_more()
    {
        var violations = Enumerable.Range(0, 25).Select(i => $"violation {i:D2}").ToArray();

        var error = new ChurnViolationException(1, 2, TimeSpan.Zero, violations);

        Assert.Contains("violation 19", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("violation 20", error.Message, StringComparison.Ordinal);
        Assert.Contains("and 5 more", error.Message, StringComparison.Ordinal);
        Assert.Equal(25, error.Violations.Count);
    }
}
