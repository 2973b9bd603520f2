using System.Collections;
using Ledger.Execution;
using Ledger.Model;

namespace Ledger.Targets;

/// <summary>
/// The users a source found, held in memory: every name is read in one go (for a query, one short read transaction),
/// so nothing stays open on the system database while the user databases are worked on. Only each user's key is kept
/// (its name, or its file name for a glob) and its <see cref="UserDatabase"/> is built when asked for: 56 bytes for
/// an 11-character name, so a million users is some 54 MiB (docs/apply.md says how this was measured). Placeholder
/// values (further columns of a query that the template uses) are kept only when there are some: one string per value,
/// in one flat array. Users rejected while reading (a NULL from the query) come first.
/// </summary>
public sealed class UserList : IReadOnlyList<UserDatabase>
{
    private readonly IReadOnlyList<string> _keys;
    private readonly Func<string, UserDatabase>? _resolve;
    private readonly Func<string, ReadOnlySpan<string?>, UserDatabase>? _resolveWith;
    private readonly string?[] _values = [];
    private readonly int _stride;
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

    /// <summary>Creates a list whose members carry placeholder values.</summary>
    /// <param name="keys">One key per user, each once, in listing order.</param>
    /// <param name="stride">Values per user (at least 1).</param>
    /// <param name="values">The values, <paramref name="stride"/> per user, in the order of <paramref name="keys"/>.</param>
    /// <param name="resolve">Makes a key and its values into its user.</param>
    /// <param name="rejected">Users rejected before they had a key (listed first).</param>
    public UserList(IReadOnlyList<string> keys, int stride, string?[] values, Func<string, ReadOnlySpan<string?>, UserDatabase> resolve,
        IReadOnlyList<UserDatabase>? rejected = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (values.Length != keys.Count * stride) throw new ArgumentException($"{keys.Count * stride} values expected, {values.Length} given", nameof(values));
        _keys = keys;
        _stride = stride;
        _values = values;
        _resolveWith = resolve;
        _rejected = rejected ?? [];
    }

    /// <summary>No users.</summary>
    public static UserList Empty { get; } = new([], key => throw new InvalidOperationException($"no user {key} in an empty list"));

    /// <inheritdoc />
    public int Count => _rejected.Count + _keys.Count;

    /// <inheritdoc />
    public UserDatabase this[int index]
    {
        get
        {
            if (index < _rejected.Count) return _rejected[index];
            int at = index - _rejected.Count;
            return _resolveWith is null ? _resolve!(_keys[at]) : _resolveWith(_keys[at], _values.AsSpan(at * _stride, _stride));
        }
    }

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
        if (system is null || !users.ReadsSystemDatabase || !await engine.ExistsAsync(system, cancellationToken))
        {
            return await users.ListAsync(null, cancellationToken);
        }

        await using IMigrationConnection connection = await engine.OpenReadOnlyAsync(system, cancellationToken);
        return await users.ListAsync(connection, cancellationToken);
    }

    /// <summary>True for the exceptions <see cref="ReadAsync"/> raises when the users cannot be listed (not a bug).</summary>
    /// <remarks>An <see cref="InvalidDataException"/> is a query whose columns do not fill the set's template.</remarks>
    public static bool IsListingFailure(Exception e) => e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidDataException;

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
