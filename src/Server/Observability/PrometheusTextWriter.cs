using System.Buffers;
using System.Globalization;
using System.Text;

namespace NameServer.Actors.Server.Observability;

/// <summary>Writes exposition lines as UTF-8 straight into the output buffer.</summary>
internal sealed class PrometheusTextWriter(IBufferWriter<byte> output)
{
    public void WriteFamilyHeader(string family, string help, string type)
    {
        Write("# HELP ");
        Write(family);
        Write(" ");
        Write(help);
        Write("\n# TYPE ");
        Write(family);
        Write(" ");
        Write(type);
        Write("\n");
    }

    /// <summary><c>name{labels,extraName="extraValue"} </c>, braces left out when there is no label at all.</summary>
    public void WriteSampleStart(string family, string suffix, string labels, string? extraName = null, string? extraValue = null)
    {
        Write(family);
        Write(suffix);
        if (labels.Length > 0 || extraName is not null)
        {
            Write("{");
            Write(labels);
            if (extraName is not null)
            {
                if (labels.Length > 0)
                {
                    Write(",");
                }

                Write(extraName);
                Write("=\"");
                Write(extraValue!);
                Write("\"");
            }

            Write("}");
        }

        Write(" ");
    }

    public void WriteValue(long value)
    {
        var span = output.GetSpan(24);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
        Write("\n");
    }

    public void WriteValue(double value)
    {
        if (!double.IsFinite(value))
        {
            Write(PrometheusNames.FormatDouble(value));
        }
        else
        {
            var span = output.GetSpan(32);
            value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }

        Write("\n");
    }

    private void Write(string text) => Encoding.UTF8.GetBytes(text.AsSpan(), output);
}
