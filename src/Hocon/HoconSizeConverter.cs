using System.ComponentModel;
using System.Globalization;

namespace NameServer.Actors.Hocon;

/// <summary>Converts HOCON size text (and plain numbers of bytes) to <see cref="HoconSize"/>.</summary>
public sealed class HoconSizeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || destinationType == typeof(long) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? HoconSize.Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType)
    {
        if (value is HoconSize size)
        {
            if (destinationType == typeof(string))
            {
                return size.ToString();
            }

            if (destinationType == typeof(long))
            {
                return size.Bytes;
            }
        }

        return base.ConvertTo(context, culture, value, destinationType);
    }
}
