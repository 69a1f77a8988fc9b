namespace NameServer.Actors.Admin.Output;

/// <summary><c>key = value</c> lines in the given order, keys padded to the longest, like mqadmin's <c>getNamesrvConfig</c>.</summary>
public sealed class PropertyList(IReadOnlyList<KeyValuePair<string, string>> properties) : ITextBlock
{
    public async Task WriteAsync(TextWriter output)
    {
        var width = properties.Select(p => p.Key.Length).DefaultIfEmpty(0).Max();
        foreach (var (key, value) in properties)
        {
            await output.WriteLineAsync($"{key.PadRight(width)} = {value}");
        }
    }
}
