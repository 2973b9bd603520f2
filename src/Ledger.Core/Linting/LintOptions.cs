using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>How a ledger is checked: extra analyzers and configured severities.</summary>
public sealed record LintOptions
{
    /// <summary>Severity per rule code; null turns a rule off. Only configurable rules are affected.</summary>
    public IReadOnlyDictionary<string, Severity?> SeverityOverrides { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>Analyzers beyond the built-in ones, such as an engine's SQL check.</summary>
    public IReadOnlyList<ILintRule> ExtraRules { get; init; } = [];

    /// <summary>Default options: built-in rules, default severities.</summary>
    public static LintOptions Default { get; } = new();
}
