using Ledger.Diagnostics;

namespace Ledger.Linting.Suppressions;

/// <summary>
/// Applies the ledger's suppression comments to the findings: removes what a reviewer accepted, and reports
/// suppressions without a reason (LDG035; for a rule accepted only with a reason, such as LDG039, the comment then hides
/// nothing), suppressions that hide nothing (LDG036, like an unused
/// <c>#pragma warning disable</c>) and suppressions of unknown rules or of rules that protect the databases (LDG037).
/// </summary>
public static class SuppressionFilter
{
    /// <summary>The findings that remain, the suppression findings added, and how many were hidden; <paramref name="known"/> are the rules a comment may name.</summary>
    /// <param name="suppressions">The ledger's suppression comments.</param>
    /// <param name="diagnostics">The findings.</param>
    /// <param name="known">The rules a comment may name.</param>
    /// <param name="superseded">
    /// Findings a static rule left to the analyzer that judges their scope (<see cref="LintContext.ReportSuperseded"/>):
    /// not shown, but a comment that covers one is in use.
    /// </param>
    public static (List<Diagnostic> Remaining, int Suppressed) Apply(IReadOnlyList<Suppression> suppressions, List<Diagnostic> diagnostics, RuleSet known,
        IReadOnlyList<Diagnostic>? superseded = null)
    {
        if (suppressions.Count == 0)
        {
            return (diagnostics, 0);
        }

        var active = new List<Suppression>();
        var added = new List<Diagnostic>();
        foreach (Suppression s in suppressions)
        {
            if (Problem(s, known) is string problem)
            {
                added.Add(RuleCatalog.InvalidSuppression.Create(s.Location, problem));
                continue;
            }

            if (s.Reason is null)
            {
                bool needsReason = known.Find(s.Code!)!.SuppressibleWithReason;
                added.Add(RuleCatalog.SuppressionWithoutReason.Create(s.Location, needsReason
                    ? $"'ledger:ignore {s.Code}' gives no reason, and {s.Code} is accepted only with one: the finding stays; say why (-- ledger:ignore {s.Code} <reason>)"
                    : $"'ledger:ignore {s.Code}' gives no reason; say why the finding was accepted (-- ledger:ignore {s.Code} <reason>), so the next reviewer knows"));
                if (needsReason) continue;
            }

            active.Add(s);
        }

        var used = new HashSet<Suppression>();
        var remaining = new List<Diagnostic>(diagnostics.Count + added.Count);
        int hidden = 0;
        foreach (Diagnostic d in diagnostics)
        {
            Suppression? by = active.FirstOrDefault(s => s.Covers(d));
            if (by is null)
            {
                remaining.Add(d);
                continue;
            }

            used.Add(by);
            hidden++;
        }

        foreach (Diagnostic d in superseded ?? [])
        {
            if (active.FirstOrDefault(s => s.Covers(d)) is { } by) used.Add(by);
        }

        foreach (Suppression s in active.Where(s => !used.Contains(s)))
        {
            added.Add(RuleCatalog.UnusedSuppression.Create(s.Location, s.FirstLine == 0
                ? $"'ledger:ignore {s.Code}' has no line after it in its code block to apply to; remove it"
                : $"'ledger:ignore {s.Code}' suppresses nothing: line {s.FirstLine} has no {s.Code} finding; remove it, so that it cannot hide a later one"));
        }

        remaining.AddRange(added);
        return (remaining, hidden);
    }

    private static string? Problem(Suppression s, RuleSet known)
    {
        if (s.Code is null)
        {
            return "'ledger:ignore' names no rule; write '-- ledger:ignore LDGnnn <reason>' on the line before the finding";
        }

        DiagnosticDescriptor? rule = known.Find(s.Code);
        if (rule is null)
        {
            return $"'ledger:ignore {s.Code}': there is no rule {s.Code} (see docs/lint-rules.md)";
        }

        if (!rule.Configurable && !rule.SuppressibleWithReason)
        {
            return $"{rule.Code} ({rule.Name}) cannot be suppressed: it protects the databases, and apply refuses a ledger with it; fix the finding instead";
        }

        if (rule == RuleCatalog.SuppressionWithoutReason || rule == RuleCatalog.UnusedSuppression || rule == RuleCatalog.InvalidSuppression)
        {
            return $"{rule.Code} is about suppressions themselves and cannot be suppressed inline; change its severity in ledger.json (lint.severity) instead";
        }

        return null;
    }
}
