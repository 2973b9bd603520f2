namespace Ledger.Execution;

/// <summary>
/// An engine capability: whether a database it has opened can be changed at all, asked before the backup and the first
/// step, and whether a database that does not exist yet can be created, asked before it is. A read-only file or a folder
/// where the engine cannot create the files it writes beside the database would otherwise surface as the first step's
/// failure (or the engine's raw "unable to open"), blaming a statement of the ledger for what is a permission.
/// </summary>
public interface IWriteAccessCheck
{
    /// <summary>
    /// Why <paramref name="connection"/>'s database cannot be changed — the file or folder, the reason and what to do —
    /// or null when it can.
    /// </summary>
    /// <param name="connection">The open database.</param>
    /// <param name="cache">The run's answers so far: a place found writable is not probed again.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task<string?> ProblemAsync(IMigrationConnection connection, WriteAccessCache cache, CancellationToken cancellationToken);

    /// <summary>
    /// Why <paramref name="target"/>, which does not exist yet, cannot be created — in the same words as
    /// <see cref="ProblemAsync"/> for an existing database — or null when it can.
    /// </summary>
    /// <param name="target">The database to create.</param>
    /// <param name="cache">The run's answers so far.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task<string?> CreateProblemAsync(DatabaseTarget target, WriteAccessCache cache, CancellationToken cancellationToken);
}
