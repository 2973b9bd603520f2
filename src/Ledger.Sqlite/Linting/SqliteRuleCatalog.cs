using Ledger.Diagnostics;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// The rules whose knowledge is SQLite's: statements and settings SQLite refuses, or ignores, inside a step's
/// transaction, and <c>ATTACH</c>. Their codes are in docs/lint-rules.md with Core's, marked as the SQLite engine's.
/// </summary>
public static class SqliteRuleCatalog
{
    /// <summary>VACUUM in a block without the no-transaction directive.</summary>
    public static readonly DiagnosticDescriptor Vacuum = new("LDG017", "Vacuum", Severity.Error, "VACUUM in a block that runs in a transaction (needs -- ledger:no-transaction)", false);

    /// <summary>PRAGMA journal_mode changed in a block without the no-transaction directive.</summary>
    public static readonly DiagnosticDescriptor JournalMode = new("LDG018", "JournalModeChange", Severity.Error,
        "PRAGMA journal_mode in a block that runs in a transaction (needs -- ledger:no-transaction)", false);

    /// <summary>PRAGMA foreign_keys inside a block: a no-op inside a transaction.</summary>
    public static readonly DiagnosticDescriptor ForeignKeysPragma = new("LDG026", "ForeignKeysPragma", Severity.Warning, "PRAGMA foreign_keys has no effect inside a step's transaction", true);

    /// <summary><c>ATTACH</c> or <c>DETACH</c> in a block: accepted only with a suppression that gives a reason.</summary>
    public static readonly DiagnosticDescriptor AttachDatabase =
        new("LDG039", "AttachDatabase", Severity.Error, "A block attaches or detaches another database file", false) { SuppressibleWithReason = true };

    /// <summary>
    /// A <c>PRAGMA</c> whose setting outlives its step on apply's connection (<c>legacy_alter_table</c>,
    /// <c>recursive_triggers</c>, …), so that every later step of that database runs under it.
    /// </summary>
    public static readonly DiagnosticDescriptor PersistentPragma =
        new("LDG052", "PersistentPragma", Severity.Warning, "PRAGMA whose setting persists on apply's connection into later steps", true);

    /// <summary>All of the SQLite engine's rules, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [Vacuum, JournalMode, ForeignKeysPragma, AttachDatabase, PersistentPragma];
}
