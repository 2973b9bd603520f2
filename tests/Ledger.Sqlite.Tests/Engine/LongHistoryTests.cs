using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Tests.Hosting;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// A database with a long history: what a step costs must not grow with the steps already recorded. Timings belong to
/// the benchmark (<c>ledger-bench history</c>); this checks the structure that keeps them flat.
/// </summary>
[TestClass]
public sealed class LongHistoryTests
{
    [TestMethod]
    [DataRow(TransactionMode.PerStep)]
    [DataRow(TransactionMode.PerDatabase)]
    public async Task EachCommitAppendsToTheJournalReadAtTheStartInsteadOfRebuildingIt(TransactionMode mode)
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(Ledger(300));
        DatabaseTarget alice = ws.User("alice");
        Directory.CreateDirectory(Path.GetDirectoryName(alice.Location)!);
        var options = new ApplyOptions { Backup = false, TransactionMode = mode };
        DatabaseResult earlier = await Migrator(new SqliteEngine()).MigrateAsync(alice, set, SemVersion.Parse("1.199.0"), options, create: true, CancellationToken.None);
        Assert.AreEqual(DatabaseOutcome.Migrated, earlier.Outcome, earlier.Describe());

        var engine = new CountingEngine(new SqliteEngine(TimeSpan.FromSeconds(5)));
        DatabaseResult result = await Migrator(engine).MigrateAsync(alice, set, set.Latest, options, create: false, CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        Assert.HasCount(100, result.Applied);
        Assert.AreEqual(300L, ws.Scalar(alice.Location, "SELECT count(*) FROM ledger_history"));
        JournalState read = engine.JournalsRead.Single(); // once, when opened: nobody else wrote, so no step read it again
        Assert.HasCount(200, read.Entries, "the state as read stays what was read");
        Assert.AreEqual(300, read.RowsKept,
            "every commit appended its rows to the rows read at the start; a step that copied the journal would stop the growth there");
    }

    private static DatabaseMigrator Migrator(IDatabaseEngine engine) => new(engine, NullLogger.Instance, TimeProvider.System);

    /// <summary>User steps 1.0.0 … 1.(n-1).0, each adding one row.</summary>
    private static string Ledger(int steps)
    {
        var sb = new global::System.Text.StringBuilder("# Long history\n");
        string from = "baseline";
        for (int i = 0; i < steps; i++)
        {
            string to = $"1.{i}.0";
            sb.Append(LedgerText.Step(from, to, user: i == 0 ? "CREATE TABLE audit (step INTEGER NOT NULL);" : $"INSERT INTO audit VALUES ({i});"));
            from = to;
        }

        return sb.ToString();
    }
}
