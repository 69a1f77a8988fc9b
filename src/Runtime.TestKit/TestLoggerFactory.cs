using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace NameServer.Actors.Runtime.TestKit;

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>
/// A logger factory for tests: captures every entry (see <see cref="Entries"/>) and, when given an
/// <see cref="ITestOutputHelper"/>, also writes them to the test output.
/// </summary>
public sealed class TestLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ITestOutputHelper? _output;

    /// <summary>Creates the factory; <paramref name="output"/> is optional.</summary>
    public TestLoggerFactory(ITestOutputHelper? output = null, LogLevel minimumLevel = LogLevel.Debug)
    {
        _output = output;
        MinimumLevel = minimumLevel;
    }

    /// <summary>Entries below this level are ignored.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>A snapshot of the entries captured so far, oldest first.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new TestLogger(this, categoryName);

    /// <summary>Not supported: this factory has a single built-in sink.</summary>
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("TestLoggerFactory captures entries itself and takes no providers.");

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Write(LogEntry entry)
    {
        _entries.Enqueue(entry);
        if (_output is null)
        {
            return;
        }

        try
        {
            _output.WriteLine($"[{entry.Level}] {entry.Category}: {entry.Message}{(entry.Exception is null ? string.Empty : " " + entry.Exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished; xunit no longer accepts output for it.
        }
    }

    private sealed class TestLogger(TestLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(new LogEntry(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
