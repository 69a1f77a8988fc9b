using System.Buffers;
using System.Net;
using System.Net.Sockets;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Tests;

/// <summary>A bare socket speaking frames, so tests see exactly what the server writes (no client library in between).</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _pending = [];

    private RawConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawConnection> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new RawConnection(socket);
    }

    /// <summary>
    /// True when the server closes a new connection within the timeout. Under load the server's reset can arrive
    /// before the client's connect completes; the connect then fails with a reset, which is the same refusal.
    /// </summary>
    public static async Task<bool> IsRefusedByServerAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        RawConnection connection;
        try
        {
            connection = await ConnectAsync(endPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.ConnectionRefused)
        {
            return true;
        }
        await using (connection)
        {
            return await connection.IsClosedByServerAsync(timeout);
        }
    }

    public Task SendAsync(RemotingCommand command) => SendRawAsync(RemotingCommandWriter.ToArray(command));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public async Task<RemotingCommand> InvokeAsync(RemotingCommand command)
    {
        await SendAsync(command);
        return await ReceiveAsync();
    }

    /// <summary>The next frame, or an exception when none arrives within the timeout.</summary>
    public async Task<RemotingCommand> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_pending);
            if (FrameReader.TryReadFrame(ref sequence, out var frame))
            {
                var command = RemotingCommandReader.Decode(frame);
                _pending = sequence.ToArray();
                return command;
            }
            var read = await _stream.ReadAsync(buffer, cts.Token);
            if (read == 0)
            {
                throw new IOException("connection closed by the server");
            }
            _pending = [.. _pending, .. buffer.AsSpan(0, read)];
        }
    }

    /// <summary>True when the server closed the connection (read returns 0 or resets) within the timeout.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
