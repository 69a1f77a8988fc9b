namespace NameServer.Actors.Hocon;

/// <summary>Converts HOCON duration text (and numbers of milliseconds) to <see cref="HoconDuration"/> or <see cref="TimeSpan"/>.</summary>
public sealed class HoconDurationConverter : HoconTextConverter<HoconDuration, TimeSpan>
{
    protected override HoconDuration Parse(string text) => HoconDuration.Parse(text);

    protected override TimeSpan PlainValue(HoconDuration value) => value.Value;
}
