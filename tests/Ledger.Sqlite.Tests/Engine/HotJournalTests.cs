using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Sqlite.Engine;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Found by the reliability suite: after <c>apply</c> is killed in the middle of a step, the database has a hot rollback
/// journal, and a read-only connection cannot roll it back ("attempt to write a readonly database"), so
/// <c>status</c>, <c>verify</c> and <c>plan</c> reported a crashed database as unreadable until the next <c>apply</c>.
/// </summary>
[TestClass]
public sealed class HotJournalTests
{
    [TestMethod]
    public async Task InspectionReadsADatabaseLeftWithAHotJournalAtItsLastCommittedVersion()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new Execution.ApplyOptions { Backup = false, CreateMissing = true, Target = Versions.SemVersion.Parse("1.0.0") });
        string crashed = Path.Combine(ws.Root, "crashed.db");
        // A crash in the middle of a step, without killing anything: copy the file and its journal while a write
        // transaction is open. Nobody holds a lock on the copy, so its journal is hot.
        using (SqliteConnection writer = ws.Open(ws.SystemPath))
        {
            using SqliteTransaction tx = writer.BeginTransaction();
            using SqliteCommand write = writer.CreateCommand();
            write.CommandText = "CREATE TABLE half (x); INSERT INTO ledger_history SELECT scope, '1.0.0', '1.1.0', checksum, title, applied_at, duration_ms, kind FROM ledger_history;";
            write.ExecuteNonQuery();
            using (SqliteCommand spill = writer.CreateCommand())
            {
                spill.CommandText = "PRAGMA cache_spill = 1; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO half SELECT randomblob(500) FROM n;";
                spill.ExecuteNonQuery();
            }

            File.Copy(ws.SystemPath, crashed);
            File.Copy(ws.SystemPath + "-journal", crashed + "-journal");
            tx.Rollback();
        }

        SqliteConnection.ClearAllPools();
        MigrationSet set = TestWorkspace.Load(Ledgers.Basic);

        InspectionResult result = await new LedgerInspector(new global::Ledger.Targets.ScopeTargets(new Scoping.ScopeLayout([new Scoping.ScopeDefinition(Scopes.System) { Database = crashed }]), new Execution.EngineRegistry(new SqliteEngine()))).InspectAsync(set, null, integrity: false);

        Assert.IsNull(result.System!.Problem, "a crashed database must be readable");
        Assert.AreEqual("1.0.0", result.System.Plan!.Current.Normalized, "the interrupted step is not seen");
        Assert.AreEqual(PlanStatus.Pending, result.System.Plan.Status);
        Assert.AreEqual(0, result.VerifyExitCode);
        Assert.IsFalse(File.Exists(crashed + "-journal"), "the hot journal was rolled back, as the next writer would");
    }
}
