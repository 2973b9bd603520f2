using Ledger.Execution;
using Ledger.Linting;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Sqlite.Engine;

namespace Ledger.Cli.Commands;

/// <summary>
/// The engines the tool ships (SQLite and PostgreSQL), registered in one place, the only code of the tool that names
/// them: the first is the engine of a scope that names none; their lint rules (and SQL checks) are what the loader runs
/// (those of the engines the scopes use) and what configuration, suppressions and SARIF know the codes of; and the
/// process-wide settings an engine wants in a process Ledger owns are made here (<see cref="ConfigureProcess"/>).
/// Everything else the verbs need from an engine they ask through Core's capabilities.
/// </summary>
internal static class LintEngines
{
    /// <summary>The tool's engines, SQLite first (the default), then PostgreSQL; the database verbs pass SQLite's busy timeout.</summary>
    public static EngineRegistry Registry(TimeSpan? busyTimeout = null) => new(new SqliteEngine(busyTimeout), new PostgresEngine(new PostgresTargetResolver()));

    /// <summary>
    /// The shipped engines' process-wide settings, for this process, which Ledger owns: called first thing by
    /// <c>Program.cs</c>, before any engine exists or any database is opened (SQLite may only be reconfigured then).
    /// SQLite: no memory statistics, and freed heap memory kept for the next database (<see cref="SqliteProcess"/>).
    /// PostgreSQL needs none.
    /// </summary>
    public static void ConfigureProcess()
    {
        SqliteProcess.DisableMemoryStatistics();
        SqliteProcess.KeepFreedHeapMemory();
    }

    /// <summary>The shipped engines, for the verbs that open no database (lint, new, configuration).</summary>
    public static EngineRegistry Shipped { get; } = Registry();

    /// <summary>Core's rules and every shipped engine's.</summary>
    public static RuleSet Rules { get; } = RuleSet.Of(Shipped.LintRules);
}
