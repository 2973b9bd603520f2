using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Versions;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// The users are listed in one short read: while Ledger works on the user databases — apply, rollback, and the
/// inspection behind plan, status and verify — it holds nothing on the system database, so the application can write
/// to it. The databases are in rollback-journal mode, where any read left open would make that write fail.
/// </summary>
[TestClass]
public sealed class UsersListedInOneReadTests
{
    [TestMethod]
    public async Task ApplyHoldsNothingOnTheSystemDatabaseWhileUsersAreMigrated()
    {
        using var ws = new TestWorkspace();
        var failures = new List<string>();

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, engine: WritingTheSystemAtEachUser(ws, failures));

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.AreEqual(2L, ws.Scalar(ws.SystemPath, "SELECT count(*) FROM app_events"), "one write as each user database was opened");
    }

    [TestMethod]
    public async Task InspectionHoldsNothingOnTheSystemDatabaseWhileUsersAreRead()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        var failures = new List<string>();

        InspectionResult inspection = await new LedgerInspector(ws.Targets(engine: WritingTheSystemAtEachUser(ws, failures)))
            .InspectAsync(TestWorkspace.Load(Ledgers.Basic), target: null, integrity: false);

        Assert.IsNull(inspection.UsersNote);
        Assert.AreEqual(0, inspection.VerifyExitCode, string.Join("\n", inspection.All.Select(i => $"{i.Target}: {i.Problem}")));
        Assert.HasCount(2, inspection.Users);
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.AreEqual(2L, ws.Scalar(ws.SystemPath, "SELECT count(*) FROM app_events"));
    }

    [TestMethod]
    public async Task RollbackHoldsNothingOnTheSystemDatabaseWhileUsersArePlannedAndRolledBack()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(RollbackTests.Reversible);
        await ws.ApplyAsync(set);
        var failures = new List<string>();

        RunResult result = await new MigrationRunner(ws.Targets(engine: WritingTheSystemAtEachUser(ws, failures)))
            .RollbackAsync(set, SemVersion.Parse("1.0.0"), new ApplyOptions { Backup = false });

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.AreEqual(4L, ws.Scalar(ws.SystemPath, "SELECT count(*) FROM app_events"), "alice and bob, each planned then rolled back");
    }

    /// <summary>
    /// The real engine, with the application writing a row to the system database each time a user database is
    /// opened (read-only or read-write). The write waits at most a second for a lock; a failure is kept.
    /// </summary>
    private static HookedEngine WritingTheSystemAtEachUser(TestWorkspace ws, List<string> failures)
    {
        void Write(DatabaseTarget target)
        {
            if (target.Scope != Scopes.User) return;
            using var connection = new SqliteConnection($"Data Source={ws.SystemPath};Mode=ReadWrite;Pooling=False;Default Timeout=1");
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE IF NOT EXISTS app_events (user TEXT NOT NULL); INSERT INTO app_events VALUES ($user);";
            command.Parameters.AddWithValue("$user", target.Name);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                failures.Add($"writing the system database as {target.Name}'s database was opened: {e.Message}");
            }
        }

        return new HookedEngine(new SqliteEngine(TimeSpan.FromSeconds(5)))
        {
            AfterOpen = connection =>
            {
                Write(connection.Target);
                return Task.CompletedTask;
            },
            BeforeOpenReadOnly = target =>
            {
                Write(target);
                return Task.CompletedTask;
            },
        };
    }
}
