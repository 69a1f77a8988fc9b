using System.Diagnostics;
using System.Globalization;
using System.Net;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.LoadGen;

/// <summary>Runs one invocation: optional populate, the measured load, the client ceiling; returns the report.</summary>
public static class LoadRunner
{
    /// <summary>Exit code when the target cannot be reached or nothing could register.</summary>
    public const int TargetFailed = 3;

    private const string TableCluster = "LoadGenCluster";
    private const string StormCluster = "LoadGenStormCluster";

    public static async Task<(int ExitCode, LoadReport? Report)> RunAsync(LoadSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        if (!LoadSettings.TryParseEndPoint(settings.Address, out var parsed, out var problem))
        {
            await log.WriteLineAsync($"--address: {problem}").ConfigureAwait(false);
            return (2, null);
        }
        EndPoint endPoint;
        try
        {
            endPoint = await ResolveAsync(parsed!, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await log.WriteLineAsync($"--address: cannot resolve {settings.Address}: {e.Message}").ConfigureAwait(false);
            return (TargetFailed, null);
        }

        var notes = new List<string>();
        RegisterStorm? table = null;
        using var keepAliveStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task keepAlive = Task.CompletedTask;
        string? populated = null;
        try
        {
            if (settings.PopulateBrokers > 0)
            {
                table = new RegisterStorm(settings.Address, TableCluster, "loadgen-broker", "127.0.0.1", settings.PopulateBrokers, settings.PopulateTopics, settings.Version, settings.SplitRegistrationSize, settings.PopulateDistinct);
                var (failed, firstError) = await table.RegisterOnceAsync(cancellationToken).ConfigureAwait(false);
                if (failed == settings.PopulateBrokers)
                {
                    await log.WriteLineAsync($"populate: no broker could register with {settings.Address}: {firstError}").ConfigureAwait(false);
                    return (TargetFailed, null);
                }
                populated = string.Create(CultureInfo.InvariantCulture, $"{settings.PopulateBrokers - failed} brokers x {settings.PopulateTopics} {(settings.PopulateDistinct ? "distinct topics each" : "topics")} (cluster {TableCluster}, topics Topic-0..)");
                if (failed > 0)
                {
                    notes.Add($"populate: {failed} of {settings.PopulateBrokers} brokers failed to register: {firstError}");
                }
                keepAlive = table.KeepAliveAsync(settings.Period, keepAliveStop.Token);
            }

            if (settings.Mode == LoadMode.Populate)
            {
                if (!settings.Json)
                {
                    await log.WriteLineAsync($"populated {populated} on {settings.Address}; holding for {settings.Duration.TotalSeconds:0.###} s").ConfigureAwait(false);
                }
                var holding = Stopwatch.GetTimestamp();
                try
                {
                    await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C or SIGTERM ends the hold early; the brokers still unregister.
                    notes.Add("populate: stopped early");
                }
                var held = Math.Round(Stopwatch.GetElapsedTime(holding).TotalSeconds, 1);
                return (0, new LoadReport(settings.Address, "populate", 0, held, populated, null, null, null, null, notes));
            }

            return await MeasureAsync(settings, endPoint, populated, notes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await keepAliveStop.CancelAsync().ConfigureAwait(false);
            await keepAlive.ConfigureAwait(false);
            if (table is not null)
            {
                await table.UnregisterAllAsync().ConfigureAwait(false);
                await table.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Route load against <paramref name="endPoint"/>; <paramref name="alongside"/> runs during it with the window's timestamps.</summary>
    public static async Task<RouteResult> RunRouteAsync(
        string target,
        EndPoint endPoint,
        LoadSettings settings,
        Func<long, long, Task>? alongside,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var requests = new RouteRequests(settings.TopicNames, settings.Version, settings.SerializeType);
        var distribution = new TopicDistribution(requests.Topics.Count, settings.Distribution, settings.Skew);
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + Ticks(settings.Warmup);
        var end = windowStart + Ticks(settings.Duration);
        var deadline = end + Ticks(settings.Drain);
        var connections = Enumerable.Range(0, settings.Connections)
            .Select(i => new RouteConnection(requests, new TopicPicker(distribution, (ulong)i + 1), settings.Depth))
            .ToList();
        var running = connections
            .Select(c => Task.Run(() => c.RunAsync(endPoint, windowStart, end, deadline, cancellationToken), CancellationToken.None))
            .ToList();
        if (alongside is not null)
        {
            running.Add(alongside(windowStart, end));
        }
        // This process's own CPU time in the window: a client near one core per core is the bottleneck itself.
        var clientCpu = TimeSpan.Zero;
        running.Add(Task.Run(
            async () =>
            {
                using var self = Process.GetCurrentProcess();
                await DelayUntil(windowStart, cancellationToken).ConfigureAwait(false);
                self.Refresh();
                var before = self.TotalProcessorTime;
                await DelayUntil(end, cancellationToken).ConfigureAwait(false);
                self.Refresh();
                clientCpu = self.TotalProcessorTime - before;
            },
            CancellationToken.None));
        await Task.WhenAll(running).ConfigureAwait(false);

        var histogram = new LatencyHistogram();
        var codes = new Dictionary<int, long>();
        long unexpected = 0;
        foreach (var connection in connections)
        {
            histogram.Add(connection.Histogram);
            foreach (var (code, count) in connection.Codes)
            {
                codes[code] = codes.GetValueOrDefault(code) + count;
            }
            unexpected += connection.UnexpectedAnswers;
        }
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (code, count) in codes.Where(c => c.Key != ResponseCode.Success).OrderBy(c => c.Key))
        {
            errors[$"{code} {CodeName(code)}"] = count;
        }
        if (unexpected > 0)
        {
            errors["unexpected opaque"] = unexpected;
        }
        var failures = connections.Where(c => c.Failure is not null)
            .GroupBy(c => c.Failure!)
            .Select(g => $"{g.Count()} connection(s): {g.Key}")
            .ToList();
        var seconds = settings.Duration.TotalSeconds;
        var reads = connections.Sum(c => c.Reads);
        var all = connections.Sum(c => c.AllAnswers);
        return new RouteResult(
            target,
            settings.Connections,
            settings.Depth,
            seconds,
            histogram.Count,
            codes.GetValueOrDefault(ResponseCode.Success),
            Math.Round(histogram.Count / seconds, 1),
            LatencySummary.From(histogram),
            errors,
            failures)
        {
            ReadsPerAnswer = all == 0 ? 0 : Math.Round((double)reads / all, 3),
            ClientCpuPercentOfOneCore = Math.Round(clientCpu.TotalSeconds / seconds * 100, 1),
        };
    }

    private static async Task<(int, LoadReport?)> MeasureAsync(LoadSettings settings, EndPoint endPoint, string? populated, List<string> notes, CancellationToken cancellationToken)
    {
        RegisterStorm? storm = null;
        RegisterResult? register = null;
        ProcessSample? before = null, after = null;
        try
        {
            if (settings.Mode is LoadMode.Register or LoadMode.Mixed)
            {
                storm = new RegisterStorm(settings.Address, StormCluster, "loadgen-storm", "127.0.0.2", settings.Brokers, settings.TopicsPerBroker, settings.Version, settings.SplitRegistrationSize);
            }
            async Task Window(long windowStart, long end)
            {
                await DelayUntil(windowStart, cancellationToken).ConfigureAwait(false);
                before = SamplePid(settings, notes);
                var registering = storm is null ? Task.CompletedTask : Task.Run(async () => register = await storm.RunAsync(settings.Period, end, cancellationToken).ConfigureAwait(false), CancellationToken.None);
                await DelayUntil(end, cancellationToken).ConfigureAwait(false);
                after = SamplePid(settings, notes);
                await registering.ConfigureAwait(false);
            }

            RouteResult? route = null;
            if (settings.Mode == LoadMode.Register)
            {
                var start = Stopwatch.GetTimestamp();
                var windowStart = start + Ticks(settings.Warmup);
                await Window(windowStart, windowStart + Ticks(settings.Duration)).ConfigureAwait(false);
            }
            else
            {
                route = await RunRouteAsync(settings.Address, endPoint, settings, Window, cancellationToken).ConfigureAwait(false);
            }

            RouteResult? ceiling = null;
            if (settings.Mode == LoadMode.Register)
            {
                notes.Add("client ceiling: not applicable to register storms (it measures route queries only)");
            }
            else if (!settings.Ceiling)
            {
                notes.Add("client ceiling: not measured (--no-ceiling)");
            }
            else
            {
                await using var responder = TrivialResponder.Start();
                ceiling = await RunRouteAsync("in-process trivial responder " + responder.EndPoint, responder.EndPoint, settings, null, cancellationToken).ConfigureAwait(false);
            }

            ServerStats? server = null;
            if (settings.Pid is { } pid && before is not null && after is not null)
            {
                var cpu = after.CpuSeconds - before.CpuSeconds;
                server = new ServerStats(pid, Math.Round(cpu, 3), Math.Round(cpu / settings.Duration.TotalSeconds * 100, 1), after.RssKb, after.PeakRssKb);
            }
            var report = new LoadReport(
                settings.Address,
                settings.Mode.ToString().ToLowerInvariant(),
                settings.Warmup.TotalSeconds,
                settings.Duration.TotalSeconds,
                populated,
                route,
                register,
                server,
                ceiling,
                notes);
            var unreachable = route is { Answers: 0 } && route.ConnectionFailures.Count > 0;
            var nothingRegistered = register is { Registrations: 0 } && register.ErrorsByCode.Count > 0;
            return (unreachable || nothingRegistered ? TargetFailed : 0, report);
        }
        finally
        {
            if (storm is not null)
            {
                await storm.UnregisterAllAsync().ConfigureAwait(false);
                await storm.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ProcessSample? SamplePid(LoadSettings settings, List<string> notes)
    {
        if (settings.Pid is not { } pid)
        {
            return null;
        }
        var sample = ProcessSampler.TrySample(pid, out var problem);
        if (sample is null)
        {
            lock (notes)
            {
                notes.Add($"--pid: {problem}");
            }
        }
        return sample;
    }

    private static async Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<EndPoint> ResolveAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        if (endPoint is not DnsEndPoint dns)
        {
            return endPoint;
        }
        var addresses = await Dns.GetHostAddressesAsync(dns.Host, cancellationToken).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
        return new IPEndPoint(address, dns.Port);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string CodeName(int code) => code switch
    {
        ResponseCode.SystemError => "SYSTEM_ERROR",
        ResponseCode.SystemBusy => "SYSTEM_BUSY",
        ResponseCode.RequestCodeNotSupported => "REQUEST_CODE_NOT_SUPPORTED",
        ResponseCode.NoPermission => "NO_PERMISSION",
        ResponseCode.TopicNotExist => "TOPIC_NOT_EXIST",
        ResponseCode.QueryNotFound => "QUERY_NOT_FOUND",
        ResponseCode.GoAway => "GO_AWAY",
        _ => "OTHER",
    };
}
