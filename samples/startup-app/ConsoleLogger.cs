using Microsoft.Extensions.Logging;

namespace StartupApp;

/// <summary>
/// A minimal <see cref="ILogger"/> on stderr, so the sample needs no logging package beyond the abstractions. In an
/// ASP.NET Core or Generic Host app, pass the host's <c>ILogger&lt;T&gt;</c> instead.
/// </summary>
public sealed class ConsoleLogger(LogLevel minimum = LogLevel.Information) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        Console.Error.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
    }
}
