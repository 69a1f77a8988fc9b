using System.ComponentModel;
using System.Globalization;

namespace NameServer.Actors.Hocon;

/// <summary>
/// The shape shared by the HOCON value converters: text in (parsed by <see cref="Parse"/>), text or the plain .NET
/// value out (<see cref="PlainValue"/>).
/// </summary>
public abstract class HoconTextConverter<TValue, TPlain> : TypeConverter
    where TValue : struct
{
    protected abstract TValue Parse(string text);

    protected abstract TPlain PlainValue(TValue value);

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || destinationType == typeof(TPlain) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType)
    {
        if (value is TValue typed)
        {
            if (destinationType == typeof(string))
            {
                return typed.ToString();
            }

            if (destinationType == typeof(TPlain))
            {
                return PlainValue(typed);
            }
        }

        return base.ConvertTo(context, culture, value, destinationType);
    }
}
