using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>
/// An analyzer that judges some of Core's codes itself, more precisely than Core's static rule can, for the scopes of one
/// engine: an engine's SQL replay sees what a step does to the rows and the schema, so it reports data loss (LDG020)
/// where the static rule could only point at every <c>DROP TABLE</c>. For those scopes the static rule of the same code
/// stays silent (<see cref="LintContext.JudgedByAnother"/>). It speaks only when the analyzer runs: with the ledger
/// structurally sound (the replay needs the version order) and the analyzer among the rules (not with
/// <c>--no-sql-check</c>).
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
