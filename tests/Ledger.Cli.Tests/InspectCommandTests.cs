using System.Text.Json;

namespace Ledger.Cli.Tests;

[TestClass]
public sealed class InspectCommandTests
{
    private static TempDirectory Project()
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions);
        return dir;
    }

    [TestMethod]
    public void PlanChangesNothingAndSqlShowsTheStatementsAndTheJournalInsert()
    {
        using TempDirectory dir = Project();

        ProcessResult text = LedgerProcess.Run(dir.Path, "plan");
        ProcessResult sql = LedgerProcess.Run(dir.Path, "plan", "--format", "sql");

        Assert.AreEqual(0, text.ExitCode, text.ToString());
        StringAssert.Contains(text.Out, "system (data/system.db) (would be created): baseline → 1.1.0, 2 step(s)");
        StringAssert.Contains(text.Out, "user databases are listed by the system database, which does not exist yet");
        Assert.AreEqual(0, sql.ExitCode, sql.ToString());
        StringAssert.Contains(sql.Out, "BEGIN IMMEDIATE;");
        StringAssert.Contains(sql.Out, "INSERT INTO users VALUES ('alice'), ('bob'), ('carol');");
        StringAssert.Contains(sql.Out, "INSERT INTO main.ledger_history");
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")), "plan creates nothing");
    }

    [TestMethod]
    public void PlanSqlShowsTheTransactionsOfTheModeAskedForWithTheSetupAndTheChecks()
    {
        using TempDirectory dir = Project();

        ProcessResult perStep = LedgerProcess.Run(dir.Path, "plan", "--format", "sql");
        ProcessResult perDatabase = LedgerProcess.Run(dir.Path, "plan", "--format", "sql", "--transaction", "per-database");
        ProcessResult unknown = LedgerProcess.Run(dir.Path, "plan", "--format", "sql", "--transaction", "per-week");

        Assert.AreEqual(0, perStep.ExitCode, perStep.ToString());
        Assert.AreEqual(0, perDatabase.ExitCode, perDatabase.ToString());
        // The system database: two steps, so two transactions per step and one per database.
        string system = perStep.Out[..perStep.Out.IndexOf("-- note:", StringComparison.Ordinal)];
        Assert.AreEqual(2, Count(system, "BEGIN IMMEDIATE;"), perStep.Out);
        Assert.AreEqual(1, Count(perDatabase.Out, "BEGIN IMMEDIATE;"), perDatabase.Out);
        foreach (string sql in new[] { system, perDatabase.Out })
        {
            Assert.AreEqual(1, Count(sql, "PRAGMA foreign_keys = OFF;"), "set once per connection, before the first transaction");
            Assert.AreEqual(1, Count(sql, "CREATE TABLE IF NOT EXISTS main.ledger_history"), "created in the first transaction only");
            StringAssert.Contains(sql, "PRAGMA foreign_key_check;");
            Assert.AreEqual(1, Count(sql, "PRAGMA quick_check;"), "after the last transaction");
            Assert.IsGreaterThan(sql.LastIndexOf("COMMIT;", StringComparison.Ordinal), sql.IndexOf("PRAGMA quick_check;", StringComparison.Ordinal));
        }

        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
        StringAssert.Contains(unknown.Error, "--transaction: unknown mode 'per-week'; use per-step or per-database");

        static int Count(string text, string needle) => (text.Length - text.Replace(needle, "", StringComparison.Ordinal).Length) / needle.Length;
    }

    [TestMethod]
    public void PlanSqlWithFullCheckShowsTheCheckThatApplyFullCheckRuns()
    {
        using TempDirectory dir = Project();

        ProcessResult full = LedgerProcess.Run(dir.Path, "plan", "--format", "sql", "--full-check");
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        ProcessResult rollback = LedgerProcess.Run(dir.Path, "plan", "--format", "sql", "--full-check", "--rollback-to", "1.0.0");

        Assert.AreEqual(0, full.ExitCode, full.ToString());
        StringAssert.EndsWith(full.Out[..full.Out.IndexOf("-- note:", StringComparison.Ordinal)], "COMMIT;\nPRAGMA integrity_check;\n\n", full.Out);
        Assert.DoesNotContain("quick_check", full.Out, full.Out);
        Assert.AreEqual(0, rollback.ExitCode, rollback.ToString());
        StringAssert.Contains(rollback.Out, "COMMIT;\nPRAGMA integrity_check;\n", "rollback --full-check runs the same check: " + rollback.Out);
        Assert.DoesNotContain("quick_check", rollback.Out, rollback.Out);
    }

    [TestMethod]
    public void StatusShowsVersionPendingAndDriftPerDatabase()
    {
        using TempDirectory dir = Project();
        LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");

        ProcessResult table = LedgerProcess.Run(dir.Path, "status");
        ProcessResult json = LedgerProcess.Run(dir.Path, "status", "--format", "json");

        Assert.AreEqual(0, table.ExitCode, table.ToString());
        Assert.MatchesRegex(@"user alice\s+1\.0\.0\s+1 \(→ 1\.1\.0\)\s+no", table.Out);
        using JsonDocument doc = JsonDocument.Parse(json.Out);
        JsonElement alice = doc.RootElement.GetProperty("databases").EnumerateArray().First(d => d.GetProperty("name").GetString() == "alice");
        Assert.AreEqual("1.0.0", alice.GetProperty("version").GetString());
        Assert.AreEqual("pending", alice.GetProperty("status").GetString());
    }

    [TestMethod]
    public void BaselineStampsAPreLedgerDatabaseThenApplyRunsOnlyLaterSteps()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions);
        string legacy = Path.Combine(dir.Path, "tenants", "old.db");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        TestDb.Execute(legacy, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

        ProcessResult stamp = LedgerProcess.Run(dir.Path, "baseline", "--version", "1.0.0", "--users-glob", "tenants/*.db");
        ProcessResult again = LedgerProcess.Run(dir.Path, "baseline", "--version", "1.0.0", "--users-glob", "tenants/*.db");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", "--users-glob", "tenants/*.db", "--no-backup");

        Assert.AreEqual(0, stamp.ExitCode, stamp.ToString());
        StringAssert.Contains(stamp.Out, "user old: stamped at 1.0.0 (1 edge(s) recorded as baselined)", stamp.ToString());
        StringAssert.Contains(stamp.Out, "baseline 1.0.0: 1 stamped, 0 refused, 0 skipped", stamp.ToString());
        Assert.AreEqual(1, again.ExitCode, "a database with a journal is refused: " + again);
        StringAssert.Contains(again.Out, "already has a history table");
        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 baselined", "1.0.0->1.1.0 applied" }, TestDb.Journal(legacy));
        CollectionAssert.AreEqual(new[] { "id", "body", "title" }, TestDb.Columns(legacy, "notes"));
    }

    [TestMethod]
    public void NewAppendsATaggedSectionThatLintsAndIsPlanned()
    {
        using TempDirectory dir = Project();

        ProcessResult added = LedgerProcess.Run(dir.Path, "new", "--to", "1.2.0", "--title", "Archive old notes");
        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint", "--no-sql-check");
        ProcessResult lower = LedgerProcess.Run(dir.Path, "new", "--to", "1.1.5");

        Assert.AreEqual(0, added.ExitCode, added.ToString());
        string text = File.ReadAllText(Path.Combine(dir.Path, "MIGRATIONS.md"));
        StringAssert.Contains(text, "### Migration: 1.1.0 → 1.2.0");
        StringAssert.Contains(text, "**Description**: Archive old notes");
        StringAssert.Contains(text, "-- [system:1.1.0→1.2.0:start]");
        StringAssert.Contains(text, "-- [user:1.1.0→1.2.0:end]");
        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Out, "info LDG024: step 1.1.0→1.2.0 is planned");
        Assert.AreEqual(2, lower.ExitCode, lower.ToString()); // a version the ledger cannot take is a usage error
        StringAssert.Contains(lower.Error, "ledger: --to: version 1.1.5 is not above the ledger's last version 1.2.0");
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void NewKeepsTheLedgersByteOrderMarkAsItWas(bool bom)
    {
        using TempDirectory dir = Project();
        string path = Path.Combine(dir.Path, "MIGRATIONS.md");
        File.WriteAllText(path, File.ReadAllText(path), new System.Text.UTF8Encoding(bom));

        ProcessResult added = LedgerProcess.Run(dir.Path, "new", "--to", "1.2.0");

        Assert.AreEqual(0, added.ExitCode, added.ToString());
        byte[] bytes = File.ReadAllBytes(path);
        Assert.AreEqual(bom, bytes is [0xEF, 0xBB, 0xBF, ..]);
        Assert.AreNotEqual(0xEF, bytes[bom ? 3 : 0], "one mark at most");
    }

    [TestMethod]
    [DataRow("glob", "{ \"system\": \"data/system.db\", \"users\": { \"glob\": \"data/users/*.db\" } }")]
    [DataRow("query", ApplyLedgers.Config)]
    public void ASystemDatabasePathThatIsADirectoryIsNamedAndEveryVerbReportsIt(string users, string config)
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        string system = Path.Combine(dir.Path, "data", "system.db");
        File.Delete(system);
        Directory.CreateDirectory(system);
        dir.Write("ledger.json", config);

        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
        ProcessResult plan = LedgerProcess.Run(dir.Path, "plan");

        foreach (ProcessResult run in new[] { status, verify, plan })
        {
            Assert.AreEqual(1, run.ExitCode, $"{users}: {run}");
            StringAssert.Contains(run.Out, "its path is a directory, not a regular file", $"{users}: {run}");
            Assert.DoesNotContain("internal error", run.Error, $"{users}: {run}");
        }

        if (users == "glob")
        {
            // A glob does not need the system database: its users are inspected all the same.
            StringAssert.Matches(status.Out, new System.Text.RegularExpressions.Regex(@"user alice\s+1\.1\.0\s+0\s+no"), status.ToString());
        }
        else
        {
            StringAssert.Contains(status.Out, "note: user databases could not be listed: its path is a directory", status.ToString());
        }
    }

    [TestMethod]
    public void AUsersQueryThatFailsIsReportedByBaselineAndStatusWithExitOne()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0").ExitCode);
        dir.Write("ledger.json", ApplyLedgers.Config.Replace("SELECT username FROM users", "SELECT no_such_column FROM users", StringComparison.Ordinal));

        ProcessResult baseline = LedgerProcess.Run(dir.Path, "baseline", "--version", "1.0.0", "--scope", "user");
        ProcessResult status = LedgerProcess.Run(dir.Path, "status");

        Assert.AreEqual(1, baseline.ExitCode, baseline.ToString());
        StringAssert.Contains(baseline.Out, "(users query)", baseline.ToString());
        StringAssert.Contains(baseline.Out, "the users query failed: ", baseline.ToString());
        StringAssert.Contains(baseline.Out, "no such column: no_such_column", baseline.ToString());
        Assert.DoesNotContain("internal error", baseline.Error, baseline.ToString());
        Assert.AreEqual(1, status.ExitCode, "status cannot list the users: not a success. " + status);
        StringAssert.Contains(status.Out, "note: user databases could not be listed: ", status.ToString());
    }

    [TestMethod]
    public void ASystemDatabaseWithNoStepAppliedYetIsNotAListingFailure()
    {
        // The moment between another runner creating the system database and committing its first step: a committed,
        // legitimate state. The users query has no table to read yet; status and verify say so and do not fail.
        using TempDirectory dir = Project();
        Directory.CreateDirectory(dir.Full("data"));
        File.WriteAllBytes(dir.Full("data/system.db"), []);

        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");

        Assert.AreEqual(0, status.ExitCode, status.ToString());
        StringAssert.Contains(status.Out, "user databases are listed by the system database, which has no step applied yet", status.ToString());
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
    }

    [TestMethod]
    public void MissingConfigurationIsAUsageError()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions);

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "no database configured");
    }
}
