namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// A <see cref="ChurnSimulation"/> found the NameServer breaking a rule (or not answering). The message names the seed,
/// the step and the virtual time, and lists the violated invariants, so the run can be replayed with that seed.
/// </summary>
public sealed class ChurnViolationException : Exception
{
    /// <summary>A failure without details (the standard exception constructors are kept for serializers and tools).</summary>
    public ChurnViolationException()
        : this("Churn simulation failed.")
    {
    }

    /// <summary>A failure described by <paramref name="message"/> alone (no seed or step).</summary>
    public ChurnViolationException(string message)
        : base(message)
    {
        Violations = [message];
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public ChurnViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violations = [message];
    }

    internal ChurnViolationException(int seed, int step, TimeSpan virtualTime, IReadOnlyList<string> violations, Exception? inner = null)
        : base(Describe(seed, step, virtualTime, violations), inner)
    {
        Seed = seed;
        Step = step;
        VirtualTime = virtualTime;
        Violations = violations;
    }

    /// <summary>The seed of the failing run.</summary>
    public int Seed { get; }

    /// <summary>The step after which the violation was seen (0: during set-up).</summary>
    public int Step { get; }

    /// <summary>Virtual time since the start of the run at that step.</summary>
    public TimeSpan VirtualTime { get; }

    /// <summary>Every violation found at that step.</summary>
    public IReadOnlyList<string> Violations { get; }

    private static string Describe(int seed, int step, TimeSpan virtualTime, IReadOnlyList<string> violations)
    {
        const int Shown = 20;
        var lines = violations.Take(Shown).Select(v => "  - " + v);
        var more = violations.Count > Shown ? $"{Environment.NewLine}  ... and {violations.Count - Shown} more" : "";
        return $"Churn simulation with seed {seed} failed at step {step} (virtual time +{virtualTime}): "
            + $"{violations.Count} invariant violation(s); replay with `options with {{ Seed = {seed} }}`."
            + Environment.NewLine + string.Join(Environment.NewLine, lines) + more;
    }
}
