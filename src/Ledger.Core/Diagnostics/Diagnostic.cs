namespace Ledger.Diagnostics;

/// <summary>One finding about a user's file: a stable code, a severity, a message and where.</summary>
/// <param name="Code">Stable rule code such as <c>LDG003</c>; see docs/lint-rules.md.</param>
/// <param name="Severity">Effective severity (after configuration).</param>
/// <param name="Message">What is wrong, in one sentence, with a suggestion when there is one.</param>
/// <param name="Location">Where it is.</param>
public sealed record Diagnostic(string Code, Severity Severity, string Message, SourceLocation Location)
{
    /// <summary>Compiler-style text: <c>MIGRATIONS.md:18:4: error LDG003: message</c>.</summary>
    public override string ToString() =>
        $"{Location.Path}:{Location.Line}:{Location.Column}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
