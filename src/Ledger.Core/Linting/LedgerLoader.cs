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
        options ??= LintOptions.Default;
        LedgerDocument document = LedgerDocumentReader.Read(text, path, options.Scopes);
        ValidationResult validation = LedgerValidator.Validate(document, options.Scopes);

        var diagnostics = new List<Diagnostic>(document.Diagnostics);
        diagnostics.AddRange(validation.Diagnostics);
        bool structurallySound = !diagnostics.Any(d => d.Severity == Severity.Error);
        var context = new LintContext(document, structurallySound ? validation.Set : null, diagnostics, cancellationToken);
        foreach (ILintRule rule in BuiltInRules.Create().Concat(options.ExtraRules))
        {
            cancellationToken.ThrowIfCancellationRequested();
            rule.Analyze(context);
        }

        // Suppressions first, by code: a reviewer accepts a finding, whatever severity configuration gives it.
        (List<Diagnostic> kept, int suppressed) = SuppressionFilter.Apply(SuppressionReader.Read(text, document), diagnostics);
        List<Diagnostic> effective = ApplySeverities(kept, options);
        effective.Sort(DiagnosticOrder.Compare);
        bool hasErrors = effective.Any(d => d.Severity == Severity.Error);
        return new LoadedLedger(document, hasErrors ? null : validation.Set, effective) { Suppressed = suppressed };
    }

    private static List<Diagnostic> ApplySeverities(List<Diagnostic> diagnostics, LintOptions options)
    {
        if (options.SeverityOverrides.Count == 0)
        {
            return diagnostics;
        }

        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (Diagnostic d in diagnostics)
        {
            if (RuleCatalog.Find(d.Code) is { Configurable: true } && options.SeverityOverrides.TryGetValue(d.Code, out Severity? severity))
            {
                if (severity is Severity s) result.Add(d with { Severity = s });
                continue;
            }

            result.Add(d);
        }

        return result;
    }
}
