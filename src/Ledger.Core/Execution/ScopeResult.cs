using Ledger.Scoping;
using Ledger.Targets;

namespace Ledger.Execution;

/// <summary>What a run did to one scope: its databases' results, and why some were not reached. Plain data.</summary>
/// <param name="Scope">The scope.</param>
/// <param name="Databases">
/// Its databases' results: one for a single-database scope (a <see cref="DatabaseOutcome.Skipped"/> one when it was not
/// reached), one per member of a set that ended, in completion order (none when the set was not reached).
/// </param>
/// <param name="NotReached">Why the scope, or some of its databases, were not processed; null when every one was.</param>
public sealed record ScopeResult(ScopeDefinition Scope, IReadOnlyList<DatabaseResult> Databases, string? NotReached = null)
{
    /// <summary>The scope's name.</summary>
    public string Name => Scope.Name;

    /// <summary>True for a set of databases.</summary>
    public bool IsSet => Scope.IsSet;

    /// <summary>
    /// How many members of a set were listed but never started (the run was interrupted, or stopped by
    /// <c>--fail-fast</c>); they have no result in <see cref="Databases"/>, so with it the counts add up to every member listed.
    /// </summary>
    public int NotStarted { get; init; }

    /// <summary>True when the set's members could not be listed (its one result stands for the listing).</summary>
    public bool NotListed { get; init; }

    /// <summary>
    /// A set whose members could not be listed: one failed result stands for the listing, naming where they are listed
    /// from (the database the query runs on, or the glob).
    /// </summary>
    public static ScopeResult Unlisted(ScopeDefinition set, ScopeTargets targets, Exception e)
    {
        ScopeDefinition? from = targets.ListedBy(set);
        // The legacy words for the scope user ("the users query"), whichever way it is listed.
        string what = set.Name == Model.Scopes.User ? "users query" : from is null ? $"{set.Name} listing" : $"{set.Name} query";
        string where = from is not null ? targets.One(from).Display : set.Glob ?? "(none)";
        DatabaseResult failure = DatabaseResult.Of(new DatabaseTarget(set.Name, $"({what})", where), DatabaseOutcome.Failed, $"the {what} failed: {e.Message}");
        return new ScopeResult(set, [failure], $"the {set.Name} databases could not be listed: {e.Message}") { NotListed = true };
    }

    /// <summary>How many databases ended with an outcome.</summary>
    public int Count(DatabaseOutcome outcome) => Databases.Count(r => r.Outcome == outcome);

    /// <summary>True when a database of the scope failed.</summary>
    public bool AnyFailed => Databases.Any(r => r.Outcome == DatabaseOutcome.Failed);
}
