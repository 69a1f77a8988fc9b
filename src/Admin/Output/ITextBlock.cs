namespace NameServer.Actors.Admin.Output;

/// <summary>A piece of a command's plain-text output: a <see cref="TextTable"/>, a <see cref="TextLine"/>, a <see cref="PropertyList"/>.</summary>
public interface ITextBlock
{
    Task WriteAsync(TextWriter output);
}

/// <summary>One line of text; <see cref="Blank"/> separates two tables.</summary>
public sealed record TextLine(string Text) : ITextBlock
{
    public static TextLine Blank { get; } = new(string.Empty);

    public Task WriteAsync(TextWriter output) => output.WriteLineAsync(Text);
}
