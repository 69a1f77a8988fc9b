using System.ComponentModel;
using System.Globalization;

namespace NameServer.Actors.Hocon;

/// <summary>Converts HOCON duration text (and numbers of milliseconds) to <see cref="HoconDuration"/> or <see cref="TimeSpan"/>.</summary>
public sealed class HoconDurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || destinationType == typeof(TimeSpan) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? HoconDuration.Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType)
    {
        if (value is HoconDuration duration)
        {
            if (destinationType == typeof(string))
            {
                return duration.ToString();
            }

            if (destinationType == typeof(TimeSpan))
            {
                return duration.Value;
            }
        }

        return base.ConvertTo(context, culture, value, destinationType);
    }
}
