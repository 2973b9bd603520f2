using Ledger.Planning;
using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>What happened to one database. Plain data.</summary>
/// <param name="Target">The database.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="From">Its version before, when known.</param>
/// <param name="To">Its version after, when known.</param>
/// <param name="Applied">Steps committed (going down: the edges undone, each from its upper version to its lower).</param>
/// <param name="Failure">Why it failed, for <see cref="DatabaseOutcome.Failed"/>.</param>
/// <param name="Drift">Drifted edges, for <see cref="DatabaseOutcome.Drift"/> (or seen with --allow-drift).</param>
/// <param name="Message">A one-line reason for skipped, ahead and failed databases.</param>
/// <param name="Warnings">Things worth knowing that did not fail it (foreign-key mismatches, violations that predate a step).</param>
/// <param name="BackupPath">The backup taken before the first change, if any.</param>
/// <param name="DurationMs">Time spent on the database.</param>
public sealed record DatabaseResult(
    DatabaseTarget Target,
    DatabaseOutcome Outcome,
    SemVersion? From,
    SemVersion? To,
    IReadOnlyList<AppliedStep> Applied,
    StepFailure? Failure,
    IReadOnlyList<DriftedEdge> Drift,
    string? Message,
    IReadOnlyList<string> Warnings,
    string? BackupPath,
    long DurationMs)
{
    /// <summary>Up for <c>apply</c> and <c>baseline</c>, down for <c>rollback</c>.</summary>
    public PlanDirection Direction { get; init; } = PlanDirection.Up;

    /// <summary>
    /// What to do about <see cref="Failure"/>, when Ledger knows more than the engine's message says (a database made
    /// before Ledger whose first step met one of its tables: how to adopt it); printed on its own line after the failure,
    /// never spliced into the engine's message. Null otherwise.
    /// </summary>
    public string? Hint { get; init; }

    /// <summary>
    /// True for a database the run was cancelled on (Ctrl+C) while it worked on it: the step under way rolled back, the
    /// steps committed before it stay (its <see cref="Outcome"/> is <see cref="DatabaseOutcome.Skipped"/>). Printers
    /// count these on it, never on <see cref="Message"/>'s words.
    /// </summary>
    public bool Interrupted { get; init; }

    /// <summary>A result with no steps.</summary>
    public static DatabaseResult Of(DatabaseTarget target, DatabaseOutcome outcome, string? message, SemVersion? version = null) =>
        new(target, outcome, version, version, [], null, [], message, [], null, 0);

    /// <summary>The outcome of a database whose steps all ran: migrated going up, rolled back going down.</summary>
    public static DatabaseOutcome Moved(PlanDirection direction) => direction == PlanDirection.Down ? DatabaseOutcome.RolledBack : DatabaseOutcome.Migrated;

    /// <summary>True when the database ended where it should: migrated, rolled back or stamped, or already there.</summary>
    public bool Succeeded => Outcome is DatabaseOutcome.Migrated or DatabaseOutcome.RolledBack or DatabaseOutcome.Stamped or DatabaseOutcome.Current;

    /// <summary>
    /// For a database that did not finish (failed, interrupted, not started): the version it was left at and the steps
    /// this run committed to it before it stopped, e.g. <c>left at 1.1.0; 1 step committed from 1.0.0</c>; null when its
    /// version is not known (it could not be opened or read).
    /// </summary>
    public string? LeftAt => To is null ? null
        : $"left at {To}" + (Applied.Count == 0 ? "" : $"; {Applied.Count} step{(Applied.Count == 1 ? "" : "s")} committed from {From}");

    /// <summary>One line for people.</summary>
    public string Describe() => Outcome switch
    {
        DatabaseOutcome.Migrated or DatabaseOutcome.RolledBack => $"{Target}: {From} → {To} ({Applied.Count} step{(Applied.Count == 1 ? "" : "s")}, {DurationMs} ms)",
        DatabaseOutcome.Stamped => $"{Target}: stamped at {To} ({Applied.Count} edge(s) recorded as baselined)",
        DatabaseOutcome.Current => $"{Target}: at {To}, nothing to do",
        DatabaseOutcome.Failed when Failure is not null => $"{Target}: {Failure}" + (LeftAt is null ? "" : $"; {LeftAt}"),
        DatabaseOutcome.Drift => $"{Target}: drift, not changed: {string.Join("; ", Drift.Select(d => d.Describe()))}",
        DatabaseOutcome.Failed or DatabaseOutcome.Skipped when LeftAt is not null => $"{Target}: {Message}; {LeftAt}",
        _ => $"{Target}: {Message}",
    };
}
