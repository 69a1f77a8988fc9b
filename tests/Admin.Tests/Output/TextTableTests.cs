using NameServer.Actors.Admin.Output;

namespace NameServer.Actors.Admin.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public async Task TextTable_aligns_columns_on_the_widest_cell_when_written()
    {
        var output = new StringWriter();

        await new TextTable("A", "Name").Add("long-value", "x").Add(1, null).WriteAsync(output);

        Assert.Equal(
            ["#A          #Name", "long-value  x", "1"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void TextTable_rejects_a_row_when_the_cell_count_differs()
    {
        Assert.Throws<ArgumentException>(() => new TextTable("A", "B").Add("only one"));
    }

    [Fact]
    public void JsonOutput_keeps_non_ascii_readable_when_formatting()
    {
        var text = JsonOutput.Format(JsonOutput.Map([KeyValuePair.Create("clé", "värde/1")]));

        Assert.Contains("\"clé\": \"värde/1\"", text);
    }
}
