using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NameServer.Actors.Client;
using Xunit.Abstractions;

namespace NameServer.Actors.EndToEnd.Tests;

/// <summary>
/// Two processes: <c>namesrv</c> with Akka.Remote on, and <c>samples/AkkaRemoteClient</c> following a topic through
/// the Akka client; a broker registers and disconnects over the RocketMQ TCP protocol.
/// </summary>
public sealed class AkkaRemoteClientTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    // The sample's own build output, copied beside the tests by EndToEnd.Tests.csproj.
    private static readonly string s_sampleDll = Path.Combine("akka-remote-client", "NameServer.Actors.AkkaRemoteClient.dll");

    private readonly string _dir = Directory.CreateTempSubdirectory("akka-remote-client-").FullName;
    private readonly List<(string Name, Process Process, ConcurrentQueue<string> Output)> _processes = [];
    private SimulatedBroker? _broker;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
        foreach (var (name, process, output) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            log.WriteLine($"--- {name} (exit {process.ExitCode}) ---");
            foreach (var line in output)
            {
                log.WriteLine(line);
            }
            process.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Sample_prints_the_route_a_broker_registers_over_TCP_and_its_removal_when_the_connection_closes()
    {
        var (listenPort, akkaPort, _) = await StartNamesrvAsync("namesrv");

        var client = Start("client", s_sampleDll, "-g", $"127.0.0.1:{akkaPort}", "-t", "AkkaE2E", "--duration", "300");
        // Named topics start with their current state: none yet, which also says the subscription is in place.
        await UntilAsync(client, lines => lines.Any(l => l.EndsWith("route AkkaE2E: none", StringComparison.Ordinal)));
        Assert.Contains(client.Output, l => l.Contains($"connected to akka.tcp://namesrv@127.0.0.1:{akkaPort}/user/nameserver/gateway", StringComparison.Ordinal));

        _broker = new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", "broker-e2e", 0, "127.0.0.1:10911", "127.0.0.1:10912")
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", "broker-e2e", ["AkkaE2E"]),
            },
            new NameServerClientOptions { Addresses = $"127.0.0.1:{listenPort}", RequestTimeout = TimeSpan.FromSeconds(5) });
        await _broker.RegisterAsync();

        await UntilAsync(client, lines => lines.Any(l => l.EndsWith("route AkkaE2E: DefaultCluster/broker-e2e [0=127.0.0.1:10911] r4/w4 perm 6", StringComparison.Ordinal)));

        _broker.Crash();

        await UntilAsync(client, lines => lines.Count(l => l.EndsWith("route AkkaE2E: none", StringComparison.Ordinal)) == 2);
        var route = client.Output.ToList().FindIndex(l => l.Contains("route AkkaE2E: DefaultCluster", StringComparison.Ordinal));
        var removal = client.Output.ToList().FindLastIndex(l => l.EndsWith("route AkkaE2E: none", StringComparison.Ordinal));
        Assert.True(route < removal, "the removal came before the route");
    }

    [Fact]
    public async Task Sample_fails_over_to_the_second_namesrv_when_the_first_is_killed_and_follows_its_changes()
    {
        var (listen1, akka1, first) = await StartNamesrvAsync("namesrv1");
        var (listen2, akka2, _) = await StartNamesrvAsync("namesrv2");
        _broker = new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", "broker-e2e", 0, "127.0.0.1:10911", "127.0.0.1:10912")
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", "broker-e2e", ["AkkaE2E"]),
            },
            new NameServerClientOptions { Addresses = $"127.0.0.1:{listen1};127.0.0.1:{listen2}", RequestTimeout = TimeSpan.FromSeconds(5) });
        await _broker.RegisterAsync();
        var routeLine = "route AkkaE2E: DefaultCluster/broker-e2e [0=127.0.0.1:10911] r4/w4 perm 6";

        var client = Start("client", s_sampleDll, "-g", $"127.0.0.1:{akka1};127.0.0.1:{akka2}", "-t", "AkkaE2E", "--duration", "300");
        await UntilAsync(client, lines => lines.Any(l => l.EndsWith(routeLine, StringComparison.Ordinal)));
        Assert.Contains(client.Output, l => l.Contains($"connected to akka.tcp://namesrv@127.0.0.1:{akka1}/", StringComparison.Ordinal));

        var watch = Stopwatch.StartNew();
        first.Process.Kill(entireProcessTree: true);
        await UntilAsync(client, lines => lines.Any(l => l.Contains($"connected to akka.tcp://namesrv@127.0.0.1:{akka2}/", StringComparison.Ordinal)));
        log.WriteLine($"failed over {watch.Elapsed.TotalSeconds:F1} s after the first namesrv was killed");
        _broker.Crash();

        // The second namesrv had the same route, so the fail-over printed no change; the removal is its own.
        await UntilAsync(client, lines => lines.Count(l => l.EndsWith("route AkkaE2E: none", StringComparison.Ordinal)) == 1);
        Assert.Single(client.Output, l => l.EndsWith(routeLine, StringComparison.Ordinal));
        Assert.Contains(client.Output, l => l.Contains($"lost akka.tcp://namesrv@127.0.0.1:{akka1}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sample_exits_0_after_its_duration_while_no_NameServer_answers_and_1_with_a_message_on_bad_arguments()
    {
        var bounded = Start("bounded", s_sampleDll, "-g", $"127.0.0.1:{FreePort()}", "--duration", "2", "--request-timeout", "0.5");
        var bad = Start("bad", s_sampleDll, "-g", "127.0.0.1", "-t", "T");

        await bounded.Process.WaitForExitAsync().WaitAsync(s_wait);
        await bad.Process.WaitForExitAsync().WaitAsync(s_wait);
        bounded.Process.WaitForExit();
        bad.Process.WaitForExit();

        Assert.Equal(0, bounded.Process.ExitCode);
        Assert.Contains(bounded.Output, l => l.StartsWith("Following every topic's route from", StringComparison.Ordinal));
        Assert.Equal(1, bad.Process.ExitCode);
        Assert.Equal(["akka-remote-client: NameServer address '127.0.0.1' is not of the form host:port."], bad.Output.ToList());
    }

    private async Task<(int ListenPort, int AkkaPort, (Process Process, ConcurrentQueue<string> Output) Started)> StartNamesrvAsync(string name)
    {
        var listenPort = FreePort();
        var akkaPort = FreePort();
        var started = Start(
            name,
            "namesrv.dll",
            $"--listenPort={listenPort}",
            "--httpPort=0",
            $"--kvConfigPath={Path.Combine(_dir, name, "kvConfig.json")}",
            $"--configStorePath={Path.Combine(_dir, name, "namesrv.properties")}",
            "--akka.actor.provider=remote",
            $"--akka.remote.dot-netty.tcp.port={akkaPort}");
        await UntilAsync(started, lines => lines.Any(l => l.Contains($"NameServer listening on 127.0.0.1:{listenPort}", StringComparison.Ordinal)));
        return (listenPort, akkaPort, started);
    }

    private (Process Process, ConcurrentQueue<string> Output) Start(string name, string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, dll) },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Enqueue(output, e.Data);
        process.ErrorDataReceived += (_, e) => Enqueue(output, e.Data);
        process.Start();
        _processes.Add((name, process, output));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static void Enqueue(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static async Task UntilAsync((Process Process, ConcurrentQueue<string> Output) started, Func<IReadOnlyList<string>, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(started.Output.ToList()))
        {
            if (started.Process.HasExited)
            {
                await started.Process.WaitForExitAsync();
                Assert.Fail($"the process exited ({started.Process.ExitCode}):\n{string.Join('\n', started.Output)}");
            }
            Assert.True(watch.Elapsed < s_wait, $"not seen within {s_wait.TotalSeconds} s:\n{string.Join('\n', started.Output)}");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
