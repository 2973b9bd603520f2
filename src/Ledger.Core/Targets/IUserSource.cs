using Ledger.Execution;

namespace Ledger.Targets;

/// <summary>
/// Finds the user databases (docs/configuration.md). A source reads every user in one go and returns them in memory
/// (<see cref="UserList"/>, a few tens of bytes per user), so that nothing is held open on the system database while
/// the user databases are migrated. Use <see cref="UserList.ReadAsync"/>, which opens and closes the system database
/// around the listing.
/// </summary>
public interface IUserSource
{
    /// <summary>True when the users are read from the system database (a query); false when they are found otherwise (a glob).</summary>
    bool ReadsSystemDatabase { get; }

    /// <summary>The users, each once, read in one go: a query runs in one read transaction, finished before this returns.</summary>
    /// <param name="system">The system database (read-only), for sources that query it; null when it does not exist.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    Task<UserList> ListAsync(IMigrationConnection? system, CancellationToken cancellationToken);
}
