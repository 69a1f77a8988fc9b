namespace NameServer.Actors.Runtime;

/// <summary>
/// A minimal publish/subscribe bus keyed by message type (a subscription to a base type or
/// interface receives every derived event). Subscribers are removed automatically when they stop.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _lock = new();
    private Subscription[] _subscriptions = [];

    /// <summary>Delivers every published event assignable to <typeparamref name="T"/> to <paramref name="subscriber"/>.</summary>
    public void Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    /// <summary>Delivers every published event assignable to <paramref name="eventType"/> to <paramref name="subscriber"/>.</summary>
    public void Subscribe(IActorRef subscriber, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventType);
        lock (_lock)
        {
            if (Array.Exists(_subscriptions, s => s.Subscriber.Equals(subscriber) && s.EventType == eventType))
            {
                return;
            }

            _subscriptions = [.. _subscriptions, new Subscription(subscriber, eventType)];
        }
    }

    /// <summary>Removes the subscription of <paramref name="subscriber"/> to <typeparamref name="T"/>.</summary>
    public void Unsubscribe<T>(IActorRef subscriber) => Remove(s => s.Subscriber.Equals(subscriber) && s.EventType == typeof(T));

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber) => Remove(s => s.Subscriber.Equals(subscriber));

    /// <summary>Tells <paramref name="evt"/> to every matching subscriber (no sender).</summary>
    public void Publish(object evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var type = evt.GetType();
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.EventType.IsAssignableFrom(type))
            {
                subscription.Subscriber.Tell(evt);
            }
        }
    }

    private void Remove(Predicate<Subscription> match)
    {
        lock (_lock)
        {
            if (Array.Exists(_subscriptions, match))
            {
                _subscriptions = Array.FindAll(_subscriptions, s => !match(s));
            }
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type EventType);
}
