using System.Diagnostics;
using Akka.Actor;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.TestKit;

internal sealed partial class ChurnRun
{
    /// <summary>The scan of this step (<c>docs/BEHAVIOUR.md</c>, "Expiry"): a broker silent for longer than its timeout is gone, its connection closed.</summary>
    private void ExpireSilent(StepWork work)
    {
        foreach (var broker in _brokers)
        {
            if (broker.InNameServer && _nowMillis - broker.LastRefreshMillis > TimeoutMillis(broker))
            {
                work.Touch(broker);
                work.Expired.Add(broker.Session!);
                GoOffline(broker, work);
                Count(ChurnEventKind.Expired, broker);
            }
        }
    }

    private void ChooseEvents(StepWork work)
    {
        var o = _options;
        // Late closes first: the connections they close were replaced in an earlier step.
        for (var i = _stale.Count - 1; i >= 0; i--)
        {
            var (closeAt, session, broker) = _stale[i];
            if (closeAt <= _nowMillis)
            {
                _stale.RemoveAt(i);
                work.Closes.Add(session);
                Count(ChurnEventKind.LateClose, broker, $"old connection {session.Path.Name}");
            }
        }

        Repeat(o.CrashesPerStep, () =>
        {
            var broker = RandomBroker();
            if (broker.InNameServer && work.Touch(broker))
            {
                work.Closes.Add(broker.Session!);
                GoOffline(broker, work);
                Count(ChurnEventKind.Crash, broker);
            }
        });
        Repeat(o.SilencesPerStep, () =>
        {
            var broker = RandomBroker();
            if (broker.Phase == BrokerPhase.Live && work.Touch(broker))
            {
                broker.Phase = BrokerPhase.Silent;
                Count(ChurnEventKind.Silence, broker);
            }
        });
        Repeat(o.ReconnectsPerStep, () =>
        {
            var broker = RandomBroker();
            if (broker.Phase == BrokerPhase.Live && work.Touch(broker))
            {
                work.Opens.Add((broker, ChurnEventKind.Reconnect));
            }
        });
        Repeat(o.UnregistersPerStep, () =>
        {
            var broker = RandomBroker();
            if (broker.Phase == BrokerPhase.Live && work.Touch(broker))
            {
                work.Unregisters.Add((broker, broker.Session!));
                GoOffline(broker, work);
                Count(ChurnEventKind.Unregister, broker);
            }
        });
        Repeat(o.FailoversPerStep, () =>
        {
            var orphaned = _groups.Where(g => !g.Master.InNameServer && !work.IsTouched(g.Master) && Promotable(g, work) is not null).ToList();
            if (orphaned.Count == 0)
            {
                return;
            }
            var group = orphaned[_random.Next(orphaned.Count)];
            var master = group.Master;
            var promoted = Promotable(group, work)!;
            // The old master sits this step out, so that it comes back only after the promotion is applied.
            work.Touch(master);
            work.Touch(promoted);
            (master.BrokerId, promoted.BrokerId) = (promoted.BrokerId, 0);
            group.Members.Sort((a, b) => a.BrokerId.CompareTo(b.BrokerId));
            work.Registers.Add((promoted, ChurnEventKind.Failover));
            Count(ChurnEventKind.Failover, promoted, $"replaces {master.Addr}, which will return as id {master.BrokerId}");
        });
        Repeat(o.TopicAddsPerStep, () =>
        {
            var group = _groups[_random.Next(_groups.Count)];
            var master = group.Master;
            if (_topicPool.Length == 0 || master.Phase != BrokerPhase.Live || work.IsTouched(master))
            {
                return;
            }
            var added = new List<string>();
            var wanted = _random.Next(1, 4);
            for (var attempt = 0; attempt < 10 && added.Count < wanted; attempt++)
            {
                var topic = _topicPool[_random.Next(_topicPool.Length)];
                if (!group.Table.ContainsKey(topic))
                {
                    AddTopic(group, topic, QueueCounts[_random.Next(QueueCounts.Length)], BusinessPerm);
                    added.Add(topic);
                }
            }
            if (added.Count > 0)
            {
                work.Touch(master);
                group.NewVersion(_nowMillis);
                work.Registers.Add((master, ChurnEventKind.TopicAdded));
                Count(ChurnEventKind.TopicAdded, master, string.Join(",", added));
            }
        });
        Repeat(o.TopicRemovesPerStep, () =>
        {
            var group = _groups[_random.Next(_groups.Count)];
            var master = group.Master;
            if (master.Phase != BrokerPhase.Live || work.IsTouched(master))
            {
                return;
            }
            var business = group.Table.Keys.Where(t => t != group.Cluster && t != group.Name).ToList();
            if (business.Count == 0)
            {
                return;
            }
            var topic = business[_random.Next(business.Count)];
            group.Table.Remove(topic);
            work.Touch(master);
            group.NewVersion(_nowMillis);
            work.Registers.Add((master, ChurnEventKind.TopicRemoved));
            Count(ChurnEventKind.TopicRemoved, master, topic);
        });

        foreach (var broker in _brokers)
        {
            if (broker.Phase == BrokerPhase.Offline && broker.ReturnAtMillis <= _nowMillis && work.Touch(broker))
            {
                work.Opens.Add((broker, broker.EverJoined ? ChurnEventKind.Return : ChurnEventKind.Join));
            }
            else if (broker.Phase == BrokerPhase.Live && broker.NextRegisterMillis <= _nowMillis && work.Touch(broker))
            {
                work.Registers.Add((broker, ChurnEventKind.Reregister));
            }
            else if (broker.Phase == BrokerPhase.Live && broker.IsFiveX && _options.FiveXHeartbeatPeriod is not null
                && broker.NextHeartbeatMillis <= _nowMillis && work.Touch(broker))
            {
                work.Heartbeats.Add(broker);
            }
        }

        // A group all of whose brokers are gone is gone from the NameServer with its queue datas: a later comeback
        // starts from an empty set of allowed topics.
        foreach (var group in work.Dirty)
        {
            if (!group.InNameServer)
            {
                group.Allowed.Clear();
                group.AllowedFrom = null;
                group.Applied.Clear();
                group.AppliedFrom = null;
            }
        }
    }

