namespace NameServer.Actors.Runtime;

/// <summary>
/// Decides what happens to a child that threw. A supervisor applies its strategy to its own
/// children (set with <c>Props.WithSupervisorStrategy</c> or by overriding
/// <c>ActorBase.SupervisorStrategy()</c>).
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>
    /// Akka's default: stop on <see cref="ActorInitializationException"/> and
    /// <see cref="ActorKilledException"/>, restart (without limit) on any other exception.
    /// </summary>
    public static SupervisorStrategy DefaultStrategy { get; } =
        new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, DefaultDecider);

    /// <summary>Stops any failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } =
        new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, _ => Directive.Stop);

    /// <summary>The decider used by <see cref="DefaultStrategy"/>.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for <paramref name="cause"/>, before restart limits are applied.</summary>
    public abstract Directive Decide(Exception cause);

    /// <summary>
    /// The final directive for one failure of one child: a restart that exceeds the strategy's
    /// limits becomes <see cref="Directive.Stop"/>.
    /// </summary>
    internal abstract Directive Handle(ChildRestartStats stats, Exception cause, DateTimeOffset now);
}

/// <summary>Applies the decision to the failing child only (Akka's OneForOneStrategy).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    /// <summary>
    /// Creates the strategy. More than <paramref name="maxNrOfRetries"/> restarts within
    /// <paramref name="withinTimeRange"/> stop the child; a negative count means no limit and
    /// <see cref="Timeout.InfiniteTimeSpan"/> (or zero) means no window.
    /// </summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (withinTimeRange < TimeSpan.Zero && withinTimeRange != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), withinTimeRange, "The time range must not be negative.");
        }

        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : withinTimeRange;
        _decider = decider;
    }

    /// <summary>Creates a strategy with no restart limit.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    /// <summary>The maximum number of restarts within the window; negative for no limit.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window for counting restarts; infinite for no window.</summary>
    public TimeSpan WithinTimeRange { get; }

    /// <inheritdoc />
    public override Directive Decide(Exception cause) => _decider(cause);

    internal override Directive Handle(ChildRestartStats stats, Exception cause, DateTimeOffset now)
    {
        var directive = Decide(cause);
        if (directive == Directive.Restart && !stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, now))
        {
            return Directive.Stop;
        }

        return directive;
    }
}

/// <summary>Per-child restart bookkeeping kept by the supervisor.</summary>
internal sealed class ChildRestartStats
{
    private int _restarts;
    private DateTimeOffset? _windowStart;

    internal bool RequestRestartPermission(int maxNrOfRetries, TimeSpan window, DateTimeOffset now)
    {
        if (maxNrOfRetries == 0)
        {
            return false;
        }

        var unlimitedWindow = window == Timeout.InfiniteTimeSpan;
        if (maxNrOfRetries < 0 && unlimitedWindow)
        {
            return true;
        }

        if (unlimitedWindow)
        {
            _restarts++;
            return _restarts <= maxNrOfRetries;
        }

        if (_windowStart is null || now - _windowStart.Value > window)
        {
            // A new window starts with this restart.
            _windowStart = now;
            _restarts = 1;
            return true;
        }

        _restarts++;
        return maxNrOfRetries < 0 || _restarts <= maxNrOfRetries;
    }
}
