using Ledger.Execution;

namespace Ledger.Journal;

/// <summary>
/// Optional (<see cref="IDatabaseEngine.TryGet{T}"/>): an engine whose journal tables, made by an earlier Ledger, cannot
/// hold a <c>started</c> row (a no-transaction block's, <see cref="Model.JournalKinds.Started"/>) until they are changed.
/// Asked only for a database that has its journal table and whose plan runs a no-transaction step; the statements then
/// run in a transaction of their own at the start of the first no-transaction unit (<see cref="Planning.ExecutionPlan"/>),
/// and <c>plan --format sql</c> prints them. They keep every row.
/// </summary>
public interface IJournalUpgrade
{
    /// <summary>Whether the database's journal table needs <see cref="Statements"/> before it can hold a <c>started</c> row.</summary>
    Task<bool> IsNeededAsync(IMigrationConnection connection, CancellationToken cancellationToken);

    /// <summary>The statements, in order; run in one transaction.</summary>
    IReadOnlyList<string> Statements { get; }
}

/// <summary>The one test of whether a database's journal table must be upgraded before its plan runs.</summary>
public static class JournalUpgrades
{
    /// <summary>
    /// Whether <paramref name="journal"/>'s table, made by an earlier Ledger, must be changed before <paramref name="plan"/>
    /// writes a <c>started</c> row: asked of the engine only when the table exists and a no-transaction step will run.
    /// </summary>
    public static async Task<bool> IsNeededAsync(IDatabaseEngine engine, IMigrationConnection connection, JournalState journal, Planning.DatabasePlan plan,
        CancellationToken cancellationToken) =>
        journal.TableExists && plan.Pending.Any(plan.RunsOutsideTransaction) &&
        engine.TryGet<IJournalUpgrade>() is { } upgrades && await upgrades.IsNeededAsync(connection, cancellationToken);
}
