namespace NameServer.Actors.Hocon;

/// <summary>Converts HOCON size text (and plain numbers of bytes) to <see cref="HoconSize"/>.</summary>
public sealed class HoconSizeConverter : HoconTextConverter<HoconSize, long>
{
    protected override HoconSize Parse(string text) => HoconSize.Parse(text);

    protected override long PlainValue(HoconSize value) => value.Bytes;
}
