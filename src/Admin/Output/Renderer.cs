using System.Text.Json.Nodes;
using NameServer.Actors.Client;

namespace NameServer.Actors.Admin.Output;

/// <summary>A column of a result: its table header and its name in <c>--json</c> output.</summary>
public sealed record Column(string Header, string JsonName);

/// <summary>
/// Where every command's result goes: indented JSON (<see cref="JsonOutput"/>) with <c>--json</c>, otherwise text
/// blocks (<see cref="TextTable"/>, ...), and one stderr line per failed NameServer. Commands describe both forms of
/// their result; only this class chooses between them and writes them. The write methods return
/// <see cref="ExitCodes.Ok"/> or, for per-server results, the exit code their failures call for.
/// </summary>
public sealed class Renderer(TextWriter stdout, TextWriter stderr, bool json)
{
    /// <summary>A result with its own JSON and text forms; only the form asked for is built.</summary>
    public async Task<int> WriteAsync(Func<JsonNode?> asJson, Func<IEnumerable<ITextBlock>> asText)
    {
        if (json)
        {
            await stdout.WriteLineAsync(JsonOutput.Format(asJson()));
        }
        else
        {
            foreach (var block in asText())
            {
                await block.WriteAsync(stdout);
            }
        }
        return ExitCodes.Ok;
    }

    public Task<int> WriteAsync(Func<JsonNode?> asJson, Func<ITextBlock> asText) =>
        WriteAsync(asJson, () => [asText()]);

    /// <summary>A list of names: a one-column table, or a JSON array of strings.</summary>
    public Task<int> WriteListAsync(string header, IReadOnlyList<string> values) =>
        WriteAsync(() => JsonOutput.Strings(values), () => Table([header], values.Select(v => new[] { v })));

    /// <summary>Rows: a table, or a JSON array with one object per row.</summary>
    public Task<int> WriteRowsAsync(IReadOnlyList<Column> columns, IReadOnlyList<string?[]> rows) =>
        WriteAsync(
            () => new JsonArray(rows.Select(row => (JsonNode?)Record(columns, row)).ToArray()),
            () => Table(columns.Select(c => c.Header), rows));

    /// <summary>One record: a table of one row, or a JSON object.</summary>
    public Task<int> WriteRecordAsync(IReadOnlyList<Column> columns, params string?[] values) =>
        WriteAsync(() => Record(columns, values), () => Table(columns.Select(c => c.Header), [values]));

    /// <summary>
    /// Per-server outcomes of a command sent to every NameServer: a table (<c>NameServer</c>, <c>Result</c>: <c>OK</c> or
    /// <c>FAILED: cause</c>) or a JSON array (<c>nameServer</c>, <c>ok</c>, and <c>error</c>/<c>code</c>/<c>remark</c>),
    /// then one stderr line per failed server; returns the worst exit code.
    /// </summary>
    public Task<int> WriteEachAsync(IReadOnlyList<ServerResult> results) =>
        WriteEachAsync(results.Select(r => new ServerResult<bool>(r.Address, r.Succeeded, r.Error)).ToList(), null, null);

    /// <summary>
    /// As <see cref="WriteEachAsync(IReadOnlyList{ServerResult})"/>, with each successful server's value as a third
    /// column / JSON property named <paramref name="valueName"/>; <paramref name="asText"/> replaces the table.
    /// </summary>
    public async Task<int> WriteEachAsync<T>(
        IReadOnlyList<ServerResult<T>> results,
        string? valueName,
        Func<T, JsonNode?>? valueJson,
        Func<IEnumerable<ITextBlock>>? asText = null)
    {
        await WriteAsync(() => EachJson(results, valueName, valueJson), asText ?? (() => [EachTable(results, valueName)]));
        return await ReportFailuresAsync(results.Select(r => (r.Address, r.Error)));
    }

    /// <summary>One stderr line per failed server (naming it); the worst exit code, a refusal outranking an unreachable server.</summary>
    public async Task<int> ReportFailuresAsync(IEnumerable<(string Address, Exception? Error)> outcomes)
    {
        var exitCode = ExitCodes.Ok;
        foreach (var (address, error) in outcomes)
        {
            if (error is null)
            {
                continue;
            }
            var (message, code) = NsAdmin.Failure(error) ?? (NsAdmin.OneLine(error.Message), ExitCodes.ServerError);
            await stderr.WriteLineAsync($"nsadmin: {(message.Contains(address, StringComparison.Ordinal) ? message : $"{address}: {message}")}");
            exitCode = Math.Max(exitCode, code);
        }
        return exitCode;
    }

    /// <summary>A failed server's cell in a table: <c>FAILED: code 16: remark</c> or <c>FAILED: message</c>.</summary>
    public static string Failed(Exception error) => $"FAILED: {Describe(error)}";

    /// <summary>A failed server's <c>error</c>, plus <c>code</c> and <c>remark</c> when it answered a refusal.</summary>
    public static void AddError(JsonObject node, Exception error)
    {
        node["error"] = Describe(error);
        if (error is NameServerException refused)
        {
            node["code"] = refused.Code;
            node["remark"] = refused.Remark;
        }
    }

    private static string Describe(Exception error) => error switch
    {
        NameServerException e => $"code {e.Code}: {e.Remark ?? "no remark"}",
        _ => NsAdmin.OneLine(error.Message),
    };

    private static TextTable Table(IEnumerable<string> headers, IEnumerable<object?[]> rows)
    {
        var table = new TextTable([.. headers]);
        foreach (var row in rows)
        {
            table.Add(row);
        }
        return table;
    }

    private static JsonObject Record(IReadOnlyList<Column> columns, string?[] values)
    {
        var node = new JsonObject();
        for (var i = 0; i < columns.Count; i++)
        {
            node[columns[i].JsonName] = values[i];
        }
        return node;
    }

    private static JsonArray EachJson<T>(IReadOnlyList<ServerResult<T>> results, string? valueName, Func<T, JsonNode?>? valueJson)
    {
        var array = new JsonArray();
        foreach (var result in results)
        {
            var node = new JsonObject { ["nameServer"] = result.Address, ["ok"] = result.Succeeded };
            if (result.Error is { } error)
            {
                AddError(node, error);
            }
            else if (valueName is not null && valueJson is not null)
            {
                node[valueName] = valueJson(result.Value!);
            }
            array.Add(node);
        }
        return array;
    }

    private static TextTable EachTable<T>(IReadOnlyList<ServerResult<T>> results, string? valueName)
    {
        var table = valueName is null ? new TextTable("NameServer", "Result") : new TextTable("NameServer", "Result", valueName);
        foreach (var result in results)
        {
            var outcome = result.Error is { } error ? Failed(error) : "OK";
            if (valueName is null)
            {
                table.Add(result.Address, outcome);
            }
            else
            {
                table.Add(result.Address, outcome, result.Succeeded ? result.Value : null);
            }
        }
        return table;
    }
}
