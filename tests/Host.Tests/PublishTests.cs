using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using NameServer.Actors.Client;

namespace NameServer.Actors.Host.Tests;

/// <summary>
/// What an operator deploys (docs/DEPLOY.md): <c>dotnet publish</c> of namesrv (from the build the tests already made,
/// so it takes seconds), then the published <c>bin/mqnamesrv</c> and <c>bin/mqshutdown</c> run on it. Linux only (the
/// scripts read /proc); elsewhere the tests pass without checking.
/// </summary>
public sealed class PublishTests(PublishTests.PublishedFolder published) : IClassFixture<PublishTests.PublishedFolder>, IDisposable
{
    private readonly List<Process> _started = [];
    private readonly string _state = Directory.CreateTempSubdirectory("namesrv-state-").FullName;

    private string Home => published.Path;

    private string PidFile => Path.Combine(_state, "namesrv.pid");

    public void Dispose()
    {
        foreach (var process in _started.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public void Publish_puts_the_apphost_reference_conf_the_scripts_and_an_example_conf_in_the_folder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        foreach (var executable in new[] { "namesrv", "bin/mqnamesrv", "bin/mqshutdown" })
        {
            var path = Path.Combine(Home, executable);
            Assert.True(File.Exists(path), $"{executable} is missing from the publish folder");
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        }
        Assert.True(File.Exists(Path.Combine(Home, "namesrv.dll")));
        Assert.True(File.Exists(Path.Combine(Home, "conf", "namesrv.conf")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(PublishedFolder.RepositoryRoot, "hocon", "reference.conf")),
            File.ReadAllText(Path.Combine(Home, "reference.conf")));
    }

    [Fact]
    public async Task Mqnamesrv_passes_every_argument_to_namesrv_ignoring_n_and_exports_ROCKETMQ_HOME()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var (code, stdout, stderr) = await RunToEndAsync(
            "bin/mqnamesrv", "-n", "10.0.0.1:9876", "-c", Path.Combine(Home, "conf", "namesrv.conf"), "-p", "--listenPort=10001");

        Assert.True(code == 0, stderr);
        var printed = stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("bindAddress=0.0.0.0", printed);
        Assert.Contains("listenPort=10001", printed);
        Assert.Contains($"rocketmqHome={Home}", printed);
    }

    [Fact]
    public async Task Mqnamesrv_fails_with_one_line_when_namesrv_is_not_beside_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var script = CopyScriptElsewhere("mqnamesrv");

        var (code, _, stderr) = await RunToEndAsync(script);

