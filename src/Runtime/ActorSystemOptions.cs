using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NameServer.Actors.Runtime;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>The clock driving the scheduler, timers and Ask timeouts (a manual clock in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the runtime and actors log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The strategy of the <c>/user</c> guardian for top-level actors; null means the default (restart).</summary>
    public SupervisorStrategy? GuardianStrategy { get; init; }

    /// <summary>How many user messages an actor processes before yielding its thread to other actors.</summary>
    public int Throughput { get; init; } = 100;
}
