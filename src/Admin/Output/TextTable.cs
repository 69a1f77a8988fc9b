namespace NameServer.Actors.Admin.Output;

/// <summary>Left-aligned columns separated by two spaces, headers prefixed with <c>#</c> like mqadmin's.</summary>
public sealed class TextTable(params string[] headers) : ITextBlock
{
    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public TextTable Add(params object?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }
        _rows.Add(cells.Select(c => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray());
        return this;
    }

    public async Task WriteAsync(TextWriter output)
    {
        var titles = headers.Select(h => "#" + h).ToArray();
        var widths = titles.Select((t, i) => _rows.Select(r => r[i].Length).Append(t.Length).Max()).ToArray();
        await output.WriteLineAsync(Line(titles, widths));
        foreach (var row in _rows)
        {
            await output.WriteLineAsync(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
