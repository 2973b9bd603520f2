using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting;

/// <summary>What a rule sees: the document, the validated set when the ledger had no structural error, and a sink.</summary>
public sealed class LintContext
{
    private readonly List<Diagnostic> _diagnostics;

    internal LintContext(LedgerDocument document, MigrationSet? set, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        Document = document;
        Set = set;
        _diagnostics = diagnostics;
        CancellationToken = cancellationToken;
    }

    /// <summary>The ledger as read.</summary>
    public LedgerDocument Document { get; }

    /// <summary>The validated set, or null when the ledger has structural errors.</summary>
    public MigrationSet? Set { get; }

    /// <summary>Stops long analyses.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Every statement of every block (down blocks too), in file order, with where it is.</summary>
    public IEnumerable<(SqlStatement Statement, SourceLocation Location)> Statements() =>
        Document.Blocks.SelectMany(block => block.Statements.Select(s => (s, block.LocationOf(s))));

    /// <summary>Reports a finding.</summary>
    public void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);
}
