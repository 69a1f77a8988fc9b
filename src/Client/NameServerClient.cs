using System.Collections.Concurrent;
using System.Globalization;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client;

/// <summary>
/// A client for a list of NameServers. Ordinary calls go to one sticky server, chosen at random at first and replaced
/// by the next one of the list when its connection fails or a request times out (as Java 4.9.8's
/// <c>NettyRemotingClient.getAndCreateNameserverChannel</c>). Calls with
/// <see cref="RequestOptions.Address"/> and the <c>...OnAllAsync</c> variants target given servers, each on its own
/// connection. Non-zero response codes raise <see cref="NameServerException"/> (they never trigger fail-over).
/// Thread-safe.
/// </summary>
public sealed partial class NameServerClient : IAsyncDisposable
{
    private readonly NameServerClientOptions _options;
    private readonly RemotingConnectionOptions _connectionOptions;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _chooseLock = new(1, 1);
    private readonly int _initialIndex;
    private volatile Slot? _chosen;
    private int _chosenIndex = -1;
    private int _disposed;

    public NameServerClient(NameServerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestTimeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RequestTimeout and ConnectTimeout must be positive.", nameof(options));
        }
        _options = options;
        _connectionOptions = options.ToConnectionOptions();
        Addresses = NameServerAddresses.Parse(options.Addresses);
        foreach (var address in Addresses)
        {
            _slots[address] = new Slot(address);
        }
        _initialIndex = options.RandomStart ? Random.Shared.Next(Addresses.Count) : 0;
    }

    /// <summary>Shorthand for <c>new NameServerClient(new NameServerClientOptions { Addresses = addresses })</c>.</summary>
    public NameServerClient(string addresses)
        : this(new NameServerClientOptions { Addresses = addresses })
    {
    }

    /// <summary>The parsed address list, in configuration order.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The sticky server currently used for ordinary calls (null before the first call).</summary>
    public string? CurrentAddress => _chosen?.Address;

    public NameServerClientOptions Options => _options;

    /// <summary>
    /// Raw escape hatch: sends <paramref name="request"/> and returns the response whatever its code.
    /// Opaque, flag, version, language and serialize type are set by the connection.
    /// </summary>
    public async Task<RemotingCommand> InvokeAsync(
        RemotingCommand request,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (_, response) = await SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Raw oneway send (flag bit 1): no response is awaited.</summary>
    public async Task InvokeOnewayAsync(
        RemotingCommand request,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = await GetConnectionAsync(options, cancellationToken).ConfigureAwait(false);
        await connection.InvokeOnewayAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="call"/> once per address of the list (in parallel, each with
    /// <see cref="RequestOptions.Address"/> set) and reports each outcome in list order; failures are captured,
    /// not thrown — mqadmin's "each NS" commands behave like this.
    /// </summary>
    public async Task<IReadOnlyList<ServerResult<T>>> ForEachServerAsync<T>(
        Func<RequestOptions, CancellationToken, Task<T>> call,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var tasks = Addresses.Select(async address =>
        {
            try
            {
                var value = await call(new RequestOptions { Address = address, Timeout = timeout }, cancellationToken)
                    .ConfigureAwait(false);
                return new ServerResult<T>(address, value, null);
            }
            catch (Exception e) when (e is RemotingException or ProtocolException)
            {
                return new ServerResult<T>(address, default, e);
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary><see cref="ForEachServerAsync{T}"/> for calls without a value.</summary>
    public async Task<IReadOnlyList<ServerResult>> ForEachServerAsync(
        Func<RequestOptions, CancellationToken, Task> call,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var results = await ForEachServerAsync(
            async (options, ct) =>
            {
                await call(options, ct).ConfigureAwait(false);
                return true;
            },
            timeout,
            cancellationToken).ConfigureAwait(false);
        return results.Select(r => new ServerResult(r.Address, r.Error)).ToList();
    }

    /// <summary>Whether a connection to <paramref name="address"/> is currently open.</summary>
    public bool IsConnectedTo(string address) =>
        _slots.TryGetValue(address, out var slot) && slot.Connection is { IsConnected: true };

    /// <summary>Resets every open connection abruptly (a crashing broker); the client can still be used afterwards.</summary>
    public void AbortConnections()
    {
        foreach (var slot in _slots.Values)
        {
            slot.Connection?.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var slot in _slots.Values)
        {
            if (slot.Connection is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(string Address, RemotingCommand Response)> SendAsync(
        RemotingCommand request,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = await GetConnectionAsync(options, cancellationToken).ConfigureAwait(false);
        var timeout = options?.Timeout ?? _options.RequestTimeout;
        var response = await connection.InvokeAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        return (connection.Address, response);
    }

    /// <summary>Sends and throws <see cref="NameServerException"/> unless the answer is SUCCESS.</summary>
    private async Task<(string Address, RemotingCommand Response)> CallAsync(
        RemotingCommand request,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        var (address, response) = await SendAsync(request, options, cancellationToken).ConfigureAwait(false);
        if (response.Code != ResponseCode.Success)
        {
            throw new NameServerException(address, response.Code, response.Remark);
        }
        return (address, response);
    }

    private Task<RemotingConnection> GetConnectionAsync(RequestOptions? options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (options?.Address is { } address)
        {
            NameServerAddresses.SplitHostPort(address);
            return GetSlotConnectionAsync(_slots.GetOrAdd(address, static a => new Slot(a)), cancellationToken);
        }
        return GetStickyConnectionAsync(cancellationToken);
    }

    private async Task<RemotingConnection> GetStickyConnectionAsync(CancellationToken cancellationToken)
    {
        if (_chosen?.Connection is { IsConnected: true } current)
        {
            return current;
        }
        await _chooseLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_chosen?.Connection is { IsConnected: true } again)
            {
                return again;
            }
            // The chosen server failed (or none was chosen yet): try every address once, starting with the next one.
            var start = _chosenIndex < 0 ? _initialIndex : _chosenIndex + 1;
            var errors = new List<string>();
            for (var i = 0; i < Addresses.Count; i++)
            {
                var index = (start + i) % Addresses.Count;
                var slot = _slots[Addresses[index]];
                try
                {
                    var connection = await GetSlotConnectionAsync(slot, cancellationToken).ConfigureAwait(false);
                    _chosenIndex = index;
                    _chosen = slot;
                    return connection;
                }
                catch (RemotingConnectException e)
                {
                    errors.Add(e.Message);
                }
            }
            _chosen = null;
            _chosenIndex = start % Addresses.Count;
            throw new RemotingConnectException(
                string.Join(';', Addresses),
                $"No NameServer could be reached: {string.Join(" ", errors)}");
        }
        finally
        {
            _chooseLock.Release();
        }
    }

    private async Task<RemotingConnection> GetSlotConnectionAsync(Slot slot, CancellationToken cancellationToken)
    {
        if (slot.Connection is { IsConnected: true } open)
        {
            return open;
        }
        await slot.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (slot.Connection is { IsConnected: true } again)
            {
                return again;
            }
            if (slot.Connection is { } dead)
            {
                await dead.DisposeAsync().ConfigureAwait(false);
                slot.Connection = null;
            }
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var connection = await RemotingConnection.ConnectAsync(slot.Address, _connectionOptions, cancellationToken)
                .ConfigureAwait(false);
            if (Volatile.Read(ref _disposed) != 0)
            {
                // Disposed while connecting: DisposeAsync has already swept the slots.
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new ObjectDisposedException(nameof(NameServerClient));
            }
            slot.Connection = connection;
            return connection;
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    private static T Decode<T>(string address, RemotingCommand response, string what, Func<byte[], T> decode)
    {
        if (response.Body.IsEmpty)
        {
            throw new NameServerException(address, response.Code, response.Remark ?? $"SUCCESS without the {what} body");
        }
        try
        {
            return decode(response.Body.ToArray());
        }
        catch (ProtocolException e)
        {
            throw new RemotingException(address, $"NameServer {address} sent an unreadable {what} body: {e.Message}", e);
        }
    }

    private static RemotingCommand Request(int code, ExtFields? ext = null, byte[]? body = null)
    {
        var request = RemotingCommand.CreateRequest(code, 0, extFields: ext);
        if (body is not null)
        {
            request.Body = body;
        }
        return request;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";

    private sealed class Slot(string address)
    {
        public string Address { get; } = address;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public volatile RemotingConnection? Connection;
    }
}
