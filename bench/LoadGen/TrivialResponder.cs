using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.LoadGen;

/// <summary>
/// The client-ceiling reference: listens on 127.0.0.1 and answers every frame with the same pre-encoded route
/// response, changing only the opaque. It does no lookup and decodes nothing but the opaque, so no real server can be
/// faster against the same client on the same machine.
/// </summary>
public sealed class TrivialResponder : IAsyncDisposable
{
    // A one-broker route in the shape a NameServer returns, so answers have a realistic size.
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"127.0.0.1:10911\"},\"brokerName\":\"ceiling-broker\",\"cluster\":\"CeilingCluster\"," +
        "\"enableActingMaster\":false}],\"filterServerTable\":{},\"queueDatas\":[{\"brokerName\":\"ceiling-broker\",\"perm\":6," +
        "\"readQueueNums\":4,\"topicSysFlag\":0,\"writeQueueNums\":4}]}");

    private static readonly byte[] HeaderStart = Encoding.ASCII.GetBytes("{\"code\":0,\"flag\":1,\"language\":\"JAVA\",\"opaque\":");
    private static readonly byte[] HeaderEnd = Encoding.ASCII.GetBytes(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    private TrivialResponder(Socket listener)
    {
        _listener = listener;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Starts listening on 127.0.0.1 and an ephemeral port.</summary>
    public static TrivialResponder Start()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new TrivialResponder(listener);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections, _acceptLoop];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            client.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var registration = _stop.Token.Register(() => client.Dispose());
        var input = new byte[64 * 1024];
        var output = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == input.Length)
                {
                    Array.Resize(ref input, input.Length * 2);
                }
                var read = await client.ReceiveAsync(input.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }
                filled += read;
                var consumed = 0;
                var written = 0;
                while (filled - consumed >= 8)
                {
                    var total = BinaryPrimitives.ReadInt32BigEndian(input.AsSpan(consumed));
                    if (total < 4 || total > FrameReader.DefaultMaxFrameLength)
                    {
                        return;
                    }
                    if (filled - consumed < 4 + total)
                    {
                        if (4 + total > input.Length)
                        {
                            Array.Resize(ref input, 4 + total);
                        }
                        break;
                    }
                    var typeAndLength = BinaryPrimitives.ReadInt32BigEndian(input.AsSpan(consumed + 4));
                    var headerLength = Math.Min(typeAndLength & 0xFFFFFF, total - 4);
                    var header = input.AsSpan(consumed + 8, headerLength);
                    consumed += 4 + total;
                    var opaque = ReadOpaque((SerializeType)(typeAndLength >>> 24), header);
                    if (output.Length - written < 64 + HeaderStart.Length + HeaderEnd.Length + Body.Length)
                    {
                        Array.Resize(ref output, output.Length * 2);
                    }
                    written += WriteResponse(output.AsSpan(written), opaque);
                }
                if (consumed > 0)
                {
                    input.AsSpan(consumed, filled - consumed).CopyTo(input);
                    filled -= consumed;
                }
                var sent = 0;
                while (sent < written)
                {
                    sent += await client.SendAsync(output.AsMemory(sent, written - sent), SocketFlags.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Client went away or the responder is stopping.
        }
    }

    private static int ReadOpaque(SerializeType type, ReadOnlySpan<byte> header)
    {
        if (type == SerializeType.RocketMq)
        {
            return header.Length >= 9 ? BinaryPrimitives.ReadInt32BigEndian(header[5..]) : 0;
        }
        var at = header.IndexOf("\"opaque\":"u8);
        return at >= 0 && Utf8Parser.TryParse(header[(at + 9)..], out int opaque, out _) ? opaque : 0;
    }

    private static int WriteResponse(Span<byte> output, int opaque)
    {
        var header = output[8..];
        HeaderStart.CopyTo(header);
        Utf8Formatter.TryFormat(opaque, header[HeaderStart.Length..], out var digits);
        var headerLength = HeaderStart.Length + digits;
        HeaderEnd.CopyTo(header[headerLength..]);
        headerLength += HeaderEnd.Length;
        Body.CopyTo(header[headerLength..]);
        BinaryPrimitives.WriteInt32BigEndian(output, 4 + headerLength + Body.Length);
        BinaryPrimitives.WriteInt32BigEndian(output[4..], headerLength);
        return 8 + headerLength + Body.Length;
    }
}
