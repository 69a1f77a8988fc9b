using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>
/// The base of every actor. Instances are created by the runtime from <see cref="Props"/> (never
/// with <c>new</c> elsewhere) and process one message at a time.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the instance to the cell that is creating it.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.TakeConstructing()
            ?? throw new InvalidOperationException(
                $"Actor {GetType().Name} must be created by the actor system from Props (ActorOf/Spawn), not with 'new'.");
    }

    /// <summary>The actor's context: self, sender, children, watch, timers...</summary>
    protected IActorContext Context => _cell;

    /// <summary>Shortcut for <c>Context.Self</c>.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>Shortcut for <c>Context.Sender</c>: the sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    internal ActorCell Cell => _cell;

    /// <summary>Processes one message; returns false when the message was not handled.</summary>
    protected internal abstract bool OnReceive(object message);

    /// <summary>
    /// Called for messages no behaviour handled: publishes <see cref="UnhandledMessage"/> on the
    /// event stream and logs at debug level.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.CurrentSender, _cell.Self));
        if (_cell.Log.IsEnabled(LogLevel.Debug))
        {
            _cell.Log.LogDebug("Unhandled message {MessageType} in {Actor}", message.GetType().Name, _cell.Self.Path);
        }
    }

    /// <summary>Runs once after construction, before the first message.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs once after the actor and all its children have stopped.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Runs on the failed instance before it is replaced. The default stops all children and calls
    /// <see cref="PostStop"/>; the new instance is created once those children have stopped.
    /// </summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children)
        {
            _cell.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart; the default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// The strategy applied to this actor's children. The default is the one from
    /// <c>Props.WithSupervisorStrategy</c>, else <see cref="Runtime.SupervisorStrategy.DefaultStrategy"/>.
    /// </summary>
    protected virtual SupervisorStrategy SupervisorStrategy() =>
        _cell.Props.SupervisorStrategy ?? Runtime.SupervisorStrategy.DefaultStrategy;

    /// <summary>Hook for subclasses that finish setting up after their constructor ran.</summary>
    internal virtual void AfterConstruction()
    {
    }

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();
}
