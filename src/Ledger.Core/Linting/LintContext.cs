using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting;

/// <summary>What a rule sees: the document, the validated set when the ledger had no structural error, and a sink.</summary>
public sealed class LintContext
{
    private readonly List<Diagnostic> _diagnostics;
    private ILintRule? _running;

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
    /// <exception cref="InvalidOperationException">The rule reporting it does not declare its code in <see cref="ILintRule.Descriptors"/>.</exception>
    public void Report(Diagnostic diagnostic)
    {
        if (_running is { } rule && !rule.Descriptors.Any(d => string.Equals(d.Code, diagnostic.Code, StringComparison.OrdinalIgnoreCase)))
        {
            // Suppression, severities and SARIF know a rule by its declared descriptors: an undeclared code would escape them.
            throw new InvalidOperationException(
                $"lint rule {rule.GetType().Name} reported {diagnostic.Code}, which it does not declare (it declares {string.Join(", ", rule.Descriptors.Select(d => d.Code))})");
        }

        _diagnostics.Add(diagnostic);
    }

    /// <summary>Runs one rule; what it reports must be of the codes it declares.</summary>
    internal void Run(ILintRule rule)
    {
        _running = rule;
        try
        {
            rule.Analyze(this);
        }
        finally
        {
            _running = null;
        }
    }
}
