using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client;

/// <summary>
/// One TCP connection to a remoting server. Requests get a fresh opaque; a background read loop completes the pending
/// request with the same opaque, so responses may arrive in any order. Thread-safe.
/// A timed-out request closes the connection (like Java's <c>clientCloseSocketIfTimeout</c>), so a caller fails over.
/// </summary>
public sealed class RemotingConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly RemotingConnectionOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RemotingCommand>> _pending = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private int _nextOpaque;
    private int _closing;

    private RemotingConnection(string address, Socket socket, RemotingConnectionOptions options)
    {
        Address = address;
        _socket = socket;
        _options = options;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The server address, <c>host:port</c>.</summary>
    public string Address { get; }

    public bool IsConnected => Volatile.Read(ref _closing) == 0;

    /// <summary>Completes (with the reason) once the connection is closed, whoever closed it.</summary>
    public Task<Exception> Closed => _closed.Task;

    /// <summary>Number of requests waiting for their response.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Opens a connection to <paramref name="address"/> (<c>host:port</c>) within the connect timeout.</summary>
    /// <exception cref="ArgumentException">The address is not <c>host:port</c>.</exception>
    /// <exception cref="RemotingConnectException">The server cannot be reached in time.</exception>
    public static async Task<RemotingConnection> ConnectAsync(
        string address,
        RemotingConnectionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= RemotingConnectionOptions.Default;
        var (host, port) = NameServerAddresses.SplitHostPort(address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await socket.ConnectAsync(host, port, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RemotingConnectException(
                address,
                $"Connecting to NameServer {address} timed out after {Millis(options.ConnectTimeout)} ms.");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RemotingConnectException(address, $"Cannot connect to NameServer {address}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RemotingConnection(address, socket, options);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits for the response with the same opaque. Sets the request's opaque,
    /// flag, version, language and serialize type from the connection options. The response is returned whatever
    /// its code; checking it is the caller's business.
    /// </summary>
    /// <exception cref="RemotingTimeoutException">No answer within <paramref name="timeout"/>; the connection is closed.</exception>
    /// <exception cref="RemotingConnectException">The connection is or gets closed.</exception>
    public async Task<RemotingCommand> InvokeAsync(
        RemotingCommand request,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The request timeout must be positive.");
        }
        var opaque = Prepare(request, oneway: false);
        var response = new TaskCompletionSource<RemotingCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[opaque] = response;
        // The timer starts before the write so that a manual clock advanced as soon as the server sees the
        // request always finds it.
        using var timer = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            if (!IsConnected)
            {
                // Closed between Prepare and registration: the close sweep may have missed this entry.
                throw ClosedException();
            }
            await WriteAsync(request, linked.Token).ConfigureAwait(false);
            return await response.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = new RemotingTimeoutException(
                Address,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"NameServer {Address} did not answer request code {request.Code} (opaque {opaque}) within {Millis(timeout)} ms; connection closed."));
            Close(error);
            throw error;
        }
        finally
        {
            _pending.TryRemove(opaque, out _);
        }
    }

    /// <summary>Sends a oneway request (flag bit 1): the server must not answer and nothing is awaited.</summary>
    /// <exception cref="RemotingConnectException">The connection is closed or the write fails.</exception>
    public async Task InvokeOnewayAsync(RemotingCommand request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Prepare(request, oneway: true);
        if (!IsConnected)
        {
            throw ClosedException();
        }
        await WriteAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection abruptly (TCP reset), like a crashing process; pending requests fail.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to reset.
        }
        Close(new RemotingConnectException(Address, $"Connection to NameServer {Address} was aborted."));
    }

    /// <summary>Closes the connection; pending requests fail with a <see cref="RemotingConnectException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(new RemotingConnectException(Address, $"Connection to NameServer {Address} was disposed."));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The read loop reports through Close; its own exit is not interesting.
        }
    }

    private int Prepare(RemotingCommand request, bool oneway)
    {
        var opaque = Interlocked.Increment(ref _nextOpaque);
        request.Opaque = opaque;
        request.Flag = oneway ? RemotingCommand.OnewayFlag : 0;
        request.Version = _options.Version;
        request.Language = _options.Language;
        request.SerializeType = _options.SerializeType;
        return opaque;
    }

    private async Task WriteAsync(RemotingCommand request, CancellationToken cancellationToken)
    {
        byte[] frame;
        try
        {
            frame = RemotingCommandWriter.ToArray(request);
        }
        catch (ProtocolException e)
        {
            throw new RemotingException(Address, $"Request code {request.Code} cannot be encoded: {e.Message}", e);
        }
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not cancellable once started: a half-written frame would corrupt the stream.
            await _stream.WriteAsync(frame, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            var error = new RemotingConnectException(Address, $"Sending to NameServer {Address} failed: {e.Message}", e);
            Close(error);
            throw error;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (FrameReader.TryReadFrame(ref buffer, _options.MaxFrameLength, out var frame))
                    {
                        Dispatch(RemotingCommandReader.Decode(frame));
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    reason = new RemotingConnectException(Address, $"Connection closed by NameServer {Address}.");
                    break;
                }
            }
        }
        catch (ProtocolException e)
        {
            reason = new RemotingConnectException(Address, $"NameServer {Address} sent a corrupt frame: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = new RemotingConnectException(Address, $"Connection to NameServer {Address} broke: {e.Message}", e);
        }
        Close(reason);
        await _reader.CompleteAsync().ConfigureAwait(false);
    }

    private void Dispatch(RemotingCommand command)
    {
        // Requests from the server (e.g. NOTIFY_MIN_BROKER_ID_CHANGE) and late responses are dropped, as in Java.
        if (command.IsResponse && _pending.TryRemove(command.Opaque, out var waiter))
        {
            waiter.TrySetResult(command);
        }
    }

    private void Close(Exception reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The peer may already have reset the connection.
        }
        _socket.Dispose();
        _reader.CancelPendingRead();
        foreach (var (opaque, waiter) in _pending)
        {
            if (_pending.TryRemove(opaque, out _))
            {
                waiter.TrySetException(
                    reason is RemotingTimeoutException
                        ? new RemotingConnectException(Address, $"Connection to NameServer {Address} closed: {reason.Message}", reason)
                        : reason);
            }
        }
        _closed.TrySetResult(reason);
    }

    private RemotingConnectException ClosedException() =>
        _closed.Task.IsCompleted && _closed.Task.Result is RemotingConnectException closed
            ? new RemotingConnectException(Address, closed.Message, closed)
            : new RemotingConnectException(Address, $"Connection to NameServer {Address} is closed.");

    private static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;
}
