using Microsoft.Extensions.Logging;
using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Scheduling;

public sealed class SchedulerTests : ActorTestKit
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public void ScheduleTellOnce_delivers_once_when_the_delay_has_passed()
    {
        Sys.Scheduler.ScheduleTellOnce(OneSecond, TestActor, "tick", Sys.DeadLetters);

        Clock.Advance(OneSecond - TimeSpan.FromTicks(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromTicks(1));
        ExpectMsg("tick");
        Assert.Same(Sys.DeadLetters, TestActor.LastSender);

        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void ScheduleTellRepeatedly_delivers_every_interval_after_the_initial_delay()
    {
        Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(5), OneSecond, TestActor, "tick");

        Clock.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(4));

        for (var i = 0; i < 4; i++)
        {
            ExpectMsg("tick");
        }

        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Cancel_prevents_further_deliveries()
    {
        var once = Sys.Scheduler.ScheduleTellOnce(OneSecond, TestActor, "once");
        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(OneSecond, OneSecond, TestActor, "repeated");
        Clock.Advance(OneSecond);
        ExpectMsg<string>();
        ExpectMsg<string>();

        once.Cancel();
        repeated.Cancel();
        Clock.Advance(TimeSpan.FromSeconds(10));

        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.True(repeated.IsCancellationRequested);
        Assert.Equal(0, Clock.ActiveTimerCount);
    }

    [Fact]
    public void Repeated_tick_logs_a_warning_when_it_fires_later_than_one_interval()
    {
        Sys.Scheduler.ScheduleTellRepeatedly(OneSecond, OneSecond, TestActor, "tick");
        Clock.Advance(OneSecond);
        ExpectMsg("tick");
        Assert.DoesNotContain(Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(0, Sys.LateTicks);

        // The process "freezes" for 5 s: the tick due at 2 s fires at 6 s.
        Clock.Jump(TimeSpan.FromSeconds(5));
        Clock.Advance(TimeSpan.Zero);

        ExpectMsg("tick");
        Assert.Equal(1, Sys.LateTicks);
        var warning = Assert.Single(Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(TestActor.Path.ToString(), warning.Message);
        Assert.Contains("00:00:04", warning.Message);

        // Missed ticks are skipped, not fired in a burst; the schedule resumes one interval later.
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(OneSecond);
        ExpectMsg("tick");
    }

    [Fact]
    public void Repeated_tick_logs_no_warning_when_on_time()
    {
        Sys.Scheduler.ScheduleTellRepeatedly(OneSecond, OneSecond, TestActor, "tick");

        Clock.Advance(TimeSpan.FromSeconds(10));

        for (var i = 0; i < 10; i++)
        {
            ExpectMsg("tick");
        }

        Assert.DoesNotContain(Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(0, Sys.LateTicks);
    }

    [Fact]
    public void Schedule_rejects_a_negative_delay_or_non_positive_interval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(-1), TestActor, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellRepeatedly(OneSecond, TimeSpan.Zero, TestActor, "x"));
    }

    [Fact]
    public async Task Pending_schedules_are_cancelled_when_the_system_terminates()
    {
        Sys.Scheduler.ScheduleTellRepeatedly(OneSecond, OneSecond, TestActor, "tick");

        await Sys.Terminate();
        Clock.Advance(TimeSpan.FromSeconds(5));

        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, Clock.ActiveTimerCount);
    }
}
