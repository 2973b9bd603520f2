namespace Ledger.Execution;

/// <summary>
/// An engine capability: whether a database it has opened can be changed at all, asked before the backup and the first
/// step. A read-only file or a folder where the engine cannot create the files it writes beside the database would
/// otherwise surface as the first step's failure, blaming a statement of the ledger for what is a permission.
/// </summary>
public interface IWriteAccessCheck
{
    /// <summary>
    /// Why <paramref name="connection"/>'s database cannot be changed — the file or folder, the reason and what to do —
    /// or null when it can.
    /// </summary>
    Task<string?> ProblemAsync(IMigrationConnection connection, CancellationToken cancellationToken);
}
