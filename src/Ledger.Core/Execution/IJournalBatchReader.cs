using Ledger.Journal;

namespace Ledger.Execution;

/// <summary>
/// An optional capability: reads the journals of many databases in a few round trips (PostgreSQL: every tenant schema
/// of one server database in one query), so a run over thousands of databases that are already current opens no
/// connection per database. Core plans each database from its snapshot; a database with pending steps is still opened
/// and its journal read again inside the step's transaction, which is what keeps racing runners exactly-once.
/// </summary>
public interface IJournalBatchReader
{
    /// <summary>Snapshots of <paramref name="targets"/>' journals, in the same order; an entry is null when the reader cannot tell (Core then opens that database as usual).</summary>
    /// <param name="targets">Databases of this engine (members of one set, typically).</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <exception cref="System.Data.Common.DbException">A server cannot be read.</exception>
    Task<IReadOnlyList<JournalSnapshot?>> ReadManyAsync(IReadOnlyList<DatabaseTarget> targets, CancellationToken cancellationToken);
}

/// <summary>One database's journal, read in a batch.</summary>
/// <param name="Exists">False when the database (or its tenant schema) does not exist.</param>
/// <param name="Journal">Its journal (<see cref="JournalState.Empty"/> when it does not exist or has no journal table).</param>
public sealed record JournalSnapshot(bool Exists, JournalState Journal)
{
    /// <summary>
    /// The plan of <paramref name="target"/> from this journal, with the engine's statement splitter: what a connection
    /// reading the same journal would plan (apply's settled databases and status/plan/verify use this one place).
    /// </summary>
    public Planning.DatabasePlan Plan(IDatabaseEngine engine, Model.MigrationSet set, DatabaseTarget target, Versions.SemVersion version,
        Planning.PlanDirection direction, bool allowDrift, bool resume = false) =>
        Planning.MigrationPlanner.Plan(set, target.Scope, Journal, version, direction, allowDrift, resume, engine.TryGet<Sql.IStatementSplitter>());
}
