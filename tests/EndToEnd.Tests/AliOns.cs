using System.Diagnostics;
using System.Text.Json;

namespace NameServer.Actors.EndToEnd.Tests;

/// <summary>One answer of the ali-ons client: a route, or an error with the RocketMQ code.</summary>
public sealed record AliOnsAnswer(string Topic, JsonElement? Route, string? Error, int? Code);

/// <summary>
/// Drives the npm package <c>ali-ons</c> (a pure-JavaScript RocketMQ client, independent of our code) through
/// <c>js/route.js</c>. The first use installs it with npm from the committed lock file when it is missing.
/// </summary>
public static class AliOns
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string ScriptDirectory { get; } = Path.Combine(RepositoryRoot(), "tests", "EndToEnd.Tests", "js");

    public static async Task<IReadOnlyList<AliOnsAnswer>> GetRoutesAsync(string address, params string[] topics)
    {
        await EnsureInstalledAsync();
        var (code, output, error) = await RunAsync("node", ["route.js", address, .. topics], TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"node route.js failed ({code}): {error}");
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line =>
            {
                var e = JsonDocument.Parse(line).RootElement;
                return new AliOnsAnswer(
                    e.GetProperty("topic").GetString()!,
                    e.TryGetProperty("route", out var route) ? route.Clone() : null,
                    e.TryGetProperty("error", out var message) ? message.GetString() : null,
                    e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null);
            })
            .ToList();
    }

    public static async Task<AliOnsAnswer> GetRouteAsync(string address, string topic) => (await GetRoutesAsync(address, topic)).Single();

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "ali-ons")))
            {
                return;
            }
            var (code, _, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {ScriptDirectory} ({code}): {error}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NameServer.Actors.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NameServer.Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
