using System.Collections.Concurrent;
using Akka.Actor;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing;

/// <summary>
/// Which brokers may re-register without their body being decoded, as RouteTable last judged it: per live broker,
/// the fingerprint of its last registration and the session it came through. Written by RouteTable alone, read by
/// connections without a hop (like <see cref="RouteSnapshots"/>).
/// </summary>
/// <remarks>
/// A broker re-registers its whole topic table every 30 s, and a large one's body (10,000 topics, about 1 MB) costs
/// milliseconds to decode while it almost never changes. A connection that finds the same fingerprint here, for the
/// same session, sends <see cref="SessionRefresh"/> instead. RouteTable removes an entry in the same turn as any edit
/// that could make the broker's registration do more than refresh its timestamp
/// (<see cref="RouteTableState.CanRefresh"/>), so an entry a connection still sees was valid at some instant after
/// the registration arrived; a refresh that reaches RouteTable after such an edit is answered as the registration
/// would have been just before the edit.
/// </remarks>
public sealed class UnchangedRegistrations
{
    private readonly ConcurrentDictionary<BrokerLiveKey, Entry> _entries = new();

    /// <summary>Brokers that may currently re-register unchanged.</summary>
    public int Count => _entries.Count;

    /// <summary>True when <paramref name="session"/>'s last registration of <paramref name="key"/> had <paramref name="fingerprint"/> and still stands.</summary>
    public bool Matches(BrokerLiveKey key, UInt128 fingerprint, IActorRef session) =>
        _entries.TryGetValue(key, out var entry) && entry.Fingerprint == fingerprint && entry.Session.Equals(session);

    internal void Set(BrokerLiveKey key, UInt128 fingerprint, long connectionEpoch, IActorRef session) =>
        _entries[key] = new Entry(fingerprint, connectionEpoch, session);

    internal void Remove(BrokerLiveKey key) => _entries.TryRemove(key, out _);

    /// <summary>Drops every entry the state no longer vouches for.</summary>
    internal void Revalidate(RouteTableState state)
    {
        foreach (var (key, entry) in _entries)
        {
            if (!state.CanRefresh(key, entry.Fingerprint, entry.ConnectionEpoch))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(UInt128 Fingerprint, long ConnectionEpoch, IActorRef Session);
}
