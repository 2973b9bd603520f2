using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Sqlite.Engine;
using Ledger.Versions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary><c>plan</c>, <c>status</c> and <c>verify</c> read; they never write, create or back up anything.</summary>
[TestClass]
public sealed class InspectorTests
{
    [TestMethod]
    public async Task InspectionChangesNoFileAndPlansPendingSteps()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new Execution.ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        var before = ws.Snapshot();
        MigrationSet set = TestWorkspace.Load(Ledgers.Basic);

        InspectionResult result = await new LedgerInspector(ws.Targets(engine: new SqliteEngine())).InspectAsync(set, null, integrity: true);

        CollectionAssert.AreEqual(before, ws.Snapshot(), "bytes and modification times unchanged, no file added");
        Assert.AreEqual(SemVersion.Parse("1.2.0"), result.Target);
        Assert.AreEqual(PlanStatus.Pending, result.System!.Plan!.Status);
        CollectionAssert.AreEqual(new[] { "1.1.0", "1.2.0" }, result.System.Plan.Pending.Select(p => p.Step.To.Normalized).ToArray());
        Assert.HasCount(2, result.Users);
        Assert.IsTrue(result.Users.All(u => u.Exists && u.Plan!.Status == PlanStatus.Pending && u.IntegrityProblems.Count == 0));
        Assert.AreEqual(0, result.VerifyExitCode);
    }

    [TestMethod]
    public async Task InspectionReportsDriftWithoutChangingAnything()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        var before = ws.Snapshot();
        MigrationSet edited = TestWorkspace.Load(Ledgers.Basic.Replace("ALTER TABLE notes ADD COLUMN title TEXT;", "ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT '';", StringComparison.Ordinal));

        InspectionResult result = await new LedgerInspector(ws.Targets(engine: new SqliteEngine())).InspectAsync(edited, null, integrity: null);

        CollectionAssert.AreEqual(before, ws.Snapshot());
        Assert.IsFalse(result.System!.HasDrift);
        Assert.IsTrue(result.Users.All(u => u.HasDrift), "every drifted database is reported, not only the first");
        Assert.AreEqual("1.1.0", result.Users[0].Plan!.Drift.Single().To);
        Assert.AreEqual(3, result.VerifyExitCode);
    }

    [TestMethod]
    public async Task InspectionOfDatabasesThatDoNotExistCreatesNothing()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(Ledgers.Basic);

        InspectionResult result = await new LedgerInspector(ws.Targets(engine: new SqliteEngine())).InspectAsync(set, null, integrity: true);

        Assert.IsEmpty(ws.Entries());
        Assert.IsFalse(result.System!.Exists);
        Assert.AreEqual(PlanStatus.Pending, result.System.Plan!.Status);
        Assert.IsNotNull(result.UsersNote);
    }

    [TestMethod]
    public async Task InspectionOfAWalDatabaseLeavesItsFileUnchanged()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        ws.Execute(ws.UserPath("alice"), "PRAGMA journal_mode = WAL");
        byte[] before = File.ReadAllBytes(ws.UserPath("alice"));
        DateTime modified = File.GetLastWriteTimeUtc(ws.UserPath("alice"));

        InspectionResult result = await new LedgerInspector(ws.Targets(engine: new SqliteEngine())).InspectAsync(TestWorkspace.Load(Ledgers.Basic), null, integrity: false);

        Assert.AreEqual(PlanStatus.Current, result.Users.Single(u => u.Target.Name == "alice").Plan!.Status);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(ws.UserPath("alice")));
        Assert.AreEqual(modified, File.GetLastWriteTimeUtc(ws.UserPath("alice")));
    }
}
