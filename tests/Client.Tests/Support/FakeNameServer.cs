using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client.Tests.Support;

/// <summary>
/// A loopback server that decodes frames with the Protocol project and answers through <see cref="Handler"/>
/// (null answer = stay silent). Every request is also queued for the test to inspect.
/// </summary>
internal sealed class FakeNameServer : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly ConcurrentBag<FakeConnection> _connections = [];
    private readonly Task _acceptLoop;
    private int _connectionCount;

    public FakeNameServer(Func<RemotingCommand, RemotingCommand?>? handler = null)
    {
        Handler = handler ?? (_ => null);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Address { get; }

    public Func<RemotingCommand, RemotingCommand?> Handler { get; set; }

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>A reply with the request's opaque and the given code/remark.</summary>
    public static RemotingCommand Reply(RemotingCommand request, int code = 0, string? remark = null) =>
        RemotingCommand.CreateResponse(request, code, remark);

    /// <summary>An address on which nothing listens (connection refused).</summary>
    public static string UnusedAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }

    public async Task<ReceivedRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(s_wait);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTakeRequest(out ReceivedRequest? request) => _received.Reader.TryRead(out request);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var connection in _connections)
        {
            connection.Close();
        }
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the loop.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _connectionCount);
            var connection = new FakeConnection(this, socket);
            _connections.Add(connection);
            _ = Task.Run(connection.ReadLoopAsync);
        }
    }

    internal sealed record ReceivedRequest(FakeConnection Connection, RemotingCommand Command);

    internal sealed class FakeConnection
    {
        private readonly FakeNameServer _server;
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeConnection(FakeNameServer server, Socket socket)
        {
            _server = server;
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
        }

        /// <summary>Completes when the client closed the connection.</summary>
        public Task Closed => _closed.Task;

        public async Task SendAsync(RemotingCommand command)
        {
            var bytes = RemotingCommandWriter.ToArray(command);
            await _writeLock.WaitAsync();
            try
            {
                await _stream.WriteAsync(bytes);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public async Task SendRawAsync(byte[] bytes)
        {
            await _writeLock.WaitAsync();
            try
            {
                await _stream.WriteAsync(bytes);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public void Close()
        {
            _socket.Dispose();
            _closed.TrySetResult();
        }

        public async Task ReadLoopAsync()
        {
            var reader = PipeReader.Create(_stream);
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync();
                    var buffer = result.Buffer;
                    var requests = new List<RemotingCommand>();
                    while (FrameReader.TryReadFrame(ref buffer, out var frame))
                    {
                        requests.Add(RemotingCommandReader.Decode(frame));
                    }
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    foreach (var request in requests)
                    {
                        _server._received.Writer.TryWrite(new ReceivedRequest(this, request));
                        if (!request.IsOneway && _server.Handler(request) is { } response)
                        {
                            await SendAsync(response);
                        }
                    }
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away.
            }
            _closed.TrySetResult();
        }
    }
}
