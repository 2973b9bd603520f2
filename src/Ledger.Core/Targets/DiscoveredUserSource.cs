using Ledger.Execution;

namespace Ledger.Targets;

/// <summary>
/// The members of a set found by pattern (a glob on SQLite): whatever the engine's resolver discovers, listed in its
/// order, each resolved (and its name checked) when asked for.
/// </summary>
/// <param name="members">The set's resolver.</param>
public sealed class DiscoveredUserSource(IMemberResolver members) : IUserSource
{
    /// <inheritdoc />
    public bool ReadsSystemDatabase => false;

    /// <inheritdoc />
    public Task<UserList> ListAsync(IMigrationConnection? system, CancellationToken cancellationToken) =>
        Task.FromResult(new UserList(members.Discover(cancellationToken), key => members.Resolve(key, null)));
}
