using Microsoft.Extensions.Time.Testing;

namespace NameServer.Actors.Client.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells how many of its timers are armed (due to fire), so that a test can
/// wait until the code under test waits on the clock before advancing it. Time itself is FakeTimeProvider's.
/// </summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private int _armed;

    /// <summary>Timers set to fire: neither disposed, nor stopped, nor one-shot timers that have fired.</summary>
    public int ArmedTimers => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static t => ((ObservedTimer)t!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ObservedTimer(ObservedTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
            }
            return Inner.Change(dueTime, period);
        }

        public void Fire()
        {
            lock (_gate)
            {
                if (!_periodic)
                {
                    SetArmed(false);
                }
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                SetArmed(false);
            }
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed)
        {
            if (armed != _armed)
            {
                _armed = armed;
                Interlocked.Add(ref clock._armed, armed ? 1 : -1);
            }
        }
    }
}
