using System.Text;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sqlite.Linting;

namespace Ledger.Sqlite.Tests.Linting;

[TestClass]
public sealed class SqlReplayRuleTests
{
    private static readonly LintOptions WithSqlCheck = SqliteLint.Options(new SqlReplayRule());

    // Without LDG027 (info: a step without a down block), which these ledgers have on purpose; DownBlockCheckTests covers down blocks.
    private static IReadOnlyList<Diagnostic> Lint(string ledger) =>
        LedgerLoader.Load(ledger, "MIGRATIONS.md", WithSqlCheck).Diagnostics.Where(d => d.Code != "LDG027").ToList();

    private static List<Diagnostic> Replay(string ledger) =>
        Lint(ledger).Where(d => d.Code is "LDG022" or "LDG023").ToList();

    /// <summary>
    /// Found by the reliability suite: the SQL check runs the ledger's SQL, which a pull request controls; a statement
    /// that never ends (an unbounded recursive query) made <c>ledger lint</c> run forever, its memory growing.
    /// </summary>
    [TestMethod]
    public void AStatementThatNeverEndsIsStoppedAndReported()
    {
        string ledger = "# Migrations\n\n" + LedgerText.FencedBlock("user", "baseline", "1.0.0",
            "CREATE TABLE t (i INTEGER);\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) INSERT INTO t SELECT i FROM n;");
        var rule = new SqlReplayRule(TimeSpan.FromMilliseconds(300));

        Task<LoadedLedger> lint = Task.Run(() => LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options(rule)));

