using System.CommandLine;
using NameServer.Actors.BrokerSimulator;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;

// Leave time after Ctrl+C for the brokers to unregister (one request timeout per NameServer, in parallel).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
return await SimulatorCommand.Build(Console.Out, Console.Error).Parse(args).InvokeAsync(invocation);

namespace NameServer.Actors.BrokerSimulator
{
    /// <summary>The command line of the simulator (System.CommandLine 3.0).</summary>
    public static class SimulatorCommand
    {
        /// <summary>Exit code for arguments that parse but do not make sense together.</summary>
        public const int InvalidArguments = 2;

        public static RootCommand Build(TextWriter output, TextWriter error)
        {
            var namesrv = new Option<string?>("--namesrv", "-n")
            {
                Description = "NameServer list \"host:port;host:port\" (default: env NAMESRV_ADDR). Every broker registers with every one.",
                DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NAMESRV_ADDR"),
            };
            var clusters = Positive(new Option<int>("--clusters") { Description = "Number of clusters the groups are spread over.", DefaultValueFactory = _ => 1 });
            var brokers = Positive(new Option<int>("--brokers") { Description = "Number of broker groups (broker-0, broker-1, ...).", DefaultValueFactory = _ => 1 });
            var slaves = NotNegative(new Option<int>("--slaves") { Description = "Slaves per group (brokerId 1..k).", DefaultValueFactory = _ => 0 });
            var topics = NotNegative(new Option<int>("--topics") { Description = "Business topics per broker (Topic-<i>, shared between groups).", DefaultValueFactory = _ => 4 });
            var period = Seconds(new Option<double>("--period") { Description = "Re-registration period in seconds.", DefaultValueFactory = _ => 30 });
            var version = new Option<string>("--version")
            {
                Description = "Broker style: 4.9 (version 409, no enableActingMaster) or 5.x (version 479, enableActingMaster=false, stateVersion).",
                DefaultValueFactory = _ => "5.x",
                HelpName = "4.9|5.x",
            };
            version.Validators.Add(r =>
            {
                if (SimulatorSettings.ParseVersion(r.GetValueOrDefault<string>() ?? string.Empty) is null)
                {
                    r.AddError($"--version must be 4.9 or 5.x (got '{r.GetValueOrDefault<string>()}').");
                }
            });
            var compressed = new Option<bool>("--compressed") { Description = "Send the zlib-compressed registration body." };
            var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: run until Ctrl+C)." };
            duration.Validators.Add(r =>
            {
                if (TryValue(r, out double? seconds) && seconds is <= 0)
                {
                    r.AddError("--duration must be positive.");
                }
            });
            var host = new Option<string>("--host") { Description = "Host part of the broker addresses.", DefaultValueFactory = _ => "127.0.0.1" };
            var basePort = new Option<int>("--base-port") { Description = "Listen port of the first broker; each next one gets +10 (HA port = +1).", DefaultValueFactory = _ => 10911 };
            basePort.Validators.Add(r =>
            {
                if (TryValue(r, out int port) && port is < 1 or > 65534)
                {
                    r.AddError("--base-port must be between 1 and 65534.");
                }
            });
            var crash = new Option<string[]>("--crash")
            {
                Description = "Brokers to crash (connections reset, no unregister): broker-<n> (whole group) or broker-<n>:<id>, comma-separated.",
                AllowMultipleArgumentsPerToken = true,
                HelpName = "brokerName[,..]",
            };
            var crashAfter = Seconds(new Option<double>("--crash-after") { Description = "Seconds before --crash happens.", DefaultValueFactory = _ => 10 });
            var silence = new Option<string[]>("--silence")
            {
                Description = "Brokers that stop re-registering but keep their connections open (same syntax as --crash).",
                AllowMultipleArgumentsPerToken = true,
                HelpName = "brokerName[,..]",
            };
            var silenceAfter = Seconds(new Option<double>("--silence-after") { Description = "Seconds before --silence happens.", DefaultValueFactory = _ => 10 });
            var unregister = new Option<bool>("--unregister-on-exit") { Description = "Unregister the running brokers when stopping (crashed and silenced ones never do).", DefaultValueFactory = _ => true };
            var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print one line per event." };
            var json = new Option<bool>("--json") { Description = "Print the final summary as JSON." };

