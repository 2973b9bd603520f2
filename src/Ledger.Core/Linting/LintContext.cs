using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting;

/// <summary>What a rule sees: the document, the validated set when the ledger had no structural error, and a sink.</summary>
public sealed class LintContext
{
    private readonly List<Diagnostic> _diagnostics;
    private readonly IReadOnlyDictionary<string, string>? _scopeEngines;
    private readonly IReadOnlyList<IEngineLintRules> _engines;
    private readonly IReadOnlyList<IJudgesScopes> _judges;
    private ILintRule? _running;
    private string? _runningEngine;

    internal LintContext(LedgerDocument document, MigrationSet? set, List<Diagnostic> diagnostics, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? scopeEngines = null, IReadOnlyList<IEngineLintRules>? engines = null, IReadOnlyList<IJudgesScopes>? judges = null)
    {
        Document = document;
        Set = set;
        _diagnostics = diagnostics;
        CancellationToken = cancellationToken;
        _scopeEngines = scopeEngines;
        _engines = engines ?? [];
        _judges = judges ?? [];
    }

    /// <summary>The ledger as read.</summary>
    public LedgerDocument Document { get; }

    /// <summary>The validated set, or null when the ledger has structural errors.</summary>
    public MigrationSet? Set { get; }

    /// <summary>Stops long analyses.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The engine of <paramref name="scope"/>'s databases, by name, or null when the host did not say
    /// (<see cref="LintOptions.ScopeEngines"/>): then every engine's rules see the scope.
    /// </summary>
    public string? EngineOf(string scope) => _scopeEngines?.GetValueOrDefault(scope);

    /// <summary>
    /// True when another analyzer of this run judges <paramref name="descriptor"/>'s code for <paramref name="scope"/>
    /// (<see cref="IJudgesScopes"/>), so that the static rule of that code reports its findings there with
    /// <see cref="ReportSuperseded"/>: the analyzer declares the code and the scope's engine, and the ledger is
    /// structurally sound, so that it runs. Whether it reached a block is known only once it ran (<see cref="Judged"/>).
    /// </summary>
    public bool JudgedByAnother(DiagnosticDescriptor descriptor, string scope) =>
        Set is not null && _judges.Any(j => !ReferenceEquals(j, _running) && j.Judges.Contains(descriptor)
                                            && (EngineOf(scope) is not string engine || engine == j.Engine));

    /// <summary>
    /// The blocks (down blocks too), in file order, that the running rule checks: an engine's rules see only the blocks of
    /// that engine's scopes; Core's rules and the extra ones see every block.
    /// </summary>
    public IEnumerable<MigrationBlock> Blocks() =>
        _runningEngine is null || _scopeEngines is null ? Document.Blocks : Document.Blocks.Where(b => EngineOf(b.Scope) == _runningEngine);

    /// <summary>The statements of <paramref name="block"/> as its scope's engine splits them (<see cref="IEngineLintRules.Splitter"/>).</summary>
    public IReadOnlyList<SqlStatement> StatementsOf(MigrationBlock block) =>
        block.StatementsBy(EngineOf(block.Scope) is string engine ? _engines.FirstOrDefault(e => e.Engine == engine)?.Splitter : null);

    /// <summary>Every statement of every block the running rule checks (<see cref="Blocks"/>), in file order, with where it is.</summary>
    public IEnumerable<(SqlStatement Statement, SourceLocation Location)> Statements() =>
        Blocks().SelectMany(block => StatementsOf(block).Select(s => (s, block.LocationOf(s))));

    /// <summary>Reports a finding.</summary>
    /// <exception cref="InvalidOperationException">The rule reporting it does not declare its code in <see cref="ILintRule.Descriptors"/>.</exception>
    public void Report(Diagnostic diagnostic)
    {
        CheckDeclared(diagnostic);
        _diagnostics.Add(diagnostic);
    }

    private void CheckDeclared(Diagnostic diagnostic)
    {
        if (_running is { } rule && !rule.Descriptors.Any(d => string.Equals(d.Code, diagnostic.Code, StringComparison.OrdinalIgnoreCase)))
        {
            // Suppression, severities and SARIF know a rule by its declared descriptors: an undeclared code would escape them.
            throw new InvalidOperationException(
                $"lint rule {rule.GetType().Name} reported {diagnostic.Code}, which it does not declare (it declares {string.Join(", ", rule.Descriptors.Select(d => d.Code))})");
        }
    }

    /// <summary>
    /// Findings a static rule left to the analyzer that judges their scope (<see cref="ReportSuperseded"/>), with the
    /// block each is in; settled once every rule has run (<see cref="SettleSuperseded"/>).
    /// </summary>
    private readonly List<(MigrationBlock Block, Diagnostic Finding)> _superseded = [];

    /// <summary>The blocks (by where they start) an analyzer judged, with the code it judged there (<see cref="Judged"/>).</summary>
    private readonly HashSet<(SourceLocation Block, string Code)> _judged = [];

    /// <summary>
    /// Records a finding the running rule leaves to the analyzer that judges its scope (<see cref="JudgedByAnother"/>).
    /// It is not shown when that analyzer says it judged <paramref name="block"/> (<see cref="Judged"/>), and then a
    /// suppression comment that covers it is not unused (LDG036): the same ledger is linted without the SQL check too
    /// (<c>--no-sql-check</c>, an editor), where the static rule reports it and the comment is needed. When the analyzer
    /// did not reach the block (its replay stopped at an earlier error), the finding is reported as usual.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rule reporting it does not declare its code.</exception>
    public void ReportSuperseded(MigrationBlock block, Diagnostic diagnostic)
    {
        CheckDeclared(diagnostic);
        _superseded.Add((block, diagnostic));
    }

    /// <summary>
    /// Said by the running analyzer (<see cref="IJudgesScopes"/>) of each block it judged: it reached the block and
    /// reports the codes it <see cref="IJudgesScopes.Judges"/> there itself, so the static findings of those codes in the
    /// block stay hidden. A block it does not say this of keeps the static rule's findings.
    /// </summary>
    public void Judged(MigrationBlock block)
    {
        if (_running is not IJudgesScopes judge) return;
        foreach (DiagnosticDescriptor code in judge.Judges) _judged.Add((block.Start, code.Code));
    }

    /// <summary>
    /// Once every rule has run: reports the superseded findings of blocks no analyzer judged, and returns those of the
    /// blocks one did (hidden, but a suppression comment that covers one is in use).
    /// </summary>
    internal List<Diagnostic> SettleSuperseded()
    {
        var hidden = new List<Diagnostic>();
        foreach ((MigrationBlock block, Diagnostic finding) in _superseded)
        {
            if (_judged.Contains((block.Start, finding.Code))) hidden.Add(finding);
            else _diagnostics.Add(finding);
        }

        _superseded.Clear();
        return hidden;
    }

    /// <summary>Runs one rule (of <paramref name="engine"/>, or null: Core's or an extra one); what it reports must be of the codes it declares.</summary>
    internal void Run(ILintRule rule, string? engine = null)
    {
        _running = rule;
        _runningEngine = engine;
        try
        {
            rule.Analyze(this);
        }
        finally
        {
            _running = null;
            _runningEngine = null;
        }
    }
}
