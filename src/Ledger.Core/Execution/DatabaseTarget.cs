namespace Ledger.Execution;

/// <summary>One database to work on.</summary>
/// <param name="Scope">The scope it belongs to (<c>system</c>, <c>user</c>, <c>settings</c>…).</param>
/// <param name="Name">
/// What people call it: for the one database of a single-database scope, the scope's name; for a member of a set, the
/// member's name (the user name).
/// </param>
/// <param name="Location">Where the engine finds it (a file path for SQLite).</param>
public sealed record DatabaseTarget(string Scope, string Name, string Location)
{
    /// <summary>True for the one database of a single-database scope (named after its scope).</summary>
    public bool IsSingle => Name == Scope;

    /// <summary>For messages: <c>system database (data/system.db)</c>, <c>user alice (data/users/alice.db)</c>.</summary>
    public override string ToString() => IsSingle ? $"{Scope} database ({Location})" : $"{Scope} {Name} ({Location})";
}
