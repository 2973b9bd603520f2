using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>
/// An analyzer that judges some of Core's codes itself, more precisely than Core's static rule can, for the scopes of one
/// engine: an engine's SQL replay sees what a step does to the rows and the schema, so it reports data loss (LDG020)
/// where the static rule could only point at every <c>DROP TABLE</c>. For those scopes the static rule of the same code
/// stays silent (<see cref="LintContext.JudgedByAnother"/>) in every block the analyzer says it judged
/// (<see cref="LintContext.Judged"/>). The analyzer speaks only when it runs: with the ledger structurally sound (the
/// replay needs the version order) and the analyzer among the rules (not with <c>--no-sql-check</c>); and only for the
/// blocks it reached: a replay that stops at an error judges none of the blocks from there on, where the static
/// findings are reported as usual.
/// </summary>
public interface IJudgesScopes : ILintRule
{
    /// <summary>
    /// The engine whose scopes it judges, by name. A scope the host gives no engine (<see cref="LintOptions.ScopeEngines"/>
    /// null) counts as judged too: then every engine's rules check every scope.
    /// </summary>
    string Engine { get; }

    /// <summary>The codes it judges in place of the static rules; each must be one of its <see cref="ILintRule.Descriptors"/>.</summary>
    IReadOnlyList<DiagnosticDescriptor> Judges { get; }
}
