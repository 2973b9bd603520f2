using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>
/// A small analyzer: looks at the read ledger and reports findings of the rules it owns.
/// Rules that need a database (the SQL check) live in an engine's package and are added by the caller.
/// </summary>
public interface ILintRule
{
    /// <summary>The rules this analyzer reports.</summary>
    IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>Reports findings into <paramref name="context"/>.</summary>
    void Analyze(LintContext context);
}
