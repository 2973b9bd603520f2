using Ledger.Execution;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Versions;

namespace Ledger.Inspection;

/// <summary>What one database looks like against the ledger, without changing it.</summary>
/// <param name="Target">The database.</param>
/// <param name="Exists">False when the file is not there yet.</param>
/// <param name="Plan">What <c>apply</c> would do, when the journal could be read.</param>
/// <param name="Problem">Why it could not be inspected (not a database, unreadable, rejected user name), or null.</param>
/// <param name="IntegrityProblems">What the integrity check found (only when asked for).</param>
public sealed record DatabaseInspection(DatabaseTarget Target, bool Exists, DatabasePlan? Plan, string? Problem, IReadOnlyList<string> IntegrityProblems)
{
    /// <summary>Whether it has its journal table (otherwise the first step of <c>apply</c> creates it).</summary>
    public bool JournalTableExists { get; init; }

    /// <summary>
    /// Whether its journal table, made by an earlier Ledger, must be changed (the engine's
    /// <see cref="Journal.IJournalUpgrade"/>) before the plan's first no-transaction step can write its <c>started</c> row.
    /// </summary>
    public bool JournalNeedsUpgrade { get; init; }

    /// <summary>True when a no-transaction block was started on it and has not finished (<see cref="DatabasePlan.Incomplete"/>).</summary>
    public bool IsIncomplete => Plan is { Status: PlanStatus.Refused, Incomplete: not null };

    /// <summary>True when the database disagrees with the ledger, is ahead of it, or failed a check.</summary>
    public bool HasDrift => Plan is { Drift.Count: > 0 };
}

/// <summary>One scope, inspected: its databases (one, or a set's members in listing order).</summary>
/// <param name="Scope">The scope.</param>
/// <param name="Databases">Its databases.</param>
/// <param name="Note">Why a set's members were not (all) listed, or null.</param>
public sealed record ScopeInspection(ScopeDefinition Scope, IReadOnlyList<DatabaseInspection> Databases, string? Note = null)
{
    /// <summary>True when the set's members could not be listed (the query failed, the database it runs on could not be read).</summary>
    public bool NotListed { get; init; }
}

/// <summary>Every database of every scope, inspected.</summary>
/// <param name="Target">The target version the plans aim at.</param>
/// <param name="Scopes">Every scope, in declared order.</param>
public sealed record InspectionResult(SemVersion Target, IReadOnlyList<ScopeInspection> Scopes)
{
    /// <summary>
    /// Lines for people about the planned steps past <see cref="Target"/>, from the versions the databases are at
    /// (<see cref="PlannedSteps.Notes"/>): waiting for their SQL, or recorded as empty. Going up only; empty when
    /// planning a rollback or when the ledger has no planned step past the target.
    /// </summary>
    public IReadOnlyList<string> PlannedNotes { get; init; } = [];

    /// <summary>
    /// Why <c>apply</c> to <see cref="Target"/> would be refused before touching any database, as
    /// <see cref="Execution.RunResult.PlannedRefusal"/> says for the run itself: some database would pass a planned step
    /// (<see cref="PlannedSteps.Problem"/>) and the inspection was not told to include planned steps. Null when it would
    /// not be, and when planning a rollback.
    /// </summary>
    public string? PlannedRefusal { get; init; }

    /// <summary>
    /// The ledger's planned steps in one line, <c>planned (not applied by default): 1.1.0→1.2.0</c>
    /// (<see cref="PlannedSteps.Listing"/>), which <c>plan</c> prints after its text; null when the ledger has none, and
    /// when planning a rollback.
    /// </summary>
    public string? PlannedListing { get; init; }

    /// <summary>The scope of that name, or null.</summary>
    public ScopeInspection? Scope(string name) => Scopes.FirstOrDefault(s => s.Scope.Name == name);

    /// <summary>The one database of the single-database scope <c>system</c> (the legacy layout's), or null.</summary>
    public DatabaseInspection? System => Scopes.FirstOrDefault(s => s.Scope.Name == Model.Scopes.System && !s.Scope.IsSet)?.Databases.SingleOrDefault();

    /// <summary>The members of every set (the legacy layout's user databases), set by set.</summary>
    public IReadOnlyList<DatabaseInspection> Users => Scopes.Where(s => s.Scope.IsSet).SelectMany(s => s.Databases).ToArray();

    /// <summary>Why members of sets could not be listed, in one line; null when every set was listed.</summary>
    public string? UsersNote => Scopes.Select(s => s.Note).OfType<string>().ToArray() is { Length: > 0 } notes ? string.Join("; ", notes) : null;

    /// <summary>True when a set could not be listed (the query failed, the database it runs on could not be read).</summary>
    public bool UsersNotListed => Scopes.Any(s => s.NotListed);

    /// <summary>Every inspection, scope by scope in declared order.</summary>
    public IEnumerable<DatabaseInspection> All => Scopes.SelectMany(s => s.Databases);

    /// <summary>
    /// Exit code for <c>status</c> and <c>plan</c>: 1 when a database could not be read (a damaged file, a directory or
    /// FIFO at its path, a rejected user name) or is incomplete (a no-transaction block started and not finished), or a
    /// set could not be listed, else 0. A report that silently leaves a
    /// database out is not a success.
    /// </summary>
    public int ReadExitCode => UsersNotListed || All.Any(i => i.Problem is not null || i.IsIncomplete) ? 1 : 0;

    /// <summary>
    /// Exit code for <c>verify</c>: 1 when a database could not be read (or its journal holds a version that is not one)
    /// or failed its integrity check, 3 for drift or a
    /// database ahead of the ledger, else 0.
    /// </summary>
    public int VerifyExitCode =>
        ReadExitCode == 1 || All.Any(i => i.IntegrityProblems.Count > 0 || i.Plan?.Status == PlanStatus.Refused) ? 1
        : All.Any(i => i.HasDrift || i.Plan?.Status == PlanStatus.Ahead) ? 3
        : 0;
}
