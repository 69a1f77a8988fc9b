using System.CommandLine;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.LoadGen;

/// <summary>The command line of the load generator (System.CommandLine 3.0).</summary>
public static class LoadGenCommand
{
    /// <summary>Exit code for arguments that parse but do not make sense together.</summary>
    public const int InvalidArguments = 2;

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var mode = Choice(new Option<string>("--mode", "-m") { Description = "route (queries), register (storm), mixed (both at once) or populate (register brokers and hold them).", DefaultValueFactory = _ => "route" }, "route", "register", "mixed", "populate");
        var address = new Option<string>("--address", "-a") { Description = "NameServer host:port (ours or Java's).", DefaultValueFactory = _ => "127.0.0.1:9876" };
        var connections = new Option<int>("--connections", "-c") { Description = "Route-query connections.", DefaultValueFactory = _ => 16 };
        var depth = new Option<int>("--depth", "-d") { Description = "Requests in flight per connection.", DefaultValueFactory = _ => 1 };
        var topics = new Option<int>("--topics") { Description = "Table size: query topics Topic-0..Topic-(N-1).", DefaultValueFactory = _ => 100 };
        var topicList = new Option<string?>("--topic-list") { Description = "Query these topics instead (comma-separated).", HelpName = "a,b,c" };
        var distribution = Choice(new Option<string>("--distribution") { Description = "How queries spread over the topics: uniform or zipf.", DefaultValueFactory = _ => "uniform" }, "uniform", "zipf");
        var skew = new Option<double>("--skew") { Description = "Zipf exponent (topic k has weight 1/(k+1)^skew).", DefaultValueFactory = _ => 1.0 };
        var warmup = Duration(new Option<string>("--warmup") { Description = "Warm-up before measuring (e.g. 1s, 500ms).", DefaultValueFactory = _ => "1s" });
        var duration = Duration(new Option<string>("--duration") { Description = "Measured time (populate: how long to hold the brokers).", DefaultValueFactory = _ => "5s" });
        var version = new Option<int>("--version") { Description = "MQVersion ordinal sent with every request (479 = 5.3.3, 409 = 4.9.8).", DefaultValueFactory = _ => 479 };
        var serialize = Choice(new Option<string>("--serialize") { Description = "Header encoding of route queries: json or rocketmq (binary).", DefaultValueFactory = _ => "json" }, "json", "rocketmq");
        var brokers = new Option<int>("--brokers") { Description = "Register storm: number of brokers, each on its own connection.", DefaultValueFactory = _ => 100 };
        var topicsPerBroker = new Option<int>("--topics-per-broker") { Description = "Register storm: business topics per broker.", DefaultValueFactory = _ => 10 };
        var period = Duration(new Option<string>("--period") { Description = "Re-registration period of storm and populate brokers.", DefaultValueFactory = _ => "30s" });
        var populateBrokers = new Option<int>("--populate-brokers") { Description = "Register this many brokers first and keep them alive during the run.", DefaultValueFactory = _ => 0 };
        var populateTopics = new Option<int>("--populate-topics") { Description = "Business topics (Topic-i) per populate broker.", DefaultValueFactory = _ => 100 };
        var populateDistinct = new Option<bool>("--populate-distinct") { Description = "Give each populate broker its own topics: broker i holds Topic-(i*T)..Topic-(i*T+T-1), so B x T topics, each on one broker." };
        var splitSize = new Option<int>("--split-registration-size") { Description = "5.x split registration: send tables larger than this as several registrations (0 = off; Java's splitRegistrationSize is 800). Needed above ~60,000 topics per broker.", DefaultValueFactory = _ => 0 };
        var pid = new Option<int?>("--pid") { Description = "Server process id: report its CPU time and RSS during the window (Linux /proc)." };
        var noCeiling = new Option<bool>("--no-ceiling") { Description = "Skip the client-ceiling run against the in-process trivial responder." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };

        var root = new RootCommand(
            "Load generator for any RocketMQ NameServer: route queries, register storms, both, or a populated table " +
            "(exit codes: 0 ok, 1 bad syntax, 2 inconsistent options, 3 target unreachable or nothing registered).");
        // "--version" is the protocol version here, so the built-in version option has to go.
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(builtIn);
        }
        foreach (var option in new Option[] { mode, address, connections, depth, topics, topicList, distribution, skew, warmup, duration, version, serialize, brokers, topicsPerBroker, period, populateBrokers, populateTopics, populateDistinct, splitSize, pid, noCeiling, json })
        {
            root.Options.Add(option);
        }

        root.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new LoadSettings
            {
                Mode = Enum.Parse<LoadMode>(parseResult.GetValue(mode)!, ignoreCase: true),
                Address = parseResult.GetValue(address)!,
                Connections = parseResult.GetValue(connections),
                Depth = parseResult.GetValue(depth),
                Topics = parseResult.GetValue(topics),
                TopicList = parseResult.GetValue(topicList) is { } list
                    ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : null,
                Distribution = Enum.Parse<DistributionKind>(parseResult.GetValue(distribution)!, ignoreCase: true),
                Skew = parseResult.GetValue(skew),
                Warmup = ParsedDuration(parseResult.GetValue(warmup)),
                Duration = ParsedDuration(parseResult.GetValue(duration)),
                Version = parseResult.GetValue(version),
                SerializeType = parseResult.GetValue(serialize) == "rocketmq" ? SerializeType.RocketMq : SerializeType.Json,
                Brokers = parseResult.GetValue(brokers),
                TopicsPerBroker = parseResult.GetValue(topicsPerBroker),
                Period = ParsedDuration(parseResult.GetValue(period)),
                PopulateBrokers = parseResult.GetValue(populateBrokers),
                PopulateTopics = parseResult.GetValue(populateTopics),
                PopulateDistinct = parseResult.GetValue(populateDistinct),
                SplitRegistrationSize = parseResult.GetValue(splitSize),
                Pid = parseResult.GetValue(pid),
                Ceiling = !parseResult.GetValue(noCeiling),
                Json = parseResult.GetValue(json),
            };
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem);
                }
                return InvalidArguments;
            }
            var (exitCode, report) = await LoadRunner.RunAsync(settings, error, cancellationToken);
            if (report is not null)
            {
                await output.WriteAsync(settings.Json ? ReportWriter.ToJson(report) + Environment.NewLine : ReportWriter.ToText(report));
            }
            return exitCode;
        });
        return root;
    }

    private static TimeSpan ParsedDuration(string? text) =>
        LoadSettings.TryParseDuration(text, out var value) ? value : TimeSpan.Zero;

    private static Option<string> Duration(Option<string> option)
    {
        option.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!LoadSettings.TryParseDuration(text, out _))
            {
                r.AddError($"{option.Name} must be a duration such as 500ms, 2s, 1m or a number of seconds (got '{text}').");
            }
        });
        return option;
    }

    private static Option<string> Choice(Option<string> option, params string[] choices)
    {
        option.HelpName = string.Join('|', choices);
        option.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!choices.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                r.AddError($"{option.Name} must be one of {string.Join(", ", choices)} (got '{text}').");
            }
        });
        return option;
    }
}
