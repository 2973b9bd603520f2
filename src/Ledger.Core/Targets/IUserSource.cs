using Ledger.Execution;

namespace Ledger.Targets;

/// <summary>Finds the user databases (spec §2.1). Streams them, so memory does not grow with their number.</summary>
public interface IUserSource
{
    /// <summary>How many users there are, if cheap to know (for progress); null otherwise.</summary>
    Task<long?> CountAsync(IMigrationConnection? system, CancellationToken cancellationToken);

    /// <summary>The users, each once.</summary>
    /// <param name="system">The system database (read-only), for sources that query it; null when it does not exist.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    IAsyncEnumerable<UserDatabase> ListAsync(IMigrationConnection? system, CancellationToken cancellationToken);
}
