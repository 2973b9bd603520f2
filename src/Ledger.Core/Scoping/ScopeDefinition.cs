namespace Ledger.Scoping;

/// <summary>
/// One scope of an application's databases, as declared in <c>ledger.json</c> (or made from the legacy <c>system</c> and
/// <c>users</c> settings): a name usable in tags, the engine that serves it, and where its databases are. A scope is
/// either <b>one database</b> (<see cref="Database"/> alone) or <b>a set</b>: a <see cref="Query"/> run on the database
/// of an earlier single-database scope (<see cref="From"/>) whose rows name the members, each turned into a database by
/// the template <see cref="Database"/> (holding <c>{user}</c>, and any further column of the query as <c>{column}</c>);
/// or a <see cref="Glob"/> whose matches are the members. Plain data; <see cref="ScopeLayout.ProblemsBySetting"/> checks it.
/// </summary>
/// <param name="Name">The scope's name, as tags spell it (<c>system</c>, <c>user</c>, <c>settings</c>…).</param>
public sealed record ScopeDefinition(string Name)
{
    /// <summary>
    /// The engine serving the scope's databases, by its registered name; null for the host's default engine (the first
    /// it registers, <see cref="Execution.EngineRegistry.Default"/>).
    /// </summary>
    public string? Engine { get; init; }

    /// <summary>The one database (a location the engine understands), or a set's template holding <c>{user}</c>.</summary>
    public string? Database { get; init; }

    /// <summary>
    /// For engines with schemas (PostgreSQL): the schema the scope's database lives in, a template holding <c>{user}</c>
    /// for a schema-per-tenant set (<c>tenant_{user}</c>); null for the engine's default (<c>public</c>).
    /// </summary>
    public string? Schema { get; init; }

    /// <summary>For a query set: the earlier single-database scope the query runs on.</summary>
    public string? From { get; init; }

    /// <summary>For a query set: returns the members; its first column is the name (<c>{user}</c>), further columns are placeholders by name.</summary>
    public string? Query { get; init; }

    /// <summary>For a set found by pattern: the engine's glob (a file pattern on SQLite).</summary>
    public string? Glob { get; init; }

    /// <summary>A member of a set whose database does not exist gets a new one, migrated from baseline.</summary>
    public bool CreateMissing { get; init; }

    /// <summary>
    /// Follow a link at a member's location that leads out of the set's folder (engines whose locations are files);
    /// off by default: such a member is refused.
    /// </summary>
    public bool AllowSymlinksOutside { get; init; }

    /// <summary>True for a set of databases (a query or a glob); false for one database.</summary>
    public bool IsSet => Query is not null || Glob is not null;
}
