using Ledger.Targets;

namespace Ledger.Scoping;

/// <summary>A problem with a scope's settings.</summary>
/// <param name="Scope">The scope's name.</param>
/// <param name="Setting">The setting inside the scope (<c>database</c>, <c>from</c>, <c>engine</c>…), or null for the scope as a whole.</param>
/// <param name="Message">What is wrong, without the scope's or the setting's name.</param>
public sealed record ScopeProblem(string Scope, string? Setting, string Message)
{
    /// <summary>For a set looked for among the backups: where, and how it overlaps them; null otherwise.</summary>
    public BackupClash? Clash { get; init; }

    /// <summary><c>scopes.user.database: …</c>.</summary>
    public override string ToString() => $"scopes.{Scope}{(Setting is null ? "" : "." + Setting)}: {Message}";
}
