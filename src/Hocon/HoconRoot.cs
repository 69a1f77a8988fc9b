namespace NameServer.Actors.Hocon;

/// <summary>The result of parsing one document: its root object.</summary>
public sealed class HoconRoot
{
    public HoconRoot(HoconObject value, string? fileName = null)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
        FileName = fileName;
    }

    public HoconObject Value { get; }

    public string? FileName { get; }

    public HoconConfig ToConfig() => new(Value);

    public string ToJson(bool indented = false) => Value.ToJson(indented);
}
