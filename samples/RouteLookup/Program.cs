using System.CommandLine;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

// Looks topic routes up once, or (--watch) keeps them fresh with a RouteCache and prints every change until Ctrl+C.
// Run: dotnet run --project samples/RouteLookup -- -n 127.0.0.1:9876 -t TopicTest -t Shared --watch --period 5
var namesrv = new Option<string?>("--namesrvAddr", "-n")
{
    Description = "NameServer list \"host:port;host:port\" (default: env NAMESRV_ADDR).",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NAMESRV_ADDR"),
};
var topics = new Option<string[]>("--topic", "-t")
{
    Description = "Topic to look up (repeat for several).",
    Required = true,
    AllowMultipleArgumentsPerToken = true,
};
var watch = new Option<bool>("--watch") { Description = "Keep watching the routes and print each change until Ctrl+C." };
var period = new Option<double>("--period")
{
    Description = "Refresh period in seconds for --watch.",
    DefaultValueFactory = _ => 30,
};
period.Validators.Add(r =>
{
    // The option has a plain double value: a non-number is already a parse error, so reading here is safe.
    if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is <= 0 or > 86_400)
    {
        r.AddError("--period must be between 0 and 86400 seconds.");
    }
});

var root = new RootCommand("Prints the routes of topics from RocketMQ NameServers; --watch follows their changes.")
{
    namesrv,
    topics,
    watch,
    period,
};
root.SetAction(async (parse, cancellationToken) =>
{
    IReadOnlyList<string> addresses;
    try
    {
        addresses = NameServerAddresses.Parse(parse.GetValue(namesrv));
    }
    catch (ArgumentException e)
    {
        var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
        Console.Error.WriteLine($"route-lookup: {message} Pass -n or set NAMESRV_ADDR.");
        return 1;
    }
    await using var client = new NameServerClient(string.Join(';', addresses));
    var names = parse.GetValue(topics)!.Distinct(StringComparer.Ordinal).ToList();
    if (!parse.GetValue(watch))
    {
        var failed = false;
        foreach (var topic in names)
        {
            try
            {
                Print(topic, await client.GetRouteInfoByTopicAsync(topic, cancellationToken: cancellationToken));
            }
            catch (RemotingException e)
            {
                Console.Error.WriteLine($"{topic}: {OneLine(e.Message)}");
                failed = true;
            }
        }
        return failed ? 3 : 0;
    }

    await using var cache = new RouteCache(client, new RouteCacheOptions { RefreshPeriod = TimeSpan.FromSeconds(parse.GetValue(period)) });
    cache.RouteChanged += (_, e) =>
    {
        Console.WriteLine($"[{DateTimeOffset.Now:HH:mm:ss}] route of {e.Topic} changed");
        Print(e.Topic, e.NewRoute);
    };
    cache.RefreshFailed += (_, e) => Console.Error.WriteLine($"[{DateTimeOffset.Now:HH:mm:ss}] {e.Topic}: {OneLine(e.Error.Message)} (keeping the last route)");
    foreach (var topic in names)
    {
        await cache.SubscribeAsync(topic, cancellationToken);
        if (!cache.TryGet(topic, out _))
        {
            Console.WriteLine($"{topic}: no route yet, watching.");
        }
    }
    Console.WriteLine($"Watching {names.Count} topic(s) every {cache.RefreshPeriod.TotalSeconds:0.###} s; Ctrl+C stops.");
    try
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C: the normal way out.
    }
    return 0;
});
return await root.Parse(args).InvokeAsync();

static void Print(string topic, TopicRouteData? route)
{
    if (route is null)
    {
        Console.WriteLine($"{topic}: no route (the topic does not exist)");
        return;
    }
    Console.WriteLine($"{topic}:");
    foreach (var broker in route.BrokerDatas.OrderBy(b => b.BrokerName, StringComparer.Ordinal))
    {
        var queues = route.QueueDatas.FirstOrDefault(q => q.BrokerName == broker.BrokerName);
        var members = string.Join(", ", broker.BrokerAddrs.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"));
        var queueText = queues is null ? "no queues" : $"read {queues.ReadQueueNums} write {queues.WriteQueueNums} perm {queues.Perm}";
        Console.WriteLine($"  {broker.Cluster}/{broker.BrokerName}: {members}; {queueText}");
    }
    if (route.OrderTopicConf is { } order)
    {
        Console.WriteLine($"  order conf: {order}");
    }
}

static string OneLine(string text) =>
    string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
