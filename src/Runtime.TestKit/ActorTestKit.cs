using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace NameServer.Actors.Runtime.TestKit;

/// <summary>
/// Base class for actor tests: each test gets its own <see cref="ActorSystem"/> (<see cref="Sys"/>)
/// on a virtual clock (<see cref="Clock"/>), a default probe (<see cref="TestActor"/>), captured
/// logs (<see cref="Logs"/>, also written to the test output when given), and the system is shut
/// down after the test.
/// </summary>
public abstract class ActorTestKit : IAsyncLifetime
{
    /// <summary>Creates the kit without test output.</summary>
    protected ActorTestKit()
        : this(null)
    {
    }

    /// <summary>Creates the kit; logs go to <paramref name="output"/> when given.</summary>
    protected ActorTestKit(ITestOutputHelper? output, SupervisorStrategy? guardianStrategy = null)
    {
        Clock = new ManualTimeProvider();
        Logs = new TestLoggerFactory(output);
        Sys = ActorSystem.Create("test", new ActorSystemOptions
        {
            Time = Clock,
            LoggerFactory = Logs,
            GuardianStrategy = guardianStrategy,
        });
        TestActor = CreateTestProbe("testActor");
    }

    /// <summary>The system under test.</summary>
    protected ActorSystem Sys { get; }

    /// <summary>The virtual clock driving <see cref="Sys"/>.</summary>
    protected ManualTimeProvider Clock { get; }

    /// <summary>Everything logged by <see cref="Sys"/>.</summary>
    protected TestLoggerFactory Logs { get; }

    /// <summary>The default probe.</summary>
    protected TestProbe TestActor { get; }

    /// <summary>A new probe in <see cref="Sys"/>.</summary>
    protected TestProbe CreateTestProbe(string? name = null) => new(Sys, name);

    /// <summary>Watches <paramref name="target"/> with <see cref="TestActor"/>.</summary>
    protected IActorRef Watch(IActorRef target) => TestActor.Watch(target);

    /// <summary>Stops watching <paramref name="target"/> with <see cref="TestActor"/>.</summary>
    protected void Unwatch(IActorRef target) => TestActor.Unwatch(target);

    /// <summary>Expects <see cref="TestActor"/>'s next message to be <see cref="Terminated"/> for <paramref name="target"/>.</summary>
    protected Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => TestActor.ExpectTerminated(target, timeout);

    /// <summary>Expects <see cref="TestActor"/>'s next message to be a <typeparamref name="T"/>.</summary>
    protected T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null) => TestActor.ExpectMsg(predicate, timeout);

    /// <summary>Expects <see cref="TestActor"/>'s next message to equal <paramref name="expected"/>.</summary>
    protected object ExpectMsg(object expected, TimeSpan? timeout = null) => TestActor.ExpectMsg(expected, timeout);

    /// <summary>Expects no message for <see cref="TestActor"/> during <paramref name="duration"/>.</summary>
    protected void ExpectNoMsg(TimeSpan? duration = null) => TestActor.ExpectNoMsg(duration);

    /// <summary>
    /// Retries <paramref name="assertion"/> every <paramref name="interval"/> (default 10 ms, real
    /// time) until it passes or <paramref name="duration"/> (default 3 s) is over, then rethrows.
    /// </summary>
    protected static void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var limit = duration ?? TestProbe.DefaultTimeout;
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (elapsed.Elapsed < limit)
            {
                Thread.Sleep(pause);
            }
        }
    }

    /// <summary>Waits (real time, polling) until <paramref name="condition"/> holds, or fails with <paramref name="message"/>.</summary>
    protected static void AwaitCondition(Func<bool> condition, TimeSpan? duration = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = duration ?? TestProbe.DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed >= limit)
            {
                throw new XunitException($"Condition not met within {limit}{(message is null ? "." : ": " + message)}");
            }

            Thread.Sleep(5);
        }
    }

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
