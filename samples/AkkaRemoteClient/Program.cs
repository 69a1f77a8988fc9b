using System.CommandLine;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using NameServer.Actors.AkkaRemoteClient;
using NameServer.Actors.Client.Akka;
using NameServer.Actors.Contracts;

// Follows the routes of topics pushed by NameServers over Akka.Remote (namesrv --akka.actor.provider=remote
// --akka.remote.dot-netty.tcp.port=2552), failing over between them, until --duration or Ctrl+C.
// Run: dotnet run --project samples/AkkaRemoteClient -- -g 127.0.0.1:2552 -t TopicTest
var gateways = new Option<string>("--gateways", "-g")
{
    Description = "The NameServers' Akka.Remote endpoints in fail-over order: \"host:port;host:port\" (their akka.remote.dot-netty.tcp hostname and port), or gateway actor paths.",
    Required = true,
};
var topics = new Option<string[]>("--topic", "-t")
{
    Description = "Topic to follow (repeat for several); none: every topic.",
    AllowMultipleArgumentsPerToken = true,
};
var duration = new Option<double?>("--duration")
{
    Description = "Seconds to run before exiting; without it, until Ctrl+C.",
};
duration.Validators.Add(r =>
{
    if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, CultureInfo.InvariantCulture, out var seconds) && seconds is <= 0 or > 86_400)
    {
        r.AddError("--duration must be between 0 and 86400 seconds.");
    }
});
var timeout = new Option<double>("--request-timeout")
{
    Description = "Seconds one NameServer may take to be found or to answer before the next is tried.",
    DefaultValueFactory = _ => 3,
};
timeout.Validators.Add(r =>
{
    if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, CultureInfo.InvariantCulture, out var seconds) && seconds is <= 0 or > 600)
    {
        r.AddError("--request-timeout must be between 0 and 600 seconds.");
    }
});

var root = new RootCommand("Prints the routes NameServers push over Akka.Remote, and each change, as it happens.")
{
    gateways,
    topics,
    duration,
    timeout,
};
root.SetAction(async (parse, cancellationToken) =>
{
    NameServerAkkaClientSettings settings;
    try
    {
        settings = NameServerAkkaClientSettings.Create(parse.GetValue(gateways)) with
        {
            RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
        };
    }
    catch (ArgumentException e)
    {
        var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
        Console.Error.WriteLine($"akka-remote-client: {message}");
        return 1;
    }
    var names = parse.GetValue(topics) is { Length: > 0 } list ? list.Distinct(StringComparer.Ordinal).ToList() : null;
    if (names is not null && names.Any(string.IsNullOrWhiteSpace))
    {
        Console.Error.WriteLine("akka-remote-client: a topic is empty.");
        return 1;
    }

    // Akka.Remote on a free port of the loopback interface (clients need no fixed port), the contract's serializer,
    // and only warnings from Akka itself. The watch failure detector notices a killed NameServer (no heartbeat for
    // 3 s) sooner than with Akka's default pause of 10 s.
    var config = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          actor.provider = remote
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          remote.watch-failure-detector.acceptable-heartbeat-pause = 3s
        }
        """)
        .WithFallback(NameServerContracts.Config);
    using var system = ActorSystem.Create("akka-remote-client", config);
    var client = NameServerAkkaClient.Create(system, settings);
    var printer = system.ActorOf(RoutePrinter.Props(Console.Out), "printer");
    Console.WriteLine(names is null
        ? $"Following every topic's route from {string.Join(", ", settings.Gateways)}"
        : $"Following {string.Join(", ", names)} from {string.Join(", ", settings.Gateways)}");
    client.Subscribe(names, printer);

    var wait = parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
    try
    {
        await Task.Delay(wait, cancellationToken);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C: the normal way out.
    }
    Console.WriteLine("Stopping.");
    await system.Terminate();
    return 0;
});
return await root.Parse(args).InvokeAsync();
