using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Linting.Suppressions;
using Ledger.Validation;

namespace Ledger.Linting;

/// <summary>
/// The one way in: text → <see cref="LedgerDocument"/> → validated <see cref="Model.MigrationSet"/>, with every
/// finding of the reader, the validator and the analyzers. <c>lint</c>, <c>plan</c> and <c>apply</c> all load
/// through here, so they agree on what is an error.
/// </summary>
public static class LedgerLoader
{
    /// <summary>Reads and checks a ledger file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static LoadedLedger LoadFile(string path, LintOptions? options = null, CancellationToken cancellationToken = default) =>
        Load(LedgerDocumentReader.ReadText(path), path, options, cancellationToken);

    /// <summary>Reads and checks ledger text.</summary>
    public static LoadedLedger Load(string text, string path, LintOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LintOptions();
        IReadOnlyList<IEngineLintRules> engines = options.EnginesInUse();
        RuleSet known = RuleSet.Of(options.EngineRules);
        List<(ILintRule Rule, string? Engine)> rules =
        [
            .. BuiltInRules.Create(engines.Select(e => e.JournalTable)).Select(r => (r, (string?)null)),
            .. engines.SelectMany(e => e.CreateRules().Select(r => (r, (string?)e.Engine))),
            .. options.ExtraRules.Select(r => (r, (string?)null)),
        ];
        CheckDeclarations(rules.Select(r => r.Rule), known);

        LedgerDocument document = LedgerDocumentReader.Read(text, path, options.Scopes);
        ValidationResult validation = LedgerValidator.Validate(document, options.Scopes);

        var diagnostics = new List<Diagnostic>(document.Diagnostics);
        diagnostics.AddRange(validation.Diagnostics);
        bool structurallySound = !diagnostics.Any(d => d.Severity == Severity.Error);
        var context = new LintContext(document, structurallySound ? validation.Set : null, diagnostics, cancellationToken, options.ScopeEngines, options.EngineRules,
            [.. rules.Select(r => r.Rule).OfType<IJudgesScopes>()]);
        foreach ((ILintRule rule, string? engine) in rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.Run(rule, engine);
        }

        List<Diagnostic> superseded = context.SettleSuperseded();

        // Suppressions first, by code: a reviewer accepts a finding, whatever severity configuration gives it.
        (List<Diagnostic> kept, int suppressed) = SuppressionFilter.Apply(SuppressionReader.Read(text, document), diagnostics, known, superseded);
        List<Diagnostic> effective = ApplySeverities(kept, options, known);
        effective.Sort(DiagnosticOrder.Compare);
        bool hasErrors = effective.Any(d => d.Severity == Severity.Error);
        return new LoadedLedger(document, hasErrors ? null : validation.Set, effective) { Suppressed = suppressed };
    }

    /// <summary>
    /// Fails fast, before any rule runs, when a rule declares a code that is not registered (or another descriptor under
    /// a registered code): suppressions, severities and SARIF would not know its findings.
    /// </summary>
    /// <exception cref="InvalidOperationException">A rule's declaration does not match the registered rules.</exception>
    private static void CheckDeclarations(IEnumerable<ILintRule> rules, RuleSet known)
    {
        foreach (ILintRule rule in rules)
        {
            foreach (DiagnosticDescriptor declared in rule.Descriptors)
            {
                if (known.Find(declared.Code) != declared)
                {
                    throw new InvalidOperationException(
                        $"lint rule {rule.GetType().Name} declares {declared.Code}, which is not a registered rule (Core's {nameof(RuleCatalog)} or an engine's {nameof(IEngineLintRules)}.{nameof(IEngineLintRules.Descriptors)})");
                }
            }

            // A rule that silences a static rule must report that code itself, or the scope would lose the finding unnoticed.
            if (rule is IJudgesScopes judge && judge.Judges.FirstOrDefault(j => !judge.Descriptors.Contains(j)) is { } undeclared)
            {
                throw new InvalidOperationException($"lint rule {rule.GetType().Name} judges {undeclared.Code} in place of the static rule, but does not declare it");
            }
        }
    }

    private static List<Diagnostic> ApplySeverities(List<Diagnostic> diagnostics, LintOptions options, RuleSet known)
    {
        if (options.SeverityOverrides.Count == 0)
        {
            return diagnostics;
        }

        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (Diagnostic d in diagnostics)
        {
            if (known.Find(d.Code) is { Configurable: true } && options.SeverityOverrides.TryGetValue(d.Code, out Severity? severity))
            {
                if (severity is Severity s) result.Add(d with { Severity = s });
                continue;
            }

            result.Add(d);
        }

        return result;
    }
}
