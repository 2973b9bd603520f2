namespace Ledger.Execution;

/// <summary>
/// One database to work on: a member of a set when made with the constructor, the one database of a single-database
/// scope when made with <see cref="Single"/> (by the engine's target resolver).
/// </summary>
/// <param name="Scope">The scope it belongs to (<c>system</c>, <c>user</c>, <c>settings</c>…).</param>
/// <param name="Name">
/// What people call it: for the one database of a single-database scope, the scope's name; for a member of a set, the
/// member's name (which may equal the scope's name: member <c>cache</c> of set <c>cache</c>).
/// </param>
/// <param name="Location">Where the engine finds it (a file path for SQLite).</param>
public sealed record DatabaseTarget(string Scope, string Name, string Location)
{
    /// <summary>
    /// True for the one database of a single-database scope, false for a member of a set. Said by whoever makes the
    /// target, never guessed from the names.
    /// </summary>
    public bool IsSingle { get; private init; }

    /// <summary>
    /// How messages and reports show the location: the location itself (a file path) unless the engine's resolver says
    /// otherwise, as PostgreSQL's does (host, database and schema: a connection string may hold a password).
    /// </summary>
    public string Display
    {
        get => _display ?? Location;
        init => _display = value;
    }

    private readonly string? _display;

    /// <summary>The one database of the single-database scope <paramref name="scope"/>, at <paramref name="location"/>.</summary>
    public static DatabaseTarget Single(string scope, string location) => new(scope, scope, location) { IsSingle = true };

    /// <summary>For messages: <c>system database (data/system.db)</c>, <c>user alice (data/users/alice.db)</c>.</summary>
    public override string ToString() => IsSingle ? $"{Scope} database ({Display})" : $"{Scope} {Name} ({Display})";
}
