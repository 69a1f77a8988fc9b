using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace NameServer.Actors.Host.Logging;

/// <summary>
/// Writes each event, formatted, to a <see cref="TextWriter"/> (namesrv's standard output) in one call, so that lines
/// logged by several threads never interleave.
/// </summary>
internal sealed class TextWriterSink(TextWriter output, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        using var line = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        formatter.Format(logEvent, line);
        lock (_lock)
        {
            output.Write(line.ToString());
            output.Flush();
        }
    }
}
