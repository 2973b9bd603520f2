using Ledger.Linting;
using Ledger.Sqlite.Linting;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>Lint options as the tool uses them for a ledger of SQLite scopes: Core's rules and the SQLite engine's.</summary>
internal static class SqliteLint
{
    public static LintOptions Options(params ILintRule[] extraRules) => new() { EngineRules = [SqliteLintRules.Instance], ExtraRules = extraRules };
}
