using System.Diagnostics;
using System.Globalization;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.LoadGen;

/// <summary>
/// B simulated brokers with T business topics each, every one on its own connection. <see cref="RunAsync"/> registers
/// them all at once (the storm) and re-registers each on its period until the end of the window;
/// <see cref="RegisterOnceAsync"/> and <see cref="KeepAliveAsync"/> serve to populate a route table.
/// </summary>
public sealed class RegisterStorm : IAsyncDisposable
{
    private readonly List<SimulatedBroker> _brokers = [];
    private readonly LatencyHistogram _histogram = new();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _registrations;

    public RegisterStorm(string address, string clusterName, string brokerPrefix, string brokerHost, int brokers, int topicsPerBroker, int version, int splitRegistrationSize = 0, bool distinctTopics = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(topicsPerBroker);
        for (var i = 0; i < brokers; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{brokerPrefix}-{i}");
            // Distinct: broker i holds Topic-(i*T)..Topic-(i*T+T-1), each topic on one broker (the shape of many small
            // clusters behind one NameServer); otherwise every topic sits on (nearly) every broker.
            var names = distinctTopics
                ? Enumerable.Range(i * topicsPerBroker, topicsPerBroker).Select(t => string.Create(CultureInfo.InvariantCulture, $"Topic-{t}")).ToList()
                : SimulatedBroker.BusinessTopicsFor(i, brokers, topicsPerBroker);
            var topics = SimulatedBroker.BuildTopicTable(clusterName, name, names);
            var options = new SimulatedBrokerOptions(
                clusterName,
                name,
                0,
                string.Create(CultureInfo.InvariantCulture, $"{brokerHost}:{20000 + (i * 2)}"),
                string.Create(CultureInfo.InvariantCulture, $"{brokerHost}:{20001 + (i * 2)}"))
            {
                Topics = topics,
                SplitRegistrationSize = splitRegistrationSize,
            };
            _brokers.Add(new SimulatedBroker(options, new NameServerClientOptions { Addresses = address, Version = version, RandomStart = false }));
        }
        TopicsPerBroker = topicsPerBroker;
    }

    public int Brokers => _brokers.Count;

    public int TopicsPerBroker { get; }

    /// <summary>Registers every broker once, all together; returns the number that failed and the first error.</summary>
    public async Task<(int Failed, string? FirstError)> RegisterOnceAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_brokers.Select(b => b.RegisterAsync(cancellationToken))).ConfigureAwait(false);
        var errors = results.SelectMany(r => r).Where(r => r.Error is not null).Select(r => r.Error!.Message).ToList();
        return (errors.Count, errors.FirstOrDefault());
    }

    /// <summary>Re-registers every broker on <paramref name="period"/> until cancelled (keeps a populated table alive).</summary>
    public Task KeepAliveAsync(TimeSpan period, CancellationToken cancellationToken) =>
        Task.WhenAll(_brokers.Select(async b =>
        {
            try
            {
                await Task.Delay(period, cancellationToken).ConfigureAwait(false);
                await b.RunAsync(period, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Normal stop.
            }
        }));

    /// <summary>
    /// The storm: every broker registers now, then every <paramref name="period"/>, until
    /// <paramref name="endTimestamp"/>; registrations that end before it are counted.
    /// </summary>
    public async Task<RegisterResult> RunAsync(TimeSpan period, long endTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(_brokers.Select(b => RunOneAsync(b, period, endTimestamp, cancellationToken))).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(start, endTimestamp).TotalSeconds;
        lock (_histogram)
        {
            return new RegisterResult(
                _brokers.Count,
                TopicsPerBroker,
                _registrations,
                seconds > 0 ? Math.Round(_registrations / seconds, 1) : 0,
                LatencySummary.From(_histogram),
                new SortedDictionary<string, long>(_errors, StringComparer.Ordinal));
        }
    }

    /// <summary>Unregisters every broker (best effort), so the table does not keep them for two minutes.</summary>
    public async Task UnregisterAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Task.WhenAll(_brokers.Select(async b =>
        {
            try
            {
                await b.UnregisterAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RemotingException or OperationCanceledException)
            {
                // Best effort: the NameServer expires it anyway.
            }
        })).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(SimulatedBroker broker, TimeSpan period, long endTimestamp, CancellationToken cancellationToken)
    {
        try
        {
            while (Stopwatch.GetTimestamp() < endTimestamp)
            {
                var started = Stopwatch.GetTimestamp();
                var results = await broker.RegisterAsync(cancellationToken).ConfigureAwait(false);
                var finished = Stopwatch.GetTimestamp();
                if (finished >= endTimestamp)
                {
                    return;
                }
                lock (_histogram)
                {
                    foreach (var result in results)
                    {
                        if (result.Error is null)
                        {
                            _registrations++;
                            _histogram.Record((long)Stopwatch.GetElapsedTime(started, finished).TotalMicroseconds);
                        }
                        else
                        {
                            var key = ErrorKey(result.Error);
                            _errors[key] = _errors.GetValueOrDefault(key) + 1;
                        }
                    }
                }
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Math.Min(endTimestamp, started + (long)(period.TotalSeconds * Stopwatch.Frequency)));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the caller.
        }
    }

    private static string ErrorKey(Exception error) => error switch
    {
        NameServerException e => e.Code.ToString(CultureInfo.InvariantCulture),
        RemotingTimeoutException => "timeout",
        RemotingConnectException => "connect",
        _ => error.GetType().Name,
    };
}
