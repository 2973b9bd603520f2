using Ledger.Execution;
using Ledger.Scoping;

namespace Ledger.Targets;

/// <summary>
/// Where each scope's databases are: the one database of a single-database scope, and the members of a set, listed in
/// one short read (a query on the earlier scope's database, or a pattern). The one place that turns a scope's settings
/// into databases, for every verb and for the library; each scope's engine says what a location is
/// (<see cref="IDatabaseEngine.Targets"/>). Every target carries its scope's name.
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

    /// <summary>The backup folder as configured, or null for each engine's default place.</summary>
    public string? BackupDirectory => backupDirectory;

    /// <summary>The engine serving a scope.</summary>
    public IDatabaseEngine EngineOf(ScopeDefinition scope) => engines.Get(scope.Engine);

    /// <summary>
    /// How many databases the run can have open at once: the smallest <see cref="IOpenDatabaseLimit"/> capacity of the
    /// engines of the scopes in <see cref="Layout"/> (each engine asked once), or null when none of them limits it (an
    /// engine without the capability, such as one whose databases are on a server).
    /// </summary>
    public int? OpenDatabaseCapacity()
    {
        int? capacity = null;
        var asked = new List<IDatabaseEngine>();
        foreach (ScopeDefinition scope in layout)
        {
            IDatabaseEngine engine = EngineOf(scope);
            if (asked.Contains(engine)) continue;
            asked.Add(engine);
            if (engine.TryGet<IOpenDatabaseLimit>()?.OpenDatabaseCapacity() is int limit && (capacity is not int lowest || limit < lowest))
            {
                capacity = limit;
            }
        }

        return capacity;
    }

    /// <summary>The one database of a single-database scope.</summary>
    public DatabaseTarget One(ScopeDefinition scope) =>
        scope.IsSet ? throw new ArgumentException($"scope {scope.Name} is a set of databases", nameof(scope)) : EngineOf(scope).Targets.One(scope);

    /// <summary>
    /// The single-database scope a set's query runs on, or null for a set found otherwise. Looked for in the whole
    /// layout: with <c>--scope</c> choosing the set and not that scope, the set is still listed from it (read-only).
    /// </summary>
    public ScopeDefinition? ListedBy(ScopeDefinition set) => set.From is null ? null : layout.Whole.Find(set.From);

    // Where a set's members come from: a query on the earlier scope's database, or the engine's pattern.
    private IUserSource SourceOf(ScopeDefinition set) =>
        set.IsSet ? SourceOf(set, EngineOf(set).Targets.Members(set, backupDirectory)) : throw new ArgumentException($"scope {set.Name} is one database, not a set", nameof(set));

    private static IUserSource SourceOf(ScopeDefinition set, IMemberResolver members) =>
        set.Query is null ? new DiscoveredUserSource(members) : new QueryUserSource(set.Query, members, set.Name);

    /// <summary>
    /// What is wrong with the whole layout and the scopes' locations, each naming its scope and setting (empty when sound):
    /// the layout's shape (<see cref="ScopeLayout.ProblemsBySetting"/>), an engine that is not registered, and what each engine
    /// finds wrong with its scopes' locations, a set's query that does not parse (as the engine it runs on reads it), or a
    /// set looked for among the backups.
    /// </summary>
    public IReadOnlyList<ScopeProblem> Problems()
    {
        var problems = new List<ScopeProblem>(layout.Whole.ProblemsBySetting());
        if (problems.Count > 0) return problems;
        foreach (ScopeDefinition scope in layout.Whole)
        {
            if (engines.Find(scope.Engine) is not IDatabaseEngine engine)
            {
                problems.Add(new ScopeProblem(scope.Name, "engine", engines.Unknown(scope.Engine)!));
                continue;
            }

            problems.AddRange(engine.Targets.Problems(scope).Select(p => new ScopeProblem(scope.Name, p.Setting, p.Message)));
            if (scope.Query is string query && ListedBy(scope) is { } from && engines.Find(from.Engine)?.TryGet<IQuerySyntaxCheck>() is { } syntax
                && syntax.Problem(query) is string unparsed)
            {
                problems.Add(new ScopeProblem(scope.Name, "query", $"does not parse: {unparsed}; nothing was changed"));
            }

            if (scope.IsSet && engine.Targets.BackupClash(scope, backupDirectory) is BackupClash clash)
            {
                problems.Add(new ScopeProblem(scope.Name, clash.Setting, $"looks for {scope.Name} databases in {clash.Place}, and {clash.Overlap}")
                {
                    Clash = clash,
                });
            }
        }

        return problems;
    }

    /// <summary>
    /// Lists a set's members in one short read (see <see cref="UserList.ReadAsync"/>): the earlier scope's database is
    /// opened read-only for the query and closed before this returns.
    /// </summary>
    /// <exception cref="System.Data.Common.DbException">The database the query runs on cannot be read, or the query fails.</exception>
    /// <exception cref="IOException">Something other than a database stands at that database's location.</exception>
    /// <exception cref="InvalidDataException">The query returns no column for a placeholder of the set's template.</exception>
    public Task<UserList> ListAsync(ScopeDefinition set, CancellationToken cancellationToken)
    {
        if (set.Query is null)
        {
            return UserList.ReadAsync(EngineOf(set), null, SourceOf(set), cancellationToken);
        }

        ScopeDefinition from = ListedBy(set) ?? throw new ArgumentException($"scope {set.Name} is not a set found by a query", nameof(set));
        return UserList.ReadAsync(EngineOf(from), One(from), SourceOf(set), cancellationToken);
    }
}
