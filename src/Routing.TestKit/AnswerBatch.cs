using Akka.Actor;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// Collects the answers to one batch of requests told at once: request <c>i</c> is told with <see cref="Slot"/>(i) as
/// sender, and whoever answers (RouteTable, BrokerSessions) tells the slot directly. A slot is a
/// <see cref="MinimalActorRef"/> that records what it is told: cheaper than one Ask per request (no temporary actor
/// registration, timer or continuation), which matters at hundreds of thousands of registrations per run.
/// </summary>
internal sealed class AnswerBatch : IDisposable
{
    private readonly IActorRefProvider _provider;
    private readonly ActorPath _root;
    private readonly List<AnswerSlot> _slots = [];
    private readonly ManualResetEventSlim _done = new(true);
    private object?[] _answers = [];
    private int _pending;

    /// <param name="system">The system whose actors answer.</param>
    /// <param name="root">The path under which the slots are named (<c>root/answer-i</c>).</param>
    public AnswerBatch(ActorSystem system, ActorPath root)
    {
        _provider = ((ExtendedActorSystem)system).Provider;
        _root = root;
    }

    /// <summary>Starts a batch of <paramref name="count"/> requests; earlier answers are forgotten.</summary>
    public void Begin(int count)
    {
        while (_slots.Count < count)
        {
            _slots.Add(new AnswerSlot(this, _slots.Count, _root / ("answer-" + _slots.Count), _provider));
        }
        if (_answers.Length < count)
        {
            _answers = new object?[Math.Max(count, _answers.Length * 2)];
        }
        Array.Clear(_answers);
        Volatile.Write(ref _pending, count);
        if (count == 0)
        {
            _done.Set();
        }
        else
        {
            _done.Reset();
        }
    }

    /// <summary>The sender to use for request <paramref name="index"/> of the current batch.</summary>
    public IActorRef Slot(int index) => _slots[index];

    /// <summary>Waits (real time) for every answer; false on timeout.</summary>
    public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

    /// <summary>The answer to request <paramref name="index"/>, or null if none arrived.</summary>
    public object? Answer(int index) => Volatile.Read(ref _answers[index]);

    /// <summary>Indexes of the requests still unanswered.</summary>
    public IEnumerable<int> Missing(int count) => Enumerable.Range(0, count).Where(i => Answer(i) is null);

    public void Dispose() => _done.Dispose();

    private void Accept(int index, object message)
    {
        // Only the first answer counts, as with Ask.
        if (index < _answers.Length && Interlocked.CompareExchange(ref _answers[index], message, null) is null
            && Interlocked.Decrement(ref _pending) == 0)
        {
            _done.Set();
        }
    }

    private sealed class AnswerSlot(AnswerBatch batch, int index, ActorPath path, IActorRefProvider provider) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;

        public override IActorRefProvider Provider { get; } = provider;

        protected override void TellInternal(object message, IActorRef sender) => batch.Accept(index, message);
    }
}
