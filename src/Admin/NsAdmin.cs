using System.CommandLine;
using NameServer.Actors.Admin.Commands;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Admin;

/// <summary>
/// The <c>nsadmin</c> command line: mqadmin's NameServer subcommands (Java's <c>MQAdminStartup.initCommand</c>) with the same names
/// and options. Everything writes to the given writers, so tests run it in-process.
/// </summary>
public static class NsAdmin
{
    public const string NamesrvAddrVariable = "NAMESRV_ADDR";

    /// <summary>Parses <paramref name="args"/>, runs the subcommand and returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, new NsAdminSettings());

    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        NsAdminSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            var parseResult = BuildCommand(stdout, stderr, settings).Parse(args);
            if (parseResult.Errors.Count > 0)
            {
                foreach (var error in parseResult.Errors)
                {
                    await stderr.WriteLineAsync($"nsadmin: {OneLine(error.Message)}");
                }
                await stderr.WriteLineAsync("nsadmin: see 'nsadmin --help' or 'nsadmin <command> --help'.");
                return ExitCodes.Usage;
            }
            var invocation = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C is the caller's business (Program.cs turns it into the token): no console hooks in-process.
                ProcessTerminationTimeout = null,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("nsadmin: interrupted.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            // Whatever slipped through still ends as one readable line, not a stack trace.
            await stderr.WriteLineAsync($"nsadmin: unexpected error: {e.GetType().Name}: {OneLine(e.Message)}");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>The command tree; actions write to <paramref name="stdout"/> / <paramref name="stderr"/>.</summary>
    public static RootCommand BuildCommand(TextWriter stdout, TextWriter stderr, NsAdminSettings settings)
    {
        var namesrv = new Option<string?>("--namesrvAddr", "-n")
        {
            Description = $"NameServer list \"host:port;host:port\" (default: env {NamesrvAddrVariable}).",
            Recursive = true,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table.", Recursive = true };
        var timeout = new Option<int?>("--timeout")
        {
            Description = $"Request timeout in milliseconds (default {settings.DefaultTimeout.TotalMilliseconds:0}).",
            Recursive = true,
            // Parsed here rather than checked in a validator: reading an unparseable value there throws.
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0)
                {
                    return ms;
                }
                r.AddError($"--timeout must be a positive number of milliseconds (got '{text}').");
                return null;
            },
        };

        var root = new RootCommand($"RocketMQ NameServer administration (mqadmin's NameServer commands). {ExitCodes.Summary}");
        root.Options.Add(namesrv);
        root.Options.Add(json);
        root.Options.Add(timeout);

        var common = new CommonOptions(namesrv, json, timeout, stdout, stderr, settings);
        foreach (var command in AdminCommands.All(common))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Runs <paramref name="body"/> with a client for <c>-n</c>, turning every failure into one stderr line and an exit code.</summary>
    internal static async Task<int> ExecuteAsync(
        CommonOptions common,
        ParseResult parseResult,
        CancellationToken cancellationToken,
        Func<CommandContext, Task<int>> body)
    {
        var stderr = common.Stderr;
        var addresses = parseResult.GetValue(common.NamesrvAddr) ?? common.Settings.GetEnvironmentVariable(NamesrvAddrVariable);
        if (string.IsNullOrWhiteSpace(addresses))
        {
            await stderr.WriteLineAsync($"nsadmin: no NameServer address: pass -n \"host:port;host:port\" or set {NamesrvAddrVariable}.");
            return ExitCodes.Usage;
        }
        IReadOnlyList<string> parsed;
        try
        {
            parsed = NameServerAddresses.Parse(addresses);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"nsadmin: -n: {OneLine(WithoutParamName(e))}");
            return ExitCodes.Usage;
        }
        var requestTimeout = parseResult.GetValue(common.Timeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : common.Settings.DefaultTimeout;
        await using var client = new NameServerClient(new NameServerClientOptions
        {
            Addresses = string.Join(';', parsed),
            RequestTimeout = requestTimeout,
            ConnectTimeout = requestTimeout,
        });
        var output = new Renderer(common.Stdout, stderr, parseResult.GetValue(common.Json));
        var context = new CommandContext(client, output, requestTimeout, cancellationToken);
        try
        {
            return await body(context);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            await stderr.WriteLineAsync($"nsadmin: {failure.Message}");
            return failure.ExitCode;
        }
    }

    /// <summary>One line and an exit code for an error (null: not ours to handle).</summary>
    internal static (string Message, int ExitCode)? Failure(Exception e) => e switch
    {
        NameServerException n => (OneLine(n.Message), ExitCodes.ServerError),
        RemotingConnectException or RemotingTimeoutException => (OneLine(e.Message), ExitCodes.ConnectionFailure),
        RemotingException => (OneLine(e.Message), ExitCodes.ServerError),
        ProtocolException => (OneLine(e.Message), ExitCodes.ServerError),
        AdminException a => (OneLine(a.Message), a.ExitCode),
        _ => null,
    };

    private static string WithoutParamName(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
}

/// <summary>Options every subcommand inherits, and where output goes.</summary>
internal sealed record CommonOptions(
    Option<string?> NamesrvAddr,
    Option<bool> Json,
    Option<int?> Timeout,
    TextWriter Stdout,
    TextWriter Stderr,
    NsAdminSettings Settings);

/// <summary>What a subcommand body works with: a client for <c>-n</c> and where its result goes.</summary>
internal sealed record CommandContext(
    NameServerClient Client,
    Renderer Output,
    TimeSpan Timeout,
    CancellationToken CancellationToken);

/// <summary>A failure found by nsadmin itself (not by a NameServer), with its exit code.</summary>
internal sealed class AdminException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
