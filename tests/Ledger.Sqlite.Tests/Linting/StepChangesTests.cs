using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sqlite.Linting;
using Ledger.Sqlite.Linting.Replay;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// The schema diff of a replayed step (<see cref="StepChanges"/>), beyond the golden cases of <c>TestData/Replay</c>:
/// what counts as a copy, how the precise LDG020 takes over from the static one, and what the checks leave alone.
/// </summary>
[TestClass]
public sealed class StepChangesTests
{
    private const string Baseline = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);";

    /// <summary>A ledger of two system steps: <paramref name="first"/> at baseline→1.0.0, <paramref name="second"/> at 1.0.0→1.1.0 (from line 10 on).</summary>
    private static string Ledger(string first, string second) =>
        "# Migrations\n\n" +                                            // 1-2
        LedgerText.FencedBlock("system", "baseline", "1.0.0", first) + // 3-7 for a one-line first step
        "\n" +
        LedgerText.FencedBlock("system", "1.0.0", "1.1.0", second);

    private static List<Diagnostic> Findings(string ledger, params string[] codes) =>
        LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options(new SqlReplayRule())).Diagnostics.Where(d => codes.Contains(d.Code)).ToList();

    private static string Describe(IEnumerable<Diagnostic> findings) => string.Join("\n", findings);

    private static Diagnostic One(List<Diagnostic> findings)
    {
        Assert.HasCount(1, findings, Describe(findings));
        return findings[0];
    }

    [TestMethod]
    public void WithTheSqlCheckARebuildThatCopiesEverythingDrawsNoLdg020AndWithoutItTheStaticRuleStillWarns()
    {
        string ledger = Ledger(Baseline,
            "CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\nINSERT INTO users_new (id, name, email) SELECT id, name, email FROM users;\n" +
            "DROP TABLE users;\nALTER TABLE users_new RENAME TO users;");

        Assert.IsEmpty(Findings(ledger, "LDG020"), "the replay judges the scope: the rows were copied");
        Diagnostic staticFinding = LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options()).Diagnostics.Single(d => d.Code == "LDG020");
        Assert.AreEqual(13, staticFinding.Location.Line);
        Assert.Contains("a table rebuild that copies the rows first is fine", staticFinding.Message);
    }

    [TestMethod]
    [DataRow("DELETE FROM users WHERE email IS NULL;", DisplayName = "a DELETE reads email to choose rows")]
    [DataRow("SELECT name, email FROM users;", DisplayName = "a SELECT writes nothing")]
    [DataRow("UPDATE users SET name = email;", DisplayName = "an UPDATE of the table that is then dropped")]
    public void AStatementThatReadsTheColumnsWithoutWritingThemElsewhereIsNoCopy(string reads)
    {
        List<Diagnostic> findings = Findings(Ledger(Baseline, reads + "\nDROP TABLE users;"), "LDG020");

        Diagnostic finding = findings.Single();
        Assert.AreEqual(12, finding.Location.Line);
        Assert.StartsWith("DROP TABLE users deletes the table and its rows, and no statement of the step copied them anywhere", finding.Message);
    }

    [TestMethod]
    public void AnUpdateOfAnotherTableThatReadsTheColumnIsACopy()
    {
        string ledger = Ledger(Baseline + "\nCREATE TABLE profiles (user_id INTEGER PRIMARY KEY, email TEXT);",
            "UPDATE profiles SET email = (SELECT email FROM users WHERE users.id = profiles.user_id);\nALTER TABLE users DROP COLUMN email;");

        Assert.IsEmpty(Findings(ledger, "LDG020"));
    }

    [TestMethod]
    public void ACopyAfterTheDropDoesNotSaveTheValues()
    {
        // The column is dropped first; a later read of the same name reads another column (here: none, as it fails) or another table.
        string ledger = Ledger(Baseline + "\nCREATE TABLE archive (email TEXT);",
            "ALTER TABLE users DROP COLUMN email;\nALTER TABLE users ADD COLUMN email TEXT;\nINSERT INTO archive (email) SELECT email FROM users;");

        List<Diagnostic> findings = Findings(ledger, "LDG020");

        Diagnostic finding = One(findings);
        Assert.AreEqual(12, finding.Location.Line);
        Assert.Contains("ALTER TABLE users DROP COLUMN email", finding.Message);
    }

    [TestMethod]
    public void AColumnRenamedAndThenCopiedUnderItsNewNameCountsAsCopied()
    {
        string ledger = Ledger(Baseline + "\nCREATE TABLE archive (address TEXT);",
            "ALTER TABLE users RENAME COLUMN email TO address;\nINSERT INTO archive (address) SELECT address FROM users;\nALTER TABLE users DROP COLUMN address;");

        List<Diagnostic> findings = Findings(ledger, "LDG020", "LDG050");

        Assert.AreEqual("LDG050", One(findings).Code);
    }

    [TestMethod]
    public void AForeignKeyFollowsItsRenamedParentAndIsNotDropped()
    {
        string ledger = Ledger(Baseline + "\nCREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));", "ALTER TABLE users RENAME TO accounts;");

        List<Diagnostic> findings = Findings(ledger, "LDG048", "LDG049", "LDG050", "LDG051");

        Assert.StartsWith("table users is renamed to accounts", One(findings).Message);
    }

    [TestMethod]
    public void ASuppressionBeforeTheDropAcceptsThePreciseFinding()
    {
        string ledger = Ledger(Baseline, "-- ledger:ignore LDG020 the sessions are disposable\nDROP TABLE users;");

        LoadedLedger loaded = LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options(new SqlReplayRule()));

        Assert.IsFalse(loaded.Diagnostics.Any(d => d.Code is "LDG020" or "LDG036"), Describe(loaded.Diagnostics));
        Assert.AreEqual(1, loaded.Suppressed);
    }

    [TestMethod]
    public void DroppingAVirtualTableIsOneFindingNotOnePerShadowTable()
    {
        string ledger = Ledger("CREATE VIRTUAL TABLE notes_fts USING fts5 (body);", "DROP TABLE notes_fts;");

        List<Diagnostic> findings = Findings(ledger, "LDG020", "LDG048", "LDG049");

        Diagnostic finding = One(findings);

        Assert.StartsWith("DROP TABLE notes_fts deletes the table and its rows", finding.Message);
    }

    [TestMethod]
    public void ADanglingTriggerIsReportedOnceAtTheStepThatBrokeIt()
    {
        string ledger = Ledger(Baseline + "\nCREATE TABLE log (id INTEGER);\nCREATE TRIGGER users_log AFTER INSERT ON users BEGIN INSERT INTO log VALUES (new.id); END;",
            "CREATE TABLE log_archive AS SELECT * FROM log;\nDROP TABLE log;") +
            "\n" + LedgerText.FencedBlock("system", "1.1.0", "1.2.0", "CREATE TABLE sessions (id INTEGER);\nCREATE TABLE old_sessions AS SELECT * FROM sessions;\nDROP TABLE sessions;");

        List<Diagnostic> findings = Findings(ledger, "LDG049");

        Assert.AreEqual(14, One(findings).Location.Line);
        Assert.Contains("trigger users_log (on users) refers to table log, which the step dropped: the next INSERT on users would fail", findings[0].Message);
    }

    /// <summary>Pins what the trigger check relies on: preparing the write that fires a trigger compiles its body, and runs nothing.</summary>
    [TestMethod]
    public void PreparingTheFiringStatementReportsTheTriggersErrorAndChangesNoRows()
    {
        using var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a'), (2, 'b');" +
                              "CREATE TABLE gone (id INTEGER); CREATE TRIGGER users_gone AFTER DELETE ON users BEGIN INSERT INTO gone VALUES (old.id); END;" +
                              "CREATE TRIGGER users_renamed AFTER UPDATE ON users BEGIN INSERT INTO gone VALUES (old.id); END; DROP TABLE gone;";
        command.ExecuteNonQuery();

        command.CommandText = "UPDATE users SET name = name";
        var ex = Assert.ThrowsExactly<SqliteException>(command.Prepare);
        StringAssert.Contains(ex.Message, "no such table: main.gone");
        command.CommandText = "CREATE TABLE gone (id INTEGER)";
        command.ExecuteNonQuery();
        command.CommandText = "DELETE FROM users";
        command.Prepare();
        command.CommandText = "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM gone)";

        Assert.AreEqual(2L, command.ExecuteScalar(), "preparing compiles the trigger and runs nothing");
    }
}
