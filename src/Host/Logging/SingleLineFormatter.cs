using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Parsing;

namespace NameServer.Actors.Host.Logging;

/// <summary>
/// Writes each event as one line in the shape of Microsoft's SimpleConsole formatter with <c>SingleLine</c> (what
/// namesrv printed before its logs went through Serilog), for the console and the log file alike:
/// <c>2026-01-02 03:04:05.678 info: Category[0] message exception</c>. Values are written as
/// Microsoft.Extensions.Logging writes them (strings unquoted, null as <c>(null)</c>, lists joined by <c>", "</c>), and
/// the exception on the same line, its line breaks turned into spaces.
/// <para>
/// This is the one place where namesrv's log lines are written, so it is where text from clients is made harmless:
/// everything written from the event (values, the template, the category, the exception) goes through
/// <see cref="ControlCharacters.Escape"/>, whatever code logged it. The template is normally ours and unchanged by
/// that; it is escaped too because Akka and libraries sometimes log text they formatted themselves as the template.
/// </para>
/// </summary>
internal sealed class SingleLineFormatter(bool colors) : ITextFormatter
{
    /// <summary>The timestamp, as namesrv's SimpleConsole options had it (local time).</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";

    /// <summary>The category, which Serilog.Extensions.Logging passes as this property.</summary>
    private const string SourceContext = "SourceContext";

    private const string DefaultForeground = "\x1B[39m\x1B[22m";
    private const string DefaultBackground = "\x1B[49m";

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(logEvent.Timestamp.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        WriteLevel(logEvent.Level, output);
        output.Write(": ");
        if (logEvent.Properties.TryGetValue(SourceContext, out var category) && category is ScalarValue { Value: string name })
        {
            output.Write(ControlCharacters.Escape(name));
        }
        output.Write('[');
        output.Write(EventId(logEvent).ToString(CultureInfo.InvariantCulture));
        output.Write(']');
        var message = RenderMessage(logEvent);
        if (message.Length > 0)
        {
            output.Write(' ');
            output.Write(message);
        }
        if (logEvent.Exception is { } exception)
        {
            output.Write(' ');
            output.Write(ExceptionText(exception));
        }
        output.Write(Environment.NewLine);
    }

    /// <summary>The message: the template's text with its values, escaped.</summary>
    public static string RenderMessage(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var message = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken text:
                    message.Write(ControlCharacters.Escape(text.Text));
                    break;
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    message.Write(Aligned(ControlCharacters.Escape(Render(value, property.Format)), property.Alignment));
                    break;
                default:
                    message.Write(ControlCharacters.Escape(token.ToString() ?? ""));
                    break;
            }
        }
        return message.ToString();
    }

    /// <summary>
    /// The exception as <see cref="Exception.ToString"/> writes it, on one line: the messages of the exception and
    /// its inner ones (which may quote what a client sent) escaped, the line breaks of the stack trace turned into
    /// spaces as SimpleConsole did, and whatever else is left escaped.
    /// </summary>
    public static string ExceptionText(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.ToString();
        foreach (var message in Messages(exception).Distinct(StringComparer.Ordinal).OrderByDescending(m => m.Length))
        {
            text = text.Replace(message, ControlCharacters.Escape(message), StringComparison.Ordinal);
        }
        return ControlCharacters.Escape(text.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Messages(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }
            if (ControlCharacters.NeedEscaping(current.Message))
            {
                yield return current.Message;
            }
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>A value as Microsoft.Extensions.Logging formats an argument.</summary>
    private static string Render(LogEventPropertyValue value, string? format)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                return "(null)";
            case ScalarValue { Value: string text }:
                return text;
            case ScalarValue { Value: IFormattable formattable }:
                return formattable.ToString(format, CultureInfo.InvariantCulture);
            case ScalarValue scalar:
                return scalar.Value.ToString() ?? "";
            case SequenceValue sequence:
                return string.Join(", ", sequence.Elements.Select(e => Render(e, null)));
            default:
                using (var rendered = new StringWriter(CultureInfo.InvariantCulture))
                {
                    value.Render(rendered, format, CultureInfo.InvariantCulture);
                    return rendered.ToString();
                }
        }
    }

    private static string Aligned(string text, Alignment? alignment) =>
        alignment is not { } align || text.Length >= align.Width
            ? text
            : align.Direction == AlignmentDirection.Left ? text.PadRight(align.Width) : text.PadLeft(align.Width);

    /// <summary>The event id, which Serilog.Extensions.Logging passes as an <c>EventId</c> structure when it is not 0.</summary>
    private static int EventId(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var eventId) && eventId is StructureValue structure
            && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : 0;

    private void WriteLevel(LogEventLevel level, TextWriter output)
    {
        // Microsoft.Extensions.Logging's names and, on a terminal, its colours (foreground, background).
        var (name, foreground, background) = level switch
        {
            LogEventLevel.Verbose => ("trce", "\x1B[37m", "\x1B[40m"),
            LogEventLevel.Debug => ("dbug", "\x1B[37m", "\x1B[40m"),
            LogEventLevel.Information => ("info", "\x1B[32m", "\x1B[40m"),
            LogEventLevel.Warning => ("warn", "\x1B[1m\x1B[33m", "\x1B[40m"),
            LogEventLevel.Error => ("fail", "\x1B[30m", "\x1B[41m"),
            _ => ("crit", "\x1B[1m\x1B[37m", "\x1B[41m"),
        };
        if (!colors)
        {
            output.Write(name);
            return;
        }
        output.Write(background);
        output.Write(foreground);
        output.Write(name);
        output.Write(DefaultForeground);
        output.Write(DefaultBackground);
    }

    /// <summary>
    /// Whether the console gets colours, as SimpleConsole decided by default: on a terminal unless <c>NO_COLOR</c> is
    /// set; when redirected only if <c>DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION</c> is true or 1.
    /// </summary>
    public static bool ConsoleWantsColors(bool redirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (redirected)
        {
            return environment("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION") is { } allow
                && (allow == "1" || allow.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        return environment("NO_COLOR") is null;
    }
}
