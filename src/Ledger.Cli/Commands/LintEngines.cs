using Ledger.Execution;
using Ledger.Linting;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Sqlite.Engine;

namespace Ledger.Cli.Commands;

/// <summary>
/// The engines the tool ships (SQLite and PostgreSQL), registered in one place: the first is the engine of a scope that names
/// none, and their lint rules are what the loader runs (those of the engines the scopes use) and what configuration,
/// suppressions and SARIF know the codes of.
/// </summary>
internal static class LintEngines
{
    /// <summary>The tool's engines, SQLite first (the default), then PostgreSQL; the database verbs pass SQLite's busy timeout.</summary>
    public static EngineRegistry Registry(TimeSpan? busyTimeout = null) => new(new SqliteEngine(busyTimeout), new PostgresEngine(new PostgresTargetResolver()));

    /// <summary>The shipped engines, for the verbs that open no database (lint, new, configuration).</summary>
    public static EngineRegistry Shipped { get; } = Registry();

    /// <summary>Every shipped engine's rules.</summary>
    public static IReadOnlyList<IEngineLintRules> All { get; } = Shipped.LintRules;

    /// <summary>Core's rules and every shipped engine's.</summary>
    public static RuleSet Rules { get; } = RuleSet.Of(All);
}
