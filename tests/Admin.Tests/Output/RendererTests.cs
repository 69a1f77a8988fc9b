using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;

namespace NameServer.Actors.Admin.Tests.Output;

public sealed class RendererTests
{
    private static readonly Column[] s_columns = [new("Namespace", "namespace"), new("Key", "key")];

    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    private string[] Lines => _stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Renderer_builds_only_the_table_when_json_is_not_asked()
    {
        var code = await new Renderer(_stdout, _stderr, json: false)
            .WriteAsync(() => throw new InvalidOperationException("JSON built"), () => new TextTable("A").Add("x"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["#A", "x"], Lines);
    }

    [Fact]
    public async Task Renderer_builds_only_the_json_when_json_is_asked()
    {
        await new Renderer(_stdout, _stderr, json: true)
            .WriteAsync(() => new JsonObject { ["a"] = 1 }, ITextBlock () => throw new InvalidOperationException("table built"));

        Assert.Equal(1, (int)JsonNode.Parse(_stdout.ToString())!["a"]!);
    }

    [Fact]
    public async Task Renderer_writes_text_blocks_in_order_when_a_result_has_several()
    {
        await new Renderer(_stdout, _stderr, json: false)
            .WriteAsync(() => null, () => [new TextTable("A").Add(1), TextLine.Blank, new TextLine("done")]);

        Assert.Equal($"#A{Environment.NewLine}1{Environment.NewLine}{Environment.NewLine}done{Environment.NewLine}", _stdout.ToString());
    }

    [Theory]
    [InlineData(false, "#Namespace  #Key|ns          k")]
    [InlineData(true, "{|  \"namespace\": \"ns\",|  \"key\": \"k\"|}")]
    public async Task Renderer_writes_a_record_as_one_row_or_one_object(bool json, string expected)
    {
        await new Renderer(_stdout, _stderr, json).WriteRecordAsync(s_columns, "ns", "k");

        Assert.Equal(expected.Split('|'), Lines);
    }

    [Theory]
    [InlineData(false, "#Namespace  #Key|a           1|b           2")]
    [InlineData(true, "[|  {|    \"namespace\": \"a\",|    \"key\": \"1\"|  },|  {|    \"namespace\": \"b\",|    \"key\": \"2\"|  }|]")]
    public async Task Renderer_writes_rows_as_a_table_or_an_array_of_objects(bool json, string expected)
    {
        await new Renderer(_stdout, _stderr, json).WriteRowsAsync(s_columns, [["a", "1"], ["b", "2"]]);

        Assert.Equal(expected.Split('|'), Lines);
    }

    [Theory]
    [InlineData(false, "#Topic|x|y")]
    [InlineData(true, "[|  \"x\",|  \"y\"|]")]
    public async Task Renderer_writes_a_list_as_one_column_or_an_array_of_strings(bool json, string expected)
    {
        await new Renderer(_stdout, _stderr, json).WriteListAsync("Topic", ["x", "y"]);

        Assert.Equal(expected.Split('|'), Lines);
    }

    [Fact]
    public async Task Renderer_reports_each_server_with_one_stderr_line_per_failure_and_the_worst_exit_code()
    {
        var code = await new Renderer(_stdout, _stderr, json: false).WriteEachAsync(
        [
            new ServerResult("a:1", null),
            new ServerResult("b:2", new RemotingConnectException("b:2", "Cannot connect to NameServer b:2: refused")),
            new ServerResult("c:3", new NameServerException("c:3", 16, "no")),
        ]);

        Assert.Equal(ExitCodes.ServerError, code);
        Assert.Equal(
            [
                "#NameServer  #Result",
                "a:1          OK",
                "b:2          FAILED: Cannot connect to NameServer b:2: refused",
                "c:3          FAILED: code 16: no",
            ],
            Lines);
        Assert.Equal(
            ["nsadmin: Cannot connect to NameServer b:2: refused", "nsadmin: NameServer c:3 answered code 16 (NO_PERMISSION): no"],
            _stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Renderer_reports_each_servers_value_or_error_code_and_remark_when_json_is_asked()
    {
        var code = await new Renderer(_stdout, _stderr, json: true).WriteEachAsync<int>(
            [new ServerResult<int>("a:1", 3, null), new ServerResult<int>("c:3", 0, new NameServerException("c:3", 16, "no"))],
            "wipeTopicCount",
            count => JsonValue.Create(count));

        Assert.Equal(ExitCodes.ServerError, code);
        var array = JsonNode.Parse(_stdout.ToString())!.AsArray();
        Assert.Equal("""{"nameServer":"a:1","ok":true,"wipeTopicCount":3}""", array[0]!.ToJsonString());
        Assert.Equal("""{"nameServer":"c:3","ok":false,"error":"code 16: no","code":16,"remark":"no"}""", array[1]!.ToJsonString());
    }

    [Fact]
    public async Task PropertyList_pads_keys_to_the_longest_when_written()
    {
        await new PropertyList([KeyValuePair.Create("a", "1"), KeyValuePair.Create("long", "2")]).WriteAsync(_stdout);

        Assert.Equal(["a    = 1", "long = 2"], Lines);
    }
}
