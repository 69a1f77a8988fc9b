using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Transport;

/// <summary>
/// A connection's output, shared by its read loop and its late answers. The output is not thread-safe, so every
/// write and flush happens between <see cref="EnterAsync"/> and <see cref="Exit"/>.
/// </summary>
internal abstract class ResponseWriter
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _inFlight;

    /// <summary>Where answers are formatted (the caller holds the gate).</summary>
    public abstract IBufferWriter<byte> Output { get; }

    /// <summary>True once the connection ended: writes and flushes are dropped.</summary>
    protected bool Completed { get; private set; }

    /// <summary>Requests of this connection waiting for an answer.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void BeginInFlight() => Interlocked.Increment(ref _inFlight);

    public void EndInFlight() => Interlocked.Decrement(ref _inFlight);

    public ValueTask EnterAsync() => _gate.Wait(0) ? ValueTask.CompletedTask : new ValueTask(_gate.WaitAsync());

    public void Exit() => _gate.Release();

    public void Write(in Reply reply)
    {
        if (!Completed)
        {
            RemotingCommandWriter.Write(reply.Command, reply.Body.Span, Output);
        }
    }

    /// <summary>Writes one answer and sends it at once, taking the gate (late answers and refusals off the read loop).</summary>
    public async ValueTask SendAsync(Reply reply)
    {
        await EnterAsync().ConfigureAwait(false);
        try
        {
            Write(reply);
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Sends what was written since the last flush.</summary>
    public ValueTask FlushAsync() => Completed ? ValueTask.CompletedTask : FlushCoreAsync();

    protected abstract ValueTask FlushCoreAsync();

    /// <summary>Ends the output once the connection's reading ended; waits for a late answer being written.</summary>
    public async ValueTask CompleteAsync()
    {
        await EnterAsync().ConfigureAwait(false);
        try
        {
            Completed = true;
            await CompleteCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    protected abstract ValueTask CompleteCoreAsync();
}

/// <summary>Answers into a Kestrel connection's output pipe.</summary>
internal sealed class PipeResponseWriter(PipeWriter output) : ResponseWriter
{
    public override IBufferWriter<byte> Output => output;

    protected override async ValueTask FlushCoreAsync() => await output.FlushAsync().ConfigureAwait(false);

    protected override ValueTask CompleteCoreAsync() => output.CompleteAsync();
}

/// <summary>
/// Answers into a buffer of the connection's own, sent straight on its socket by whoever flushes (the read loop, once
/// per batch of frames received, or a late answer): no pipe and no sending loop in between.
/// </summary>
internal sealed class SocketResponseWriter(Socket socket) : ResponseWriter
{
    // A connection that once answered something large (a topic list) gives that array back instead of keeping it.
    private const int KeptCapacity = 64 * 1024;

    private PooledBufferWriter _buffer = new(4096);

    public override IBufferWriter<byte> Output => _buffer;

    protected override async ValueTask FlushCoreAsync()
    {
        var pending = _buffer.WrittenMemory;
        while (!pending.IsEmpty)
        {
            // Completes at once unless the socket's send buffer is full (a peer not reading).
            var sent = await socket.SendAsync(pending, SocketFlags.None).ConfigureAwait(false);
            pending = pending[sent..];
        }
        _buffer.Clear();
        if (_buffer.Capacity > KeptCapacity)
        {
            _buffer.Dispose();
            _buffer = new PooledBufferWriter(4096);
        }
    }

    protected override ValueTask CompleteCoreAsync()
    {
        _buffer.Dispose();
        return ValueTask.CompletedTask;
    }
}
