namespace Ledger.Execution;

/// <summary>One database to work on.</summary>
/// <param name="Scope"><c>system</c> or <c>user</c>.</param>
/// <param name="Name">What people call it: <c>system</c>, or the user name.</param>
/// <param name="Location">Where the engine finds it (a file path for SQLite).</param>
public sealed record DatabaseTarget(string Scope, string Name, string Location)
{
    /// <summary>For messages: <c>user alice (data/users/alice.db)</c>.</summary>
    public override string ToString() => Scope == Model.Scopes.System ? $"system database ({Location})" : $"{Scope} {Name} ({Location})";
}
