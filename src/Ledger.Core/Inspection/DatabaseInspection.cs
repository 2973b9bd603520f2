using Ledger.Execution;
using Ledger.Planning;

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

    /// <summary>True when the database disagrees with the ledger, is ahead of it, or failed a check.</summary>
    public bool HasDrift => Plan is { Drift.Count: > 0 };
}

/// <summary>Every database, inspected.</summary>
/// <param name="Target">The target version the plans aim at.</param>
/// <param name="System">The system database, when configured.</param>
/// <param name="Users">The user databases, in listing order.</param>
/// <param name="UsersNote">Why user databases could not be listed, or null.</param>
public sealed record InspectionResult(string Target, DatabaseInspection? System, IReadOnlyList<DatabaseInspection> Users, string? UsersNote)
{
    /// <summary>True when the users could not be listed (the query failed, the system database could not be read).</summary>
    public bool UsersNotListed { get; init; }

    /// <summary>Every inspection, system first.</summary>
    public IEnumerable<DatabaseInspection> All => System is null ? Users : Users.Prepend(System);

    /// <summary>
    /// Exit code for <c>status</c> and <c>plan</c>: 1 when a database could not be read (a damaged file, a directory or
    /// FIFO at its path, a rejected user name) or the users could not be listed, else 0. A report that silently leaves a
    /// database out is not a success.
    /// </summary>
    public int ReadExitCode => UsersNotListed || All.Any(i => i.Problem is not null) ? 1 : 0;

    /// <summary>
    /// Exit code for <c>verify</c>: 1 when a database could not be read or failed its integrity check, 3 for drift or a
    /// database ahead of the ledger, else 0.
    /// </summary>
    public int VerifyExitCode =>
        ReadExitCode == 1 || All.Any(i => i.IntegrityProblems.Count > 0) ? 1
        : All.Any(i => i.HasDrift || i.Plan?.Status == PlanStatus.Ahead) ? 3
        : 0;
}