        Assert.IsTrue(lint.Wait(TimeSpan.FromSeconds(60)), "the SQL check must stop a statement that never ends");
        Diagnostic finding = lint.Result.Diagnostics.Single(d => d.Code == "LDG022");
        Assert.AreEqual(6, finding.Location.Line);
        Assert.Contains("did not finish within 0.3 s", finding.Message);
    }

    [TestMethod]
    [DataRow("CREATE TABL notes (id INTEGER);", "near \"TABL\": syntax error")]
    [DataRow("INSERT INTO ghosts (id) VALUES (1);", "no such table: ghosts")]
    [DataRow("INSERT INTO users (nickname) VALUES ('x');", "table users has no column named nickname")]
    [DataRow("CREATE INDEX users_by_email ON users (email);", "no such column: email")]
    [DataRow("ALTER TABLE users ADD COLUMN name TEXT;", "duplicate column name: name")]
    public void AFailingStatementIsReportedAtItsLine(string statement, string sqliteMessage)
    {
        string ledger =
            "# Migrations\n\n" +                                                                  // 1-2
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);") + // 3-7
            "\n" +                                                                                // 8
            LedgerText.FencedBlock("system", "1.0.0", "1.0.1", "-- first a harmless statement\nUPDATE users SET name = 'x';\n\n  " + statement); // 9-16

        Diagnostic finding = Replay(ledger).Single();

        Assert.AreEqual("LDG022", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.AreEqual(14, finding.Location.Line);
        Assert.AreEqual(3, finding.Location.Column);
        Assert.Contains(sqliteMessage, finding.Message);
        Assert.Contains(statement.TrimEnd(';'), finding.Message);
    }

    [TestMethod]
    public void ATableFromAnEarlierVersionIsVisibleLaterWhateverTheFileOrder()
    {
        // Newest first, as many ledgers are written: order comes from versions, not position.
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("user", "1.0.1", "1.0.2", "CREATE INDEX notes_by_title ON notes (title);") + "\n" +
            LedgerText.FencedBlock("user", "1.0.0", "1.0.1", "ALTER TABLE notes ADD COLUMN title TEXT;") + "\n" +
            LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY);");

        Assert.IsEmpty(Lint(ledger));
    }

    [TestMethod]
    public void ReplayStopsAtTheFirstFailureOfAScopeButChecksTheOtherScope()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE users (id INTEGER PRIMARY KEY);\nSELECT * FROM nowhere;\nSELECT * FROM nowhere_either;") + "\n" +
            LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY);\nINSERT INTO note (id) VALUES (1);");

        List<Diagnostic> findings = Replay(ledger);

        Assert.HasCount(2, findings);
        Assert.Contains("no such table: nowhere", findings[0].Message);
        Assert.Contains("the system statements after it were not checked", findings[0].Message);
        Assert.DoesNotContain("not checked", findings[1].Message);
        Assert.AreEqual(6, findings[0].Location.Line);
        Assert.Contains("no such table: note", findings[1].Message);
        Assert.AreEqual(14, findings[1].Location.Line);
    }

    [TestMethod]
    public void AForeignKeyToANonUniqueColumnIsAWarningAtTheChildTable()
    {
        // The tatlock user schema: conversation_topics references memories(conversation_id), which is not unique.
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("user", "baseline", "1.0.0",
                "CREATE TABLE IF NOT EXISTS memories (\n    interaction_id TEXT PRIMARY KEY,\n    conversation_id TEXT\n);\n\n" +
                "CREATE TABLE IF NOT EXISTS conversation_topics (\n    conversation_id TEXT,\n    topic_id INTEGER,\n" +
                "    FOREIGN KEY (conversation_id) REFERENCES memories (conversation_id) ON DELETE CASCADE\n);\n" +
                "CREATE TABLE memory_topics (interaction_id TEXT REFERENCES memories (interaction_id));");

        Diagnostic finding = Replay(ledger).Single();

        Assert.AreEqual("LDG023", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        Assert.AreEqual(10, finding.Location.Line);
        Assert.Contains("\"conversation_topics\" references \"memories\"(conversation_id)", finding.Message);
        Assert.Contains("user schema", finding.Message);
    }

    [TestMethod]
    public void AMismatchIsReportedWhereARebuiltTableWasCreated()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE parents (id INTEGER PRIMARY KEY, code TEXT);\nCREATE TABLE children (parent_id INTEGER REFERENCES parents (id));") + "\n" +
            LedgerText.FencedBlock("user", "1.0.0", "1.0.1",
                "CREATE TABLE children_new (parent_code TEXT REFERENCES parents (code));\nDROP TABLE children;\nALTER TABLE children_new RENAME TO children;");

        Diagnostic finding = Replay(ledger).Single(d => d.Code == "LDG023");

        Assert.AreEqual(12, finding.Location.Line);
        Assert.Contains("\"children\" references \"parents\"(code)", finding.Message);
    }

    [TestMethod]
    public void AMismatchOnAPartialUniqueIndexNamesTheKey()
    {
        // SQLite does not accept a partial unique index as a foreign key's parent; the message says which key is wrong.
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE parents (id INTEGER PRIMARY KEY, code TEXT);\n" +
                "CREATE UNIQUE INDEX parents_code ON parents (code) WHERE code IS NOT NULL;\nCREATE TABLE children (parent_code TEXT REFERENCES parents (code));");

        Diagnostic finding = Replay(ledger).Single(d => d.Code == "LDG023");

        Assert.Contains("\"children\" references \"parents\"(code)", finding.Message);
    }

    [TestMethod]
    public void ATableNamedLikeSqlitesOwnIsPartOfTheSchemaADownBlockMustRestore()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY);") + "\n" +
            LedgerText.FencedBlock("user", "1.0.0", "1.1.0", "CREATE TABLE sqliteXdata (id INTEGER PRIMARY KEY AUTOINCREMENT);") + "\n" +
            LedgerText.FencedBlock("user", "1.1.0", "1.0.0", "-- forgets the table");

        Diagnostic finding = Lint(ledger).Single();

        Assert.AreEqual("LDG028", finding.Code);
        Assert.Contains("table sqliteXdata is still there", finding.Message);
    }

    [TestMethod]
    public void TriggersWithBeginEndReplayFine()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT);\n" +
                "CREATE TRIGGER users_touch AFTER UPDATE OF name ON users\nBEGIN\n" +
                "    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\n    SELECT 1;\nEND;\n" +
                "UPDATE users SET name = 'x';");

        Assert.IsEmpty(Lint(ledger));
    }

    [TestMethod]
    public void TransactionControlIsLeftToItsOwnRule()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCOMMIT;\nVACUUM;");

        IReadOnlyList<Diagnostic> findings = Lint(ledger);

        CollectionAssert.AreEquivalent(new[] { "LDG016", "LDG017" }, findings.Select(d => d.Code).ToArray());
    }

    [TestMethod]
    public void NothingIsReplayedWhenTheLedgerHasStructuralErrors()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "SELECT * FROM nowhere;") + "\n" +
            LedgerText.FencedBlock("system", "1.0.1", "1.0.2", "SELECT * FROM nowhere;");

        IReadOnlyList<Diagnostic> findings = Lint(ledger);

        Assert.AreEqual("LDG012", findings.Single().Code);
    }

    [TestMethod]
    public void ATenThousandVersionLedgerReplaysWithoutFindings()
    {
        var text = new StringBuilder("# Migrations\n\n");
        text.Append(LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE settings (id INTEGER PRIMARY KEY, value TEXT);"));
        text.Append(LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"));
        string previous = "1.0.0";
        for (int i = 1; i < 10_000; i++)
        {
            string version = $"1.{i / 1000}.{i % 1000}";
            text.Append(LedgerText.FencedBlock("system", previous, version, $"INSERT INTO settings (value) VALUES ('{i}');"));
            text.Append(LedgerText.FencedBlock("user", previous, version, $"UPDATE notes SET body = '{i}' WHERE id = {i};"));
            previous = version;
        }

        // Speed is measured by the benchmark (docs/performance.md), never by a timed test.
        IReadOnlyList<Diagnostic> findings = Lint(text.ToString());

        Assert.IsEmpty(findings);
    }

    private static string Steps(params string[] blocks)
    {
        var text = new StringBuilder("# Migrations\n\n");
        string previous = "baseline";
        for (int i = 0; i < blocks.Length; i++)
        {
            string version = $"1.{i}.0";
            text.Append(LedgerText.FencedBlock("system", previous, version, blocks[i])).Append('\n');
            previous = version;
        }

        return text.ToString();
    }

    [TestMethod]
    public void RowsTheLedgerItselfInsertsMakeAFailureAnErrorNotAWarning()
    {
        // Fails on a fresh database too: apply from scratch would fail, whatever the production data.
        string ledger = Steps(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\nINSERT INTO users (id) VALUES (1);",
            "CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\nINSERT INTO users_new SELECT id, email FROM users;\n" +
            "DROP TABLE users;\nALTER TABLE users_new RENAME TO users;");

        Diagnostic finding = Lint(ledger).Single(d => d.Code is "LDG022" or "LDG047");

        Assert.AreEqual("LDG022", finding.Code);
        Assert.Contains("NOT NULL constraint failed: users_new.email", finding.Message);
    }

    [TestMethod]
    public void AfterAFailureWithDataTheReplayGoesOnAndReportsLaterErrors()
    {
        string ledger = Steps(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);",
            "ALTER TABLE users ADD COLUMN email TEXT NOT NULL;",
            "CREATE INDEX users_email ON users (email);\nINSERT INTO nowhere VALUES (1);");

        List<Diagnostic> findings = Lint(ledger).Where(d => d.Code is "LDG022" or "LDG047").ToList();

        Assert.AreEqual("LDG047 LDG022", string.Join(" ", findings.Select(d => d.Code)), LedgerText.Describe(findings));
        Assert.Contains("no such table: nowhere", findings[1].Message);
    }

    [TestMethod]
    public void RowsTheStepLeavesWithoutTheirParentAreWhatApplyFailsOn()
    {
        string ledger = Steps(
            "CREATE TABLE authors (id INTEGER PRIMARY KEY);\nCREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id));\n" +
            "INSERT INTO books (id, author_id) VALUES (1, 7);");

        Diagnostic finding = Replay(ledger).Single();

        Assert.AreEqual("LDG022", finding.Code);
        Assert.AreEqual(4, finding.Location.Line, "at the block");
        Assert.Contains("books row 1 → authors", finding.Message);
        Assert.Contains("apply checks foreign keys before commit", finding.Message);
    }

    [TestMethod]
    public void APragmaAStepLeavesSetHoldsForTheLaterSteps()
    {
        // As on apply's connection: query_only set in one step makes the next step's write fail.
        string ledger = Steps(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY);\nPRAGMA query_only = ON;",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY);");

        List<Diagnostic> findings = Lint(ledger).ToList();

        Assert.AreEqual("LDG052", findings.Single(d => d.Code == "LDG052").Code);
        Diagnostic error = findings.Single(d => d.Code == "LDG022");
        Assert.AreEqual(11, error.Location.Line, "at the block, whose transaction cannot begin");
        Assert.Contains("readonly", error.Message);
    }

    [TestMethod]
    public void ANoTransactionBlockRunsStatementByStatement()
    {
        string ledger = Steps("-- ledger:no-transaction\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\nPRAGMA synchronous = OFF;");

        Assert.IsEmpty(Replay(ledger));
    }

    [TestMethod]
    public void ADownBlockThatFailsOnlyWithRowsIsAWarning()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);") + "\n" +
            LedgerText.FencedBlock("system", "1.0.0", "baseline", "DROP TABLE users;") + "\n" +
            LedgerText.FencedBlock("system", "1.0.0", "1.1.0", "ALTER TABLE users ADD COLUMN nickname TEXT;") + "\n" +
            LedgerText.FencedBlock("system", "1.1.0", "1.0.0",
                "CREATE TABLE users_old (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO users_old SELECT id, name FROM users;\n" +
                "DROP TABLE users;\nALTER TABLE users_old RENAME TO users;");

        List<Diagnostic> findings = Lint(ledger).Where(d => d.Code is "LDG022" or "LDG047").ToList();

        Diagnostic finding = findings.Single();
        Assert.AreEqual("LDG047", finding.Code);
        Assert.AreEqual(24, finding.Location.Line);
        Assert.Contains("users.name holds NULL", finding.Message);
    }

    [TestMethod]
    public void ASchemaAStepCorruptsIsAFindingNotACrash()
    {
        string ledger = Steps(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY);\nPRAGMA writable_schema = ON;\n" +
            "UPDATE sqlite_master SET sql = 'CREATE TABLE notes (' WHERE name = 'notes';\nPRAGMA schema_version = 4242;\nPRAGMA writable_schema = OFF;",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY);");

        Diagnostic finding = Replay(ledger).Single();

        Assert.AreEqual("LDG022", finding.Code);
        Assert.Contains("malformed", finding.Message);
    }

    [TestMethod]
    public void ASettingAStepLeftHoldsAfterTheReplayGoesOnFromAFailureWithData()
    {
        // Step 2 fails with rows (LDG047): the replay goes on from a copy of the database, which keeps step 1's setting,
        // so step 3's row that breaks the CHECK is accepted, as on apply's connection.
        string ledger = Steps(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER CHECK (x > 0));\nPRAGMA ignore_check_constraints = ON;",
            "ALTER TABLE t ADD COLUMN y TEXT NOT NULL;",
            "INSERT INTO t (id, x, y) VALUES (1, -1, 'a');");

        List<Diagnostic> findings = Lint(ledger).Where(d => d.Code is "LDG022" or "LDG047").ToList();

        Assert.AreEqual("LDG047", findings.Single().Code, LedgerText.Describe(findings));
        Assert.AreEqual(12, findings.Single().Location.Line);
    }

    [TestMethod]
    public void ASettingADownBlockMakesIsPutBackAfterItsCheck()
    {
        // The down block runs only to be checked and is rolled back; a pragma is not, so the check sets it back itself.
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE t (id INTEGER PRIMARY KEY);") + "\n" +
            LedgerText.FencedBlock("system", "1.0.0", "baseline", "DROP TABLE t;\nPRAGMA query_only = ON;") + "\n" +
            LedgerText.FencedBlock("system", "1.0.0", "1.1.0", "CREATE TABLE u (id INTEGER PRIMARY KEY);");

        IReadOnlyList<Diagnostic> findings = Lint(ledger);

        Assert.AreEqual("LDG052", string.Join(" ", findings.Select(d => d.Code)), LedgerText.Describe(findings));
    }

    /// <summary>
    /// Found in review: the replay's own statements (a seed row's insert) ran without the statement limit, so a
    /// trigger with an unbounded recursive query that fires on the seeded insert made <c>ledger lint</c> never end.
    /// </summary>
    [TestMethod]
    public void ATriggerThatNeverEndsOnASeededInsertDoesNotHangTheLint()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE log (x);\nCREATE TABLE t (id INTEGER PRIMARY KEY, v);\n" +
                "CREATE TRIGGER tl AFTER INSERT ON t BEGIN INSERT INTO log WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c; END;") + "\n" +
            LedgerText.FencedBlock("system", "1.0.0", "1.1.0", "CREATE TABLE z (x);");
        var rule = new SqlReplayRule(TimeSpan.FromMilliseconds(300));

        Task<LoadedLedger> lint = Task.Run(() => LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options(rule)));

        Assert.IsTrue(lint.Wait(TimeSpan.FromSeconds(60)), "the seeding must stop a trigger that never ends");
        Assert.IsEmpty(lint.Result.Diagnostics.Where(d => d.Code is "LDG022" or "LDG047"), "a seed row the trigger stalls on is skipped");
    }

    /// <summary>Found in review: a failure of the replay's own code (not the ledger's SQL) made <c>ledger lint</c> crash.</summary>
    [TestMethod]
    public void AnInternalFailureOfTheReplayIsAFindingNotACrash()
    {
        string ledger = "# Migrations\n\n" +
            LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE t (id INTEGER PRIMARY KEY);") + "\n" +
            LedgerText.FencedBlock("system", "1.0.0", "1.1.0", "CREATE TABLE z (x);");
        var rule = new SqlReplayRule(SqlReplayRule.DefaultStatementLimit,
            statement => statement.Text.Contains(" z ", StringComparison.Ordinal) ? throw new InvalidOperationException("unforeseen") : true);

        Diagnostic finding = LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options(rule)).Diagnostics.Single(d => d.Code == "LDG022");

        Assert.AreEqual(10, finding.Location.Line);
        Assert.Contains("internal problem of the SQL check (InvalidOperationException: unforeseen)", finding.Message);
    }

    [TestMethod]
    [DataRow("PRAGMA writable_schema = RESET", "writable_schema", true)]
    [DataRow("PRAGMA locking_mode = 'NORMAL'", "locking_mode", true)]
    [DataRow("PRAGMA locking_mode = 'EXCLUSIVE'", "locking_mode", false)]
    [DataRow("PRAGMA legacy_alter_table = \"ON\"", "legacy_alter_table", false)]
    [DataRow("PRAGMA trusted_schema = \"ON\"", "trusted_schema", true)]
    [DataRow("PRAGMA main.query_only('off')", "query_only", true)]
    [DataRow("PRAGMA query_only = 1", "query_only", false)]
    public void APragmaSetBackToItsDefaultIsRecognised(string sql, string name, bool isDefault)
    {
        Ledger.Sql.SqlStatement statement = Ledger.Sql.SqlScript.Split(sql, 0, sql.Length).Single();

        Assert.AreEqual(name, PersistentPragmas.Sets(statement));
        Assert.AreEqual(isDefault, PersistentPragmas.SetsDefault(statement, name));
    }
}
