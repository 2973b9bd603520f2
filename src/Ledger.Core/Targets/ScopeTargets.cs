using Ledger.Execution;
using Ledger.Scoping;

namespace Ledger.Targets;

/// <summary>
/// Where each scope's databases are: the one database of a single-database scope, and the members of a set, listed in
/// one short read (a query on the earlier scope's database, or a glob). The one place that turns a scope's settings
/// into databases, for every verb and for the library.
/// </summary>
/// <param name="layout">The scopes.</param>
/// <param name="engines">The engines they name.</param>
/// <param name="backupDirectory">The backup folder as configured (never a member's location), or null for the default.</param>
public sealed class ScopeTargets(ScopeLayout layout, EngineRegistry engines, string? backupDirectory = null)
{
    /// <summary>The scopes.</summary>
    public ScopeLayout Layout => layout;

    /// <summary>The engines.</summary>
    public EngineRegistry Engines => engines;

    /// <summary>The engine serving a scope.</summary>
    public IDatabaseEngine EngineOf(ScopeDefinition scope) => engines.Get(scope.Engine);

    /// <summary>The one database of a single-database scope.</summary>
    public DatabaseTarget One(ScopeDefinition scope) =>
        scope.IsSet ? throw new ArgumentException($"scope {scope.Name} is a set of databases", nameof(scope)) : new DatabaseTarget(scope.Name, scope.Name, scope.Database!);

    /// <summary>The single-database scope a set's query runs on, or null for a set found otherwise.</summary>
    public ScopeDefinition? ListedBy(ScopeDefinition set) => set.From is null ? null : layout.Find(set.From);

    /// <summary>
    /// Lists a set's members in one short read (see <see cref="UserList.ReadAsync"/>): the earlier scope's database is
    /// opened read-only for the query and closed before this returns.
    /// </summary>
    /// <exception cref="System.Data.Common.DbException">The database the query runs on cannot be read, or the query fails.</exception>
    /// <exception cref="IOException">Something other than a database stands at that database's location.</exception>
    public Task<UserList> ListAsync(ScopeDefinition set, CancellationToken cancellationToken)
    {
        var rules = new UserFolderRules { AllowSymlinksOutside = set.AllowSymlinksOutside, BackupDirectory = backupDirectory };
        if (set.Glob is not null)
        {
            return UserList.ReadAsync(EngineOf(set), null, new GlobUserSource(set.Glob, rules), cancellationToken);
        }

        ScopeDefinition from = ListedBy(set) ?? throw new ArgumentException($"scope {set.Name} is not a set found by a query", nameof(set));
        return UserList.ReadAsync(EngineOf(from), One(from), new QueryUserSource(set.Query!, set.Database!, rules), cancellationToken);
    }
}
