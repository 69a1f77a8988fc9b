using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using NameServer.Actors.Client;
using NameServer.Actors.Contracts;
using NameServer.Actors.LoadGen;

namespace NameServer.Actors.RemoteLoad;

/// <summary>
/// Load over the Akka message contract against a running namesrv with remoting on (docs/AKKA-REMOTE.md):
/// <list type="bullet">
/// <item><c>query</c>: route queries (<see cref="GetRoute"/>) from one client actor system with a number of requests in
/// flight for a bounded time: throughput and latency percentiles;</item>
/// <item><c>push</c>: the delay from a TCP broker's registration (and its connection closing) to the matching
/// <see cref="RouteChanged"/> at a subscriber, over a number of registrations.</item>
/// </list>
/// Usage: <c>remoteload [--mode query|push|both] [--namesrv 127.0.0.1:9876] [--akka 127.0.0.1:2552]
/// [--in-flight 64] [--duration 10] [--warmup 3] [--topics 100] [--registrations 200]</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("remoteload: " + e.Message);
            return 2;
        }

        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            """).WithFallback(NameServerContracts.Config);
        using var system = ActorSystem.Create("remoteload", config);
        try
        {
            var gatewayAddress = NameServerContracts.GatewayAddress(options.AkkaHost, options.AkkaPort);
            IActorRef gateway;
            try
            {
                gateway = await system.ActorSelection(gatewayAddress).ResolveOne(TimeSpan.FromSeconds(10));
            }
            catch (ActorNotFoundException)
            {
                await Console.Error.WriteLineAsync($"remoteload: no gateway at {gatewayAddress} (is namesrv running with --akka.actor.provider=remote?)");
                return 1;
            }
            Console.WriteLine($"gateway {gatewayAddress}, TCP {options.Namesrv}");
            if (options.Mode is "query" or "both")
            {
                await QueryAsync(gateway, options);
            }
            if (options.Mode is "push" or "both")
            {
                await PushAsync(system, gateway, options);
            }
            return 0;
        }
        finally
        {
            await system.Terminate();
        }
    }

    // One TCP broker serves the queried topics for the whole run.
    private static async Task QueryAsync(IActorRef gateway, Options options)
    {
        var topics = Enumerable.Range(0, options.Topics).Select(i => $"RemoteLoad-Query-{i}").ToArray();
        await using var broker = Broker(options, "remoteload-query", "10.255.0.1:10911", topics);
        await RegisterAsync(broker);
        var reply = await gateway.Ask<RouteReply>(new GetRoute(topics[0]), TimeSpan.FromSeconds(5));
        if (reply.Route is null)
        {
            throw new InvalidOperationException($"{topics[0]} has no route after the registration");
        }

        var histograms = Enumerable.Range(0, options.InFlight).Select(_ => new LatencyHistogram()).ToArray();
        var measuring = false;
        var stop = false;
        var errors = 0L;
        var loops = Enumerable.Range(0, options.InFlight).Select(n => Task.Run(async () =>
        {
            var histogram = histograms[n];
            var i = n;
            while (!Volatile.Read(ref stop))
            {
                var topic = topics[i++ % topics.Length];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await gateway.Ask<RouteReply>(new GetRoute(topic), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    if (Volatile.Read(ref measuring))
                    {
                        histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    }
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.Delay(options.Warmup);
        Volatile.Write(ref measuring, true);
        var window = Stopwatch.StartNew();
        await Task.Delay(options.Duration);
        Volatile.Write(ref measuring, false);
        var elapsed = window.Elapsed;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(loops);

        var all = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            all.Add(histogram);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"query: {options.InFlight} in flight, {elapsed.TotalSeconds:F1} s: {all.Count / elapsed.TotalSeconds:F0} routes/s, " +
            $"p50 {Ms(all.ValueAtPercentile(50))} ms, p99 {Ms(all.ValueAtPercentile(99))} ms, p99.9 {Ms(all.ValueAtPercentile(99.9))} ms, " +
            $"max {Ms(all.Max)} ms, timeouts {errors}"));
    }

    // Registrations one at a time, each by a new broker with a topic of its own; then each broker's connection closes.
    private static async Task PushAsync(ActorSystem system, IActorRef gateway, Options options)
    {
        var changes = Channel.CreateUnbounded<(string Topic, bool HasRoute, long At)>();
        var subscriber = system.ActorOf(Props.Create(() => new Subscriber(changes.Writer)), "subscriber");
        // One more than measured: the first pays for the first TCP connection and JIT compilation.
        var topics = Enumerable.Range(0, options.Registrations + 1).Select(i => $"RemoteLoad-Push-{i}").ToArray();
        gateway.Tell(new SubscribeRoutes(topics), subscriber);
        // The current routes (none, in the NameServer's order) come first.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            for (var i = 0; i < topics.Length; i++)
            {
                await changes.Reader.ReadAsync(timeout.Token);
            }
        }

        var registered = new List<double>();
        var closed = new List<double>();
        for (var i = 0; i < topics.Length; i++)
        {
            var broker = Broker(options, $"remoteload-push-{i}", string.Create(CultureInfo.InvariantCulture, $"10.255.1.{i % 250}:{10911 + (i / 250)}"), [topics[i]]);
            var started = Stopwatch.GetTimestamp();
            var register = broker.RegisterAsync();
            var at = await ReadChangeAsync(changes.Reader, topics[i], hasRoute: true);
            if (i > 0)
            {
                registered.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
            }
            Check(await register);

            started = Stopwatch.GetTimestamp();
            await broker.DisposeAsync();
            at = await ReadChangeAsync(changes.Reader, topics[i], hasRoute: false);
            if (i > 0)
            {
                closed.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
            }
        }
        gateway.Tell(new UnsubscribeRoutes(), subscriber);
        Console.WriteLine($"push: registration -> RouteChanged over {registered.Count}: {Summary(registered)}");
        Console.WriteLine($"push: TCP close -> RouteChanged over {closed.Count}: {Summary(closed)}");
    }

    private static async Task<long> ReadChangeAsync(ChannelReader<(string Topic, bool HasRoute, long At)> reader, string topic, bool hasRoute)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var change = await reader.ReadAsync(timeout.Token);
            if (change.Topic == topic && change.HasRoute == hasRoute)
            {
                return change.At;
            }
        }
    }

    private static SimulatedBroker Broker(Options options, string name, string addr, IReadOnlyList<string> topics) => new(
        new SimulatedBrokerOptions("RemoteLoadCluster", name, 0, addr, addr)
        {
            Topics = SimulatedBroker.BuildTopicTable("RemoteLoadCluster", name, topics),
        },
        new NameServerClientOptions { Addresses = options.Namesrv, RandomStart = false });

    private static async Task RegisterAsync(SimulatedBroker broker) => Check(await broker.RegisterAsync());

    private static void Check(IReadOnlyList<ServerResult<RegisterBrokerResult>> results)
    {
        if (results.FirstOrDefault(r => r.Error is not null) is { } failed)
        {
            throw new InvalidOperationException($"registration at {failed.Address} failed: {failed.Error!.Message}");
        }
    }

    private static string Summary(List<double> delays)
    {
        var sorted = delays.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(50):F2} ms, p99 {At(99):F2} ms, max {sorted[^1]:F2} ms");
    }

    private static string Ms(long micros) => (micros / 1000.0).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Stamps each route change as it arrives.</summary>
    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber(ChannelWriter<(string Topic, bool HasRoute, long At)> changes)
        {
            Receive<RouteChanged>(m => changes.TryWrite((m.Topic, m.Route is not null, Stopwatch.GetTimestamp())));
            ReceiveAny(_ => { });
        }
    }

    private sealed record Options(
        string Mode, string Namesrv, string AkkaHost, int AkkaPort, int InFlight, TimeSpan Duration, TimeSpan Warmup, int Topics, int Registrations)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    values[args[i][2..]] = args[++i];
                }
                else
                {
                    throw new ArgumentException($"unexpected argument '{args[i]}'");
                }
            }
            string Get(string key, string fallback) => values.Remove(key, out var value) ? value : fallback;
            int Int(string key, int fallback, int min)
            {
                var text = Get(key, fallback.ToString(CultureInfo.InvariantCulture));
                return int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min
                    ? value
                    : throw new ArgumentException($"--{key} '{text}' is not a whole number of at least {min}");
            }
            var mode = Get("mode", "both");
            if (mode is not ("query" or "push" or "both"))
            {
                throw new ArgumentException($"--mode '{mode}' is not query, push or both");
            }
            var akka = Get("akka", "127.0.0.1:2552");
            var colon = akka.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(akka[(colon + 1)..], CultureInfo.InvariantCulture, out var akkaPort) || akkaPort is < 1 or > 65535)
            {
                throw new ArgumentException($"--akka '{akka}' is not host:port");
            }
            var options = new Options(
                mode, Get("namesrv", "127.0.0.1:9876"), akka[..colon], akkaPort, Int("in-flight", 64, 1),
                TimeSpan.FromSeconds(Int("duration", 10, 1)), TimeSpan.FromSeconds(Int("warmup", 3, 0)), Int("topics", 100, 1),
                Int("registrations", 200, 1));
            if (values.Count > 0)
            {
                throw new ArgumentException($"unknown option --{values.Keys.First()}");
            }
            return options;
        }
    }
}
