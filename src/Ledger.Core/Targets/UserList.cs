using System.Collections;
using Ledger.Execution;
using Ledger.Model;

namespace Ledger.Targets;

/// <summary>
/// The users a source found, held in memory: every name is read in one go (for a query, one short read transaction),
/// so nothing stays open on the system database while the user databases are worked on. Only each user's key is kept
/// (its name, or its file name for a glob) and its <see cref="UserDatabase"/> is built when asked for: 56 bytes for
/// an 11-character name, so a million users is some 54 MiB (docs/apply.md says how this was measured).
/// Users rejected while reading (a NULL from the query) come first.
/// </summary>
public sealed class UserList : IReadOnlyList<UserDatabase>
{
    private readonly IReadOnlyList<string> _keys;
    private readonly Func<string, UserDatabase> _resolve;
    private readonly IReadOnlyList<UserDatabase> _rejected;

    /// <summary>Creates a list.</summary>
    /// <param name="keys">One key per user, each once, in listing order.</param>
    /// <param name="resolve">Makes a key into its user: the database, or why the name is rejected.</param>
    /// <param name="rejected">Users rejected before they had a key (listed first).</param>
    public UserList(IReadOnlyList<string> keys, Func<string, UserDatabase> resolve, IReadOnlyList<UserDatabase>? rejected = null)
    {
        _keys = keys;
        _resolve = resolve;
        _rejected = rejected ?? [];
    }

    /// <summary>No users.</summary>
    public static UserList Empty { get; } = new([], key => throw new InvalidOperationException($"no user {key} in an empty list"));

    /// <inheritdoc />
    public int Count => _rejected.Count + _keys.Count;

    /// <inheritdoc />
    public UserDatabase this[int index] => index < _rejected.Count ? _rejected[index] : _resolve(_keys[index - _rejected.Count]);

    /// <summary>
    /// Lists the users in one short read: opens the system database read-only when it exists, lets the source read
    /// every name, and closes it before returning. The one way Ledger lists users (apply, rollback, plan, status,
    /// verify, baseline), so that no read lock or read transaction on the system database lasts while the user
    /// databases are worked on: the application keeps writing to it, and in WAL mode its checkpoints keep running.
    /// </summary>
    /// <param name="engine">Opens the system database.</param>
    /// <param name="system">The system database, or null when there is none.</param>
    /// <param name="users">Where the users come from.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <exception cref="System.Data.Common.DbException">The system database cannot be read, or the users query fails.</exception>
    /// <exception cref="IOException">Something other than a database file stands at the system database's path.</exception>
    /// <remarks>Callers catch what <see cref="IsListingFailure"/> accepts and report it (<see cref="ScopeResult.Unlisted"/>).</remarks>
    public static async Task<UserList> ReadAsync(IDatabaseEngine engine, DatabaseTarget? system, IUserSource users, CancellationToken cancellationToken)
    {
        if (system is null || !users.ReadsSystemDatabase || !engine.Exists(system))
        {
            return await users.ListAsync(null, cancellationToken);
        }

        await using IMigrationConnection connection = await engine.OpenReadOnlyAsync(system, cancellationToken);
        return await users.ListAsync(connection, cancellationToken);
    }

    /// <summary>True for the exceptions <see cref="ReadAsync"/> raises when the users cannot be listed (not a bug).</summary>
    public static bool IsListingFailure(Exception e) => e is System.Data.Common.DbException or IOException or UnauthorizedAccessException;

    /// <inheritdoc />
    public IEnumerator<UserDatabase> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
