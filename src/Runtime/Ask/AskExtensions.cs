namespace NameServer.Actors.Runtime;

/// <summary>Request/response on top of Tell.</summary>
public static class AskExtensions
{
    /// <summary>
    /// Tells <paramref name="message"/> with a temporary ref as sender and completes with the first
    /// reply. A <see cref="Status.Failure"/> reply faults the task with its cause; no reply within
    /// <paramref name="timeout"/> (measured on the system's clock) faults it with
    /// <see cref="AskTimeoutException"/>; <paramref name="cancellationToken"/> cancels it.
    /// </summary>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The Ask timeout must be positive (or infinite).");
        }

        if (target is not IInternalActorRef internalTarget)
        {
            throw new ArgumentException($"{target} is not a ref created by an actor system.", nameof(target));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<object>(cancellationToken);
        }

        var promise = new PromiseActorRef(internalTarget.System, target, message);
        promise.Start(timeout, cancellationToken);
        target.Tell(message, promise);
        return promise.Task;
    }

    /// <summary>
    /// Like <see cref="Ask(IActorRef, object, TimeSpan, CancellationToken)"/>, casting the reply to
    /// <typeparamref name="T"/> (a <see cref="Status.Success"/> is unwrapped when needed); a reply of
    /// another type faults the task with an <see cref="InvalidCastException"/> naming both types.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await Ask(target, message, timeout, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            T typed => typed,
            Status.Success { Value: T value } => value,
            _ => throw new InvalidCastException(
                $"Ask to {target.Path} with {message.GetType().Name} expected a reply of type {typeof(T).Name} but got {reply.GetType().Name}: {reply}"),
        };
    }
}
