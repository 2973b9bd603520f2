using Ledger.Journal;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Planning;

/// <summary>What a database needs, decided from the ledger and its journal alone.</summary>
public enum PlanStatus
{
    /// <summary>At the target: nothing to do.</summary>
    Current,

    /// <summary>Steps to apply.</summary>
    Pending,

    /// <summary>A recorded edge's checksum differs from the ledger's (or a row is missing): not changed.</summary>
    Drift,

    /// <summary>Above the target, or at a version the ledger does not have: not changed.</summary>
    Ahead,

    /// <summary>
    /// A rollback that cannot run: a step in its range has SQL and no down block (or the journal is unreadable); or an
    /// incomplete database (<see cref="DatabasePlan.Incomplete"/>: a no-transaction block started and not finished), either
    /// way. Not changed; <see cref="DatabasePlan.Problem"/> says why.
    /// </summary>
    Refused,
}

/// <summary>A recorded edge that disagrees with the ledger.</summary>
/// <param name="From">From version as recorded.</param>
/// <param name="To">To version as recorded.</param>
/// <param name="Recorded">Checksum in the journal, or null when the row is missing.</param>
/// <param name="Expected">Checksum of the ledger's block, or null when the ledger has no such edge.</param>
/// <param name="Block">The ledger's block for the edge, when there is one (for its line).</param>
public sealed record DriftedEdge(string From, string To, string? Recorded, string? Expected, MigrationBlock? Block)
{
    /// <summary>
    /// What to do about drift, said once per report: the two ways out, and why the second is risky. A recorded checksum
    /// is of the SQL that ran; a block edited afterwards describes something the database never ran.
    /// </summary>
    public const string WhatToDo =
        "to clear drift, revert the edit to the applied block, so that the ledger again says what ran in the database; " +
        "or pass --allow-drift to apply the later steps anyway, which is risky: the database keeps the SQL that ran, and the ledger " +
        "no longer describes it (a database built from the ledger would differ from this one)";

    /// <summary>One line for people.</summary>
    public string Describe() => (Recorded, Expected) switch
    {
        (null, _) => $"{From}→{To}: no row in the history table, although the database is past it",
        (_, null) => $"{From}→{To}: recorded, but the ledger has no such step",
        _ => $"{From}→{To}: recorded checksum {Short(Recorded)} differs from the ledger's {Short(Expected)}" +
             (Block is null ? "" : $" (block at {Block.Start.Path}:{Block.Start.Line} was edited after it was applied)"),
    };

    // A journal edited by hand may hold a checksum of any length.
    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] + "…" : checksum;
}

/// <summary>The plan for one database: pure data, computed by <see cref="MigrationPlanner"/>.</summary>
/// <param name="Scope">The database's scope.</param>
/// <param name="Current">Its current version.</param>
/// <param name="Target">The version to reach.</param>
/// <param name="Status">What it needs.</param>
/// <param name="Pending">
/// Steps to run, in the order they run (empty unless <see cref="PlanStatus.Pending"/>): oldest first going up, newest
/// first going down.
/// </param>
/// <param name="Drift">Recorded edges that disagree with the ledger.</param>
/// <param name="Problem">Why the database is refused, for <see cref="PlanStatus.Ahead"/> and <see cref="PlanStatus.Refused"/>.</param>
/// <param name="Direction">Up (<c>apply</c>) or down (<c>rollback</c>).</param>
public sealed record DatabasePlan(
    string Scope,
    SemVersion Current,
    SemVersion Target,
    PlanStatus Status,
    IReadOnlyList<ScopedStep> Pending,
    IReadOnlyList<DriftedEdge> Drift,
    string? Problem,
    PlanDirection Direction = PlanDirection.Up)
{
    /// <summary>
    /// The no-transaction block found started and not finished, when the database is incomplete: set when the plan is
    /// refused for it, and when <c>apply --resume</c> runs it again (then <see cref="Resumed"/> is its row).
    /// </summary>
    public IncompleteStep? Incomplete { get; init; }

    /// <summary>
    /// For a database that has tables but no history table (made before Ledger, or by hand): some of those tables. Empty
    /// otherwise. Such a database is planned from <c>baseline</c> as any other: its tables may have nothing to do with the
    /// ledger's. When they do, its first step fails on a table that already exists, and the failure says
    /// <see cref="Untracked"/>.
    /// </summary>
    public IReadOnlyList<string> UnrecordedTables { get; init; } = [];

    /// <summary>For such a database, what it is and how to adopt it (<c>ledger baseline --version V</c>); null otherwise.</summary>
    public string? Untracked { get; init; }

    /// <summary>
    /// With <c>apply --resume</c>: the <c>started</c> row of the first pending step, whose block runs again from its first
    /// statement; its row already exists, so the run updates it instead of inserting one. Null otherwise.
    /// </summary>
    public JournalEntry? Resumed { get; init; }

    /// <summary>True when the pending step runs outside a transaction: its block (in this plan's direction) has the directive and statements.</summary>
    public bool RunsOutsideTransaction(ScopedStep step) => BlockOf(step) is { NoTransaction: true, HasSql: true };

    /// <summary>The block a pending step runs in this plan's direction: its up block, or its down block.</summary>
    public MigrationBlock? BlockOf(ScopedStep step) => Direction == PlanDirection.Up ? step.Block : step.DownBlock;
}
