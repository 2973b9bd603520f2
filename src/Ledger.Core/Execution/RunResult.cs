using Ledger.Planning;
using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>The outcome of a whole run: every scope, in the order of the layout. Plain data.</summary>
/// <param name="Target">The version the run aimed at.</param>
/// <param name="Scopes">Every scope's result, in declared order (also for a rollback, which runs them in reverse).</param>
/// <param name="Interrupted">True when the run was cancelled (Ctrl+C) before it finished.</param>
public sealed record RunResult(SemVersion Target, IReadOnlyList<ScopeResult> Scopes, bool Interrupted = false)
{
    /// <summary>Up for <c>apply</c>, down for <c>rollback</c>.</summary>
    public PlanDirection Direction { get; init; } = PlanDirection.Up;

    /// <summary>Why the rollback was refused before any database was changed, or null.</summary>
    public string? Refusal { get; init; }

    /// <summary>
    /// Why the run going up was refused before any database was opened for writing: some database would pass a planned
    /// step and <see cref="ApplyOptions.IncludePlanned"/> was not given (<see cref="PlannedSteps.Problem"/>). Null otherwise.
    /// </summary>
    public string? PlannedRefusal { get; init; }

    /// <summary>
    /// Lines for people about the planned steps past <see cref="Target"/>, from the versions the databases ended at
    /// (<see cref="PlannedSteps.Notes"/>): waiting for their SQL, or recorded as empty. Going up only; empty for a
    /// rollback, a baseline, a run refused for planned steps, or a ledger with no planned step past the target.
    /// </summary>
    public IReadOnlyList<string> PlannedNotes { get; init; } = [];

    /// <summary>The scope of that name, or null.</summary>
    public ScopeResult? Scope(string name) => Scopes.FirstOrDefault(s => s.Name == name);

    /// <summary>Every result, scope by scope in declared order.</summary>
    public IEnumerable<DatabaseResult> All => Scopes.SelectMany(s => s.Databases);

    /// <summary>The result of the single-database scope <c>system</c> (the legacy layout's), or null.</summary>
    public DatabaseResult? System => Scopes.FirstOrDefault(s => s.Name == Model.Scopes.System && !s.IsSet)?.Databases.SingleOrDefault();

    /// <summary>The results of every set's members (the legacy layout's user databases), set by set.</summary>
    public IReadOnlyList<DatabaseResult> Users => Scopes.Where(s => s.IsSet).SelectMany(s => s.Databases).ToArray();

    /// <summary>How many members of sets were listed but never started.</summary>
    public int UsersNotStarted => Scopes.Sum(s => s.NotStarted);

    /// <summary>Why databases were not reached, each reason once, in declared order of the scopes (empty when all were).</summary>
    public IReadOnlyList<string> Notes =>
        (Refusal is null ? [] : new[] { Refusal }).Concat(Scopes.Select(s => s.NotReached).OfType<string>()).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary><see cref="Notes"/> in one line, or null when there are none (the JSON field <c>usersNotReached</c>).</summary>
    public string? UsersNotReached => Notes.Count == 0 ? null : string.Join("; ", Notes);

    /// <summary>How many databases ended with an outcome.</summary>
    public int Count(DatabaseOutcome outcome) => All.Count(r => r.Outcome == outcome);

    /// <summary>
    /// Exit code (README.md, "Exit codes"): 2 when the target was refused for planned steps (<see cref="PlannedRefusal"/>), 1 when anything failed (a failed step, a rejected user name or a set that could not be listed wins) or the run was
    /// interrupted, 3 for drift or a database ahead, else 0.
    /// </summary>
    public int ExitCode =>
        PlannedRefusal is not null ? 2
        : Interrupted || All.Any(r => r.Outcome == DatabaseOutcome.Failed) || Scopes.Any(s => s.NotListed) ? 1
        : All.Any(r => r.Outcome is DatabaseOutcome.Drift or DatabaseOutcome.Ahead) ? 3
        : 0;
}