        Assert.Equal(1, code);
        Assert.Contains("namesrv not found or not executable", stderr);
    }

    [Fact]
    public async Task Mqshutdown_stops_the_namesrv_mqnamesrv_started_through_its_pid_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var port = FreePort();
        var namesrv = Start("bash", [Path.Combine(Home, "bin", "mqnamesrv"), "-n", "127.0.0.1:9876", .. ServerArgs(port)]);
        await WaitForAnswerAsync(port, namesrv);
        // mqnamesrv execs namesrv: the pid it wrote is the server's.
        Assert.Equal(namesrv.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(PidFile).Trim());

        var (code, stdout, _) = await RunToEndAsync("bin/mqshutdown", "namesrv");

        Assert.Equal(0, code);
        Assert.Contains($"The mqnamesrv({namesrv.Id}) is running...", stdout);
        Assert.Equal(0, await ExitCodeAsync(namesrv));
        var again = await RunToEndAsync("bin/mqshutdown", "namesrv");
        Assert.Equal(1, again.Code);
        Assert.Contains("No mqnamesrv running.", again.Stdout);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Mqshutdown_finds_this_folders_namesrv_by_its_process_when_there_is_no_pid_file(bool apphost)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var port = FreePort();
        // The apphost by its full path, or `dotnet namesrv.dll` relative to its working directory.
        var namesrv = apphost
            ? Start(Path.Combine(Home, "namesrv"), ServerArgs(port))
            : Start("dotnet", ["namesrv.dll", .. ServerArgs(port)], workingDirectory: Home);
        await WaitForAnswerAsync(port, namesrv);
        Assert.False(File.Exists(PidFile));

        var elsewhere = await RunToEndAsync(CopyScriptElsewhere("mqshutdown"), "namesrv");
        var (code, stdout, _) = await RunToEndAsync("bin/mqshutdown", "namesrv");

        Assert.Equal(1, elsewhere.Code);
        Assert.Contains("No mqnamesrv running.", elsewhere.Stdout);
        Assert.Equal(0, code);
        Assert.Contains($"Send shutdown request to mqnamesrv({namesrv.Id}) OK", stdout);
        Assert.Equal(0, await ExitCodeAsync(namesrv));
    }

    [Fact]
    public async Task Mqshutdown_prints_its_usage_when_not_asked_for_namesrv()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var (code, stdout, _) = await RunToEndAsync("bin/mqshutdown", "broker");

        Assert.Equal(2, code);
        Assert.Contains("Usage: mqshutdown namesrv", stdout);
    }

    private string[] ServerArgs(int port) =>
    [
        $"--listenPort={port}",
        "--httpPort=0",
        $"--kvConfigPath={Path.Combine(_state, "kvConfig.json")}",
        $"--configStorePath={Path.Combine(_state, "namesrv.properties")}",
    ];

    private Process Start(string fileName, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = StartInfo(fileName, args);
        info.WorkingDirectory = workingDirectory ?? _state;
        var process = Process.Start(info)!;
        _started.Add(process);
        // Drained so a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a script of the publish folder (or any path) with bash and waits for it.</summary>
    private async Task<(int Code, string Stdout, string Stderr)> RunToEndAsync(string script, params string[] args)
    {
        var info = StartInfo("bash", [Path.IsPathRooted(script) ? script : Path.Combine(Home, script), .. args]);
        info.WorkingDirectory = _state;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return (await ExitCodeAsync(process), await stdout, await stderr);
    }

    private ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Remove("ROCKETMQ_HOME");
        info.Environment["NAMESRV_PID_FILE"] = PidFile;
        return info;
    }

    private string CopyScriptElsewhere(string name)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_state, "elsewhere", "bin")).FullName;
        var copy = Path.Combine(bin, name);
        File.Copy(Path.Combine(Home, "bin", name), copy);
        return copy;
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return process.ExitCode;
    }

    /// <summary>Until a route query is answered (TOPIC_NOT_EXIST on an empty server counts).</summary>
    private static async Task WaitForAnswerAsync(int port, Process server)
    {
        await using var client = new NameServerClient(new NameServerClientOptions
        {
            Addresses = $"127.0.0.1:{port}",
            RequestTimeout = TimeSpan.FromSeconds(2),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(server.HasExited, $"namesrv exited with {(server.HasExited ? server.ExitCode : 0)} before answering");
            try
            {
                await client.GetRouteInfoByTopicAsync("TBW102");
                return;
            }
            catch (NameServerException)
            {
                return;
            }
            catch (RemotingException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// <c>dotnet publish --no-build</c> of src/Host, in the configuration these tests were built in, to a temporary
    /// folder: the layout an operator gets, without a second compilation.
    /// </summary>
    public sealed class PublishedFolder : IDisposable
    {
        public PublishedFolder()
        {
            Path = Directory.CreateTempSubdirectory("namesrv-publish-").FullName;
            if (!OperatingSystem.IsLinux())
            {
                return;
            }
            var configuration = typeof(NameServerConfiguration).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var info = new ProcessStartInfo(
                "dotnet",
                ["publish", System.IO.Path.Combine(RepositoryRoot, "src", "Host", "Host.csproj"), "-c", configuration, "--no-build", "--no-restore", "-o", Path, "-nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var publish = Process.Start(info)!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEnd();
            publish.WaitForExit();
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{output.Result}\n{errors}");
            }
        }

        public string Path { get; }

        public static string RepositoryRoot
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(System.IO.Path.Combine(dir.FullName, "NameServer.Actors.sln")))
                    {
                        return dir.FullName;
                    }
                }
                throw new InvalidOperationException("NameServer.Actors.sln not found above " + AppContext.BaseDirectory);
            }
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