    private static SimBroker? Promotable(SimGroup group, StepWork work) =>
        group.Members.Find(m => m.BrokerId > 0 && m.Phase == BrokerPhase.Live && !work.IsTouched(m));

    private void Repeat(double rate, Action action)
    {
        var times = (int)Math.Floor(rate);
        if (_random.NextDouble() < rate - times)
        {
            times++;
        }
        for (var i = 0; i < times; i++)
        {
            action();
        }
    }

    private SimBroker RandomBroker() => _brokers[_random.Next(_brokers.Count)];

    private void GoOffline(SimBroker broker, StepWork work)
    {
        work.MarkDirty(broker.Group);
        work.Removed.Add(broker);
        broker.Phase = BrokerPhase.Offline;
        broker.ReturnAtMillis = _nowMillis + RandomMillis(_options.MinDowntime, _options.MaxDowntime);
    }

    /// <summary>Phase A: unregisters and closed connections, applied and verified before anything registers.</summary>
    private void RunRemovals(StepWork work)
    {
        var unregisters = work.Unregisters;
        Collect<UnregisterResult>(
            unregisters.Count,
            (i, replyTo) =>
            {
                var (broker, session) = unregisters[i];
                var group = broker.Group;
                var command = new UnregisterBrokerCommand(group.Cluster, broker.Addr, group.Name, broker.BrokerId);
                session.Tell(new UnregisterBroker(command), replyTo);
                // A broker closes its connection after unregistering; the session forwards the unregister first.
                session.Tell(ConnectionClosed.Instance);
            },
            i => $"the unregister of {unregisters[i].Broker}");
        foreach (var session in work.Closes)
        {
            session.Tell(ConnectionClosed.Instance);
        }
        WaitForStops(work.Closes.Concat(work.Unregisters.Select(u => u.Session)), "a closed connection's session to stop");

        // RouteTable learns of a stopped session through its own death watch, which may lag the watcher's notice a
        // little: check after each removal it announces (bounded) until every removed broker is gone from the live table.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Sync();
            var lingering = work.Removed.Where(b => _state.IsLive(b.Group.Cluster, b.Addr)).ToList();
            if (lingering.Count == 0)
            {
                break;
            }
            var left = _options.AnswerTimeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !_removedSignal.Wait(left))
            {
                throw Violation(lingering
                    .Select(b => $"broker {b} is still registered {_options.AnswerTimeout} (real time) after it "
                        + (work.Unregisters.Exists(u => u.Broker == b) ? "unregistered" : "crashed or expired")
                        + " (connection closed)")
                    .ToList());
            }
        }
    }

    /// <summary>
    /// Phase B: new connections, then every registration and heartbeat of the step in one batch; checks each answer.
    /// Returns whether anything was sent (the answers then prove RouteTable has processed everything before them,
    /// the scan included, since it is queued before any message of the step).
    /// </summary>
    private bool RunRegistrations(StepWork work)
    {
        if (work.Opens.Count == 0 && work.Registers.Count == 0 && work.Heartbeats.Count == 0)
        {
            return false;
        }
        var opens = work.Opens;
        var opened = Collect<SessionOpened>(
            opens.Count, (_, replyTo) => _sessions.Tell(new OpenSession(), replyTo), i => $"opening a session for {opens[i].Broker}");
        for (var i = 0; i < opens.Count; i++)
        {
            var (broker, kind) = opens[i];
            var session = opened[i];
            if (kind == ChurnEventKind.Reconnect && broker.Session is { } old)
            {
                var lateBy = RandomMillis(TimeSpan.FromMilliseconds(1), _options.MaxLateClose + TimeSpan.FromMilliseconds(1));
                _stale.Add((_nowMillis + lateBy, old, broker));
            }
            broker.Session = session.Session;
            broker.Epoch = session.Epoch;
            _watcher.Tell(new WatchSession(session.Session));
        }

        var all = work.Opens.Concat(work.Registers).ToList();
        // Brokers that take a new place in their group this step: the order of their registration against the others'
        // is up to the actors.
        var joining = work.Opens.Where(o => o.Kind != ChurnEventKind.Reconnect).Select(o => o.Broker)
            .Concat(work.Registers.Where(r => r.Kind == ChurnEventKind.Failover).Select(r => r.Broker))
            .ToHashSet();
        var beats = work.Heartbeats;
        var answers = Collect<object>(
            all.Count + beats.Count,
            (i, replyTo) =>
            {
                if (i < all.Count)
                {
                    all[i].Broker.Session!.Tell(new SessionRegister(Command(all[i].Broker)), replyTo);
                }
                else
                {
                    var broker = beats[i - all.Count];
                    broker.Session!.Tell(new BrokerHeartbeat(broker.Group.Cluster, broker.Addr), replyTo);
                }
            },
            i => i < all.Count ? $"the registration ({all[i].Kind}) of {all[i].Broker}" : $"the heartbeat of {beats[i - all.Count]}");
        _registrations += all.Count;

        var violations = new List<string>();
        for (var i = 0; i < all.Count; i++)
        {
            if (answers[i] is RegisterResult result)
            {
                CheckRegisterAnswer(all[i].Broker, result, joining, violations);
            }
            else
            {
                violations.Add($"the registration of {all[i].Broker} was answered with {answers[i].GetType().Name}, expected RegisterResult");
            }
        }
        for (var i = 0; i < beats.Count; i++)
        {
            // Heartbeats refresh liveness only; each must find its broker registered.
            if (answers[all.Count + i] is not true)
            {
                violations.Add($"the heartbeat of registered broker {beats[i]} was answered {answers[all.Count + i]}, expected true (known)");
            }
        }
        if (violations.Count > 0)
        {
            throw Violation(violations);
        }

        // Decided on the model as it stood before this phase: who surely applies its topics (docs/BEHAVIOUR.md, "Registration", step 6).
        var applying = all.Select(r => SurelyApplies(r.Broker, joining)).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var (broker, kind) = all[i];
            var group = broker.Group;
            if (applying[i] && !ReferenceEquals(group.AppliedFrom, group.Wrapper))
            {
                if (_options.RouteTableOptions.DeleteTopicWithBrokerRegistration)
                {
                    group.Applied.Clear();
                }
                group.Applied.UnionWith(group.Wrapper.TopicConfigTable.Keys);
                group.AppliedFrom = group.Wrapper;
            }
            broker.Phase = BrokerPhase.Live;
            broker.EverJoined = true;
            broker.LastRefreshMillis = _nowMillis;
            broker.NextHeartbeatMillis = _nowMillis + HeartbeatPeriodMillis;
            broker.NextRegisterMillis = _nowMillis + (long)_options.RegisterPeriod.TotalMilliseconds;
            broker.Registered = group.Wrapper;
            if (!ReferenceEquals(group.AllowedFrom, group.Wrapper))
            {
                group.Allowed.UnionWith(group.Wrapper.TopicConfigTable.Keys);
                group.AllowedFrom = group.Wrapper;
            }
            if (kind is ChurnEventKind.Join or ChurnEventKind.Return or ChurnEventKind.TopicAdded or ChurnEventKind.TopicRemoved
                or ChurnEventKind.Failover)
            {
                work.MarkDirty(group);
            }
            if (kind is ChurnEventKind.TopicAdded or ChurnEventKind.TopicRemoved or ChurnEventKind.Failover)
            {
                continue; // counted when decided
            }
            if (kind == ChurnEventKind.Reregister)
            {
                _counts[kind]++;
                Hash((int)kind, broker.Index, _nowMillis - _startMillis);
            }
            else
            {
                Count(kind, broker, $"connection {broker.Session!.Path.Name}");
            }
        }
        foreach (var broker in beats)
        {
            broker.LastRefreshMillis = _nowMillis;
            broker.NextHeartbeatMillis = _nowMillis + HeartbeatPeriodMillis;
            _counts[ChurnEventKind.Heartbeat]++;
            Hash((int)ChurnEventKind.Heartbeat, broker.Index, _nowMillis - _startMillis);
        }
        return true;
    }

    private long HeartbeatPeriodMillis => (long)(_options.FiveXHeartbeatPeriod ?? TimeSpan.Zero).TotalMilliseconds;

    /// <summary>
    /// A master always applies its topic table; a 5.x slave does when it is the group's smallest registered id (prime
    /// slave, master gone). When a smaller id joins in the same step the order is up to the actors, so not surely.
    /// </summary>
    private static bool SurelyApplies(SimBroker broker, HashSet<SimBroker> joining) =>
        broker.IsMaster
        || (broker.IsFiveX && !broker.Group.Members.Exists(m => m.BrokerId < broker.BrokerId && (m.InNameServer || joining.Contains(m))));

    private RegisterBrokerCommand Command(SimBroker broker)
    {
        var group = broker.Group;
        return new RegisterBrokerCommand(
            group.Cluster,
            broker.Addr,
            group.Name,
            broker.BrokerId,
            broker.HaAddr,
            group.Wrapper,
            NoFilterServers,
            ConnectionEpoch: 0,
            ZoneName: group.Zone,
            HeartbeatTimeoutMillis: broker.IsFiveX && _options.FiveXHeartbeatTimeout is { } timeout ? (long)timeout.TotalMilliseconds : null,
            EnableActingMaster: broker.IsFiveX ? false : null);
    }

    /// <summary>
    /// A registration is applied, and a slave learns its master's address (and HA address) exactly when the master is
    /// registered. When the master itself (re)joins in the same step the order is up to the actors, so either is fine.
    /// </summary>
    private static void CheckRegisterAnswer(SimBroker broker, RegisterResult result, HashSet<SimBroker> joining, List<string> violations)
    {
        if (result.Outcome != RegisterOutcome.Registered)
        {
            violations.Add($"registration of {broker} answered {result.Outcome}, expected Registered");
            return;
        }
        if (broker.IsMaster)
        {
            if (result.MasterAddr is not null)
            {
                violations.Add($"master {broker} was told master address {result.MasterAddr}; a master is told none");
            }
            return;
        }
        var master = broker.Group.Master;
        if (joining.Contains(master))
        {
            return;
        }
        var (expectedAddr, expectedHa) = master.InNameServer ? (master.Addr, master.HaAddr) : (null, null);
        if (result.MasterAddr != expectedAddr || result.HaServerAddr != expectedHa)
        {
            violations.Add(
                $"slave {broker} was told master {result.MasterAddr ?? "(none)"} / HA {result.HaServerAddr ?? "(none)"}, expected "
                + (master.InNameServer ? $"live master {master.Addr} / HA {master.HaAddr}" : $"none (master {master} is not registered)"));
        }
    }
}
