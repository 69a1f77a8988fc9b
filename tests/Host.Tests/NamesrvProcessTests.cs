using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NameServer.Actors.Host.Tests.Support;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server;

namespace NameServer.Actors.Host.Tests;

/// <summary>The namesrv executable itself: <c>-p</c>, and two of them side by side on free ports.</summary>
public sealed class NamesrvProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("namesrv-process-").FullName;
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Starts namesrv with its own KV and config files in this test's folder; output is collected.</summary>
    private (Process Process, ConcurrentQueue<string> Output) Start(string name, IDictionary<string, string>? environment, params string[] args)
    {
        var start = NamesrvStart.Info(Path.Combine(_dir, name), environment, args);

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Enqueue(output, e.Data);
        process.ErrorDataReceived += (_, e) => Enqueue(output, e.Data);
        process.Start();
        _processes.Add(process);
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

    [Fact]
    public async Task Namesrv_p_prints_nameserver_keys_then_akka_keys_with_environment_and_command_line_overrides()
    {
        var (process, output) = Start(
            "print",
            new Dictionary<string, string> { ["AKKA__LOGLEVEL"] = "DEBUG" },
            "-p", "--listenPort=12345", "--akka.actor.default-dispatcher.throughput=5");

        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        process.WaitForExit();

        var lines = output.ToList();
        Assert.True(process.ExitCode == 0, string.Join('\n', lines));
        Assert.Contains("listenPort=12345", lines);
        Assert.Contains("httpPort=12346", lines);
        Assert.Contains("akka.loglevel=DEBUG", lines);
        Assert.Contains("akka.actor.default-dispatcher.throughput=5", lines);
        Assert.Contains("akka.actor.provider=local", lines);
        var firstAkka = lines.FindIndex(l => l.StartsWith("akka.", StringComparison.Ordinal));
        Assert.True(firstAkka > 0);
        Assert.All(lines.Skip(firstAkka), l => Assert.StartsWith("akka.", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--listenPort=70000")]
    [InlineData("--tlsServerMode=enforcing")]
    [InlineData("--nameserver:security:aclEnable=yes")]
    [InlineData("--akka.log-dead-letters.count=3")]
    public async Task Namesrv_prints_the_message_AddNameServer_refuses_with_and_exits_1_when_a_value_is_unusable(string arg)
    {
        var configuration = NameServerConfiguration.Build(NameServerConfiguration.ParseArgs([arg, "--configStorePath=" + Path.Combine(_dir, "none")]));
        var refused = Assert.Throws<SettingsException>(() => new ServiceCollection().AddNameServer(configuration));

        var (process, output) = Start("refused", null, arg);
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal([$"namesrv: {refused.Message}"], output.ToList());
    }

    [Fact]
    public async Task Two_namesrv_processes_on_different_listen_ports_both_serve_with_http_on_the_port_after_each_and_the_second_compares_itself_with_the_first()
    {
        var first = FreePortFollowedByAFreePort([]);
        var second = FreePortFollowedByAFreePort([first, first + 1]);
        // The second has the first as its peer, read by the client namesrv plugs in (PeerDigestReader).
        string[][] extra = [[], [$"--peerNamesrvAddrs=127.0.0.1:{first}", "--peerCheckInterval=1s"]];
        var servers = new[] { first, second }
            .Select((port, i) => (Port: port, Started: Start($"namesrv{i}", null, [$"--listenPort={port}", .. extra[i]])))
            .ToList();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var (port, (process, output)) in servers)
        {
            var overview = await EventuallyAsync(process, output, async () =>
            {
                using var remoting = new TcpClient();
                await remoting.ConnectAsync(IPAddress.Loopback, port);
                return await http.GetStringAsync($"http://127.0.0.1:{port + 1}/api/overview");
            });

            using var json = JsonDocument.Parse(overview);
            Assert.Equal($"127.0.0.1:{port}", json.RootElement.GetProperty("nameServer").GetProperty("address").GetString());
        }

        var peerStatus = "";
        var deadline = Stopwatch.StartNew();
        while (peerStatus != "same" && deadline.Elapsed < StartTimeout)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{second + 1}/api/overview"));
            var peer = Assert.Single(json.RootElement.GetProperty("peers").EnumerateArray());
            Assert.Equal($"127.0.0.1:{first}", peer.GetProperty("address").GetString());
            peerStatus = peer.GetProperty("status").GetString();
            if (peerStatus != "same")
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("same", peerStatus);
        Assert.All(servers, s => Assert.False(s.Started.Process.HasExited));
    }

    /// <summary>Retries <paramref name="attempt"/> until it succeeds; fails with the process's output if it exits or times out.</summary>
    private static async Task<T> EventuallyAsync<T>(Process process, ConcurrentQueue<string> output, Func<Task<T>> attempt)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (e is SocketException or HttpRequestException or TaskCanceledException)
            {
                Assert.False(process.HasExited, "namesrv exited: " + string.Join('\n', output));
                Assert.True(watch.Elapsed < StartTimeout, $"namesrv not serving after {StartTimeout}: {e.Message}\n" + string.Join('\n', output));
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A free loopback port whose next port is free too (for the HTTP listener that follows it), avoiding <paramref name="taken"/>.</summary>
    private static int FreePortFollowedByAFreePort(int[] taken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port >= 65535 || taken.Contains(port) || taken.Contains(port + 1))
            {
                continue;
            }

            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                return port;
            }
            catch (SocketException)
            {
                // The next port is in use: try another.
            }
        }

        throw new InvalidOperationException("no free loopback port followed by a free port");
    }
}
