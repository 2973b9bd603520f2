using Ledger.Linting;
using Ledger.Sqlite.Linting;

namespace Ledger.Cli.Commands;

/// <summary>
/// The lint rules of the engines the tool ships (SQLite's today), registered once: the loader runs those of the engines
/// the ledger's scopes use, and configuration, suppressions and SARIF know the codes of all of them.
/// </summary>
internal static class LintEngines
{
    /// <summary>Every shipped engine's rules.</summary>
    public static IReadOnlyList<IEngineLintRules> All { get; } = [SqliteLintRules.Instance];

    /// <summary>Core's rules and every shipped engine's.</summary>
    public static RuleSet Rules { get; } = RuleSet.Of(All);
}
