namespace Ledger.Execution;

/// <summary>The outcome of a whole run: the system database, then every user database. Plain data.</summary>
/// <param name="Target">The version the run aimed at.</param>
/// <param name="System">The system database's result (null when the ledger has no system database configured).</param>
/// <param name="Users">Every user database's result, in completion order.</param>
/// <param name="UsersNotReached">
/// Why databases were not processed, or null: going up, user databases after the system database failed or drifted;
/// going down, every database when the rollback was refused, or the system database after a user database failed.
/// </param>
/// <param name="Interrupted">True when the run was cancelled (Ctrl+C) before it finished.</param>
public sealed record RunResult(string Target, DatabaseResult? System, IReadOnlyList<DatabaseResult> Users, string? UsersNotReached, bool Interrupted = false)
{
    /// <summary>Up for <c>apply</c>, down for <c>rollback</c>.</summary>
    public Planning.PlanDirection Direction { get; init; } = Planning.PlanDirection.Up;

    /// <summary>
    /// How many user databases were listed but never started (the run was interrupted, or stopped by
    /// <c>--fail-fast</c>); they have no result in <see cref="Users"/>, so with it the counts add up to every database listed.
    /// </summary>
    public int UsersNotStarted { get; init; }

    /// <summary>Every result, system first.</summary>
    public IEnumerable<DatabaseResult> All => System is null ? Users : Users.Prepend(System);

    /// <summary>How many databases ended with an outcome.</summary>
    public int Count(DatabaseOutcome outcome) => All.Count(r => r.Outcome == outcome);

    /// <summary>
    /// Exit code of spec §4: 1 when anything failed (a failed step or a rejected user name wins) or the run was
    /// interrupted, 3 for drift or a database ahead, else 0.
    /// </summary>
    public int ExitCode =>
        Interrupted || All.Any(r => r.Outcome == DatabaseOutcome.Failed) ? 1
        : All.Any(r => r.Outcome is DatabaseOutcome.Drift or DatabaseOutcome.Ahead) ? 3
        : 0;
}
