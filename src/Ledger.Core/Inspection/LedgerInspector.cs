using System.Data.Common;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Inspection;

/// <summary>
/// Reads every database's journal read-only and plans it: the data behind <c>plan</c>, <c>status</c> and
/// <c>verify</c>. Changes nothing, creates nothing (an engine may roll back an interrupted transaction a crash left,
/// to read the last committed state, as SQLite does).
/// </summary>
/// <param name="engine">The database engine.</param>
public sealed class LedgerInspector(IDatabaseEngine engine)
{
    /// <summary>Inspects the system database and every user database.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="system">The system database, or null.</param>
    /// <param name="users">The user source, or null.</param>
    /// <param name="target">The target version; null for the ledger's default.</param>
    /// <param name="integrity">Run the integrity check too: null for none, false for quick_check, true for integrity_check.</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    public Task<InspectionResult> InspectAsync(MigrationSet set, DatabaseTarget? system, IUserSource? users, SemVersion? target,
        bool? integrity, CancellationToken cancellationToken = default) =>
        InspectAsync(set, system, users, target ?? set.DefaultTarget, integrity, PlanDirection.Up, cancellationToken);

    /// <summary>
    /// Plans a rollback of the system database and every user database to <paramref name="target"/>, changing nothing:
    /// the data behind <c>plan --rollback-to</c>, and what <c>rollback</c> checks before it touches any database.
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="system">The system database, or null.</param>
    /// <param name="users">The user source, or null.</param>
    /// <param name="target">The version to go back to (on the line).</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    public Task<InspectionResult> InspectRollbackAsync(MigrationSet set, DatabaseTarget? system, IUserSource? users, SemVersion target,
        CancellationToken cancellationToken = default) =>
        InspectAsync(set, system, users, target, integrity: null, PlanDirection.Down, cancellationToken);

    private async Task<InspectionResult> InspectAsync(MigrationSet set, DatabaseTarget? system, IUserSource? users, SemVersion version,
        bool? integrity, PlanDirection direction, CancellationToken cancellationToken)
    {
        DatabaseInspection? systemInspection = system is null ? null : await InspectOneAsync(set, system, version, integrity, direction, cancellationToken);
        var inspections = new List<DatabaseInspection>();
        string? note = null;
        bool listingFailed = false;
        if (users is not null)
        {
            if ((system is null || !engine.Exists(system)) && users.ReadsSystemDatabase)
            {
                note = "user databases are listed by the system database, which does not exist yet";
            }

            try
            {
                // All names first, then each database: the system database is not held while the users are read.
                foreach (UserDatabase user in await UserList.ReadAsync(engine, system, users, cancellationToken))
                {
                    inspections.Add(user.Target is null
                        ? new DatabaseInspection(new DatabaseTarget(Scopes.User, user.Name, "(none)"), false, null, user.Problem, [])
                        : await InspectOneAsync(set, user.Target, version, integrity, direction, cancellationToken));
                }
            }
            catch (Exception e) when (UserList.IsListingFailure(e))
            {
                listingFailed = true;
                note = $"user databases could not be listed: {e.Message}" +
                       (systemInspection?.Plan?.Status == PlanStatus.Pending ? " (the system database has pending steps; 'apply' runs them first)" : "");
            }
        }

        return new InspectionResult(version.Normalized, systemInspection, inspections, note) { UsersNotListed = listingFailed };
    }

    private async Task<DatabaseInspection> InspectOneAsync(MigrationSet set, DatabaseTarget target, SemVersion version, bool? integrity,
        PlanDirection direction, CancellationToken cancellationToken)
    {
        if (!engine.Exists(target))
        {
            return new DatabaseInspection(target, false, MigrationPlanner.Plan(set, target.Scope, JournalState.Empty, version, direction, allowDrift: false), null, []);
        }

        try
        {
            await using IMigrationConnection connection = await engine.OpenReadOnlyAsync(target, cancellationToken);
            JournalState journal = await connection.ReadJournalAsync(cancellationToken);
            DatabasePlan plan = MigrationPlanner.Plan(set, target.Scope, journal, version, direction, allowDrift: true);
            IReadOnlyList<string> problems = integrity is bool full && engine.TryGet<IIntegrityCheck>() is { } check
                ? await check.CheckAsync(connection, full, cancellationToken)
                : [];
            return new DatabaseInspection(target, true, plan, null, problems) { JournalTableExists = journal.TableExists };
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            return new DatabaseInspection(target, true, null, e.Message, []);
        }
    }
}
