using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>How a ledger is checked: extra analyzers and configured severities.</summary>
public sealed record LintOptions
{
    /// <summary>Severity per rule code; null turns a rule off. Only configurable rules are affected.</summary>
    public IReadOnlyDictionary<string, Severity?> SeverityOverrides { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>Analyzers beyond the built-in ones, such as an engine's SQL check.</summary>
    public IReadOnlyList<ILintRule> ExtraRules { get; init; } = [];

    /// <summary>The scopes tags may name, in the order they are applied: those declared in ledger.json, or <c>system</c> and <c>user</c>.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = Model.Scopes.Known;

    /// <summary>Default options: built-in rules, default severities.</summary>
    public static LintOptions Default { get; } = new();
}