            var root = new RootCommand(
                "Simulates RocketMQ brokers that register with NameServers (exit codes: 0 ok, 1 bad syntax, 2 inconsistent options, 3 nothing could register).");
            // "--version" selects the broker style here, so the built-in version option has to go.
            foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
            {
                root.Options.Remove(builtIn);
            }
            foreach (var option in new Option[] { namesrv, clusters, brokers, slaves, topics, period, version, compressed, duration, host, basePort, crash, crashAfter, silence, silenceAfter, unregister, quiet, json })
            {
                root.Options.Add(option);
            }

            root.SetAction(async (parseResult, cancellationToken) =>
            {
                IReadOnlyList<string> nameServers;
                try
                {
                    nameServers = NameServerAddresses.Parse(parseResult.GetValue(namesrv));
                }
                catch (ArgumentException e)
                {
                    var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
                    await error.WriteLineAsync($"--namesrv: {message} Pass --namesrv/-n or set NAMESRV_ADDR.");
                    return InvalidArguments;
                }
                var settings = new SimulatorSettings
                {
                    NameServers = nameServers,
                    Clusters = parseResult.GetValue(clusters),
                    Brokers = parseResult.GetValue(brokers),
                    Slaves = parseResult.GetValue(slaves),
                    Topics = parseResult.GetValue(topics),
                    Period = TimeSpan.FromSeconds(parseResult.GetValue(period)),
                    Version = SimulatorSettings.ParseVersion(parseResult.GetValue(version)!)!.Value,
                    Compressed = parseResult.GetValue(compressed),
                    Duration = parseResult.GetValue(duration) is { } d ? TimeSpan.FromSeconds(d) : null,
                    Host = parseResult.GetValue(host)!,
                    BasePort = parseResult.GetValue(basePort),
                    Crash = SplitNames(parseResult.GetValue(crash)),
                    CrashAfter = TimeSpan.FromSeconds(parseResult.GetValue(crashAfter)),
                    Silence = SplitNames(parseResult.GetValue(silence)),
                    SilenceAfter = TimeSpan.FromSeconds(parseResult.GetValue(silenceAfter)),
                    UnregisterOnExit = parseResult.GetValue(unregister),
                    Quiet = parseResult.GetValue(quiet),
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
                return await new BrokerSimulation(settings, output).RunAsync(cancellationToken);
            });
            return root;
        }

        private static string[] SplitNames(string[]? values) =>
            (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

        private static Option<int> Positive(Option<int> option) => Check(option, v => v >= 1, "must be at least 1");

        private static Option<int> NotNegative(Option<int> option) => Check(option, v => v >= 0, "must not be negative");

        private static Option<double> Seconds(Option<double> option) =>
            Check(option, v => v > 0 && v <= TimeSpan.MaxValue.TotalSeconds / 2, "must be a positive number of seconds");

        private static Option<T> Check<T>(Option<T> option, Func<T, bool> valid, string problem)
        {
            option.Validators.Add(r =>
            {
                // A value that does not parse is already reported by the parser; reading it would throw.
                if (!TryValue(r, out T value))
                {
                    return;
                }
                if (!valid(value))
                {
                    r.AddError($"{option.Name} {problem} (got {value}).");
                }
            });
            return option;
        }

        private static bool TryValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
        {
            try
            {
                value = result.GetValueOrDefault<T>();
                return true;
            }
            catch (InvalidOperationException)
            {
                value = default!;
                return false;
            }
        }
    }
}
