using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.TestKit;

public sealed class ManualTimeProviderTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly ManualTimeProvider _clock = new();
    private readonly List<string> _fired = [];

    private ITimer Timer(string name, TimeSpan due, TimeSpan? period = null) =>
        _clock.CreateTimer(_ => _fired.Add($"{name}@{(_clock.GetUtcNow() - ManualTimeProvider.DefaultStart).TotalSeconds}"), null, due, period ?? Timeout.InfiniteTimeSpan);

    [Fact]
    public void Clock_starts_at_the_default_instant_and_timestamps_follow_it()
    {
        var start = _clock.GetTimestamp();

        _clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(ManualTimeProvider.DefaultStart.AddMilliseconds(1500), _clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), _clock.GetElapsedTime(start));
    }

    [Fact]
    public void Advance_fires_due_timers_in_due_time_order_and_ties_in_creation_order()
    {
        Timer("c", 3 * Second);
        Timer("a1", Second);
        Timer("b", 2 * Second);
        Timer("a2", Second);

        _clock.Advance(10 * Second);

        Assert.Equal(["a1@1", "a2@1", "b@2", "c@3"], _fired);
        Assert.Equal(ManualTimeProvider.DefaultStart + (10 * Second), _clock.GetUtcNow());
    }

    [Fact]
    public void Timers_never_fire_before_their_due_time()
    {
        Timer("a", 2 * Second);

        _clock.Advance(Second);
        _clock.Advance(Second - TimeSpan.FromTicks(1));

        Assert.Empty(_fired);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(["a@2"], _fired);
    }

    [Fact]
    public void Periodic_timer_fires_several_times_within_one_advance()
    {
        Timer("p", Second, 2 * Second);
        Timer("x", 4 * Second);

        _clock.Advance(6 * Second);

        Assert.Equal(["p@1", "p@3", "x@4", "p@5"], _fired);
    }

    [Fact]
    public void Timer_created_by_a_callback_fires_within_the_same_advance_at_its_due_time()
    {
        _clock.CreateTimer(_ => Timer("child", Second), null, Second, Timeout.InfiniteTimeSpan);

        _clock.Advance(5 * Second);

        Assert.Equal(["child@2"], _fired);
    }

    [Fact]
    public void Change_reschedules_and_Dispose_cancels()
    {
        var moved = Timer("moved", Second);
        var disposed = Timer("disposed", Second);
        var stopped = Timer("stopped", Second);

        Assert.True(moved.Change(3 * Second, Timeout.InfiniteTimeSpan));
        disposed.Dispose();
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _clock.Advance(5 * Second);

        Assert.Equal(["moved@3"], _fired);
        Assert.False(disposed.Change(Second, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public void Jump_moves_the_clock_without_firing_and_the_next_advance_fires_late()
    {
        Timer("a", Second);

        _clock.Jump(5 * Second);
        Assert.Empty(_fired);
        _clock.Advance(TimeSpan.Zero);

        Assert.Equal(["a@5"], _fired);
    }

    [Fact]
    public void Advance_rejects_a_negative_delta()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.SetUtcNow(ManualTimeProvider.DefaultStart.AddDays(-1)));
    }

    [Fact]
    public void SetUtcNow_fires_timers_up_to_the_new_instant()
    {
        Timer("a", Second);

        _clock.SetUtcNow(ManualTimeProvider.DefaultStart.AddSeconds(2));

        Assert.Equal(["a@1"], _fired);
    }

    [Fact]
    public async Task Timers_created_from_many_threads_all_fire()
    {
        var count = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                _clock.CreateTimer(_ => Interlocked.Increment(ref count), null, TimeSpan.FromMilliseconds(i), Timeout.InfiniteTimeSpan);
            }
        })));

        _clock.Advance(Second);

        Assert.Equal(1000, count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_timers_fire_exactly_at_their_schedule_in_order_whatever_the_advance_steps(int seed)
    {
        var random = new Random(seed);
        var clock = new ManualTimeProvider();
        var fired = new List<(long At, int Id)>();
        var expected = new List<(long At, int Id)>();
        const long End = 500;
        for (var id = 0; id < 30; id++)
        {
            var due = random.Next(0, 100);
            var period = random.Next(3) == 0 ? 0 : random.Next(1, 50);
            var timerId = id;
            clock.CreateTimer(
                _ => fired.Add(((long)(clock.GetUtcNow() - ManualTimeProvider.DefaultStart).TotalMilliseconds, timerId)),
                null,
                TimeSpan.FromMilliseconds(due),
                period == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(period));
            for (long at = due; at <= End; at += period)
            {
                expected.Add((at, id));
                if (period == 0)
                {
                    break;
                }
            }
        }

        long now = 0;
        while (now < End)
        {
            var step = Math.Min(random.Next(0, 40), End - now);
            clock.Advance(TimeSpan.FromMilliseconds(step));
            now += step;
        }

        Assert.Equal(expected.OrderBy(e => e.At).ThenBy(e => e.Id), fired);
    }
}
