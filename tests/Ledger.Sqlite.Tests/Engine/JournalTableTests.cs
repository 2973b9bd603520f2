using Ledger.Documents;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Validation;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Spec §2.2: the journal row as the engine writes it (through SQLite's C API, its statement prepared once per
/// connection), and what the table itself refuses.
/// </summary>
[TestClass]
public sealed class JournalTableTests
{
    private static JournalEntry Row(string from, string to, string? title = "Step", string kind = "applied", long duration = 7) =>
        new("user", from, to, "c0ffee", title, "2026-12-02T10:00:00.123Z", duration, kind);

    private static async Task<IMigrationConnection> OpenAsync(TestWorkspace ws) =>
        await new SqliteEngine().OpenAsync(new DatabaseTarget("user", "j", Path.Combine(ws.Root, "j.db")), create: true, CancellationToken.None);

    private static async Task StepAsync(IMigrationConnection connection, string? sql, params JournalEntry[] rows)
    {
        await using TestStep tx = await TestStep.BeginAsync(connection);
        if (sql is not null) await tx.ExecuteAsync(sql);
        foreach (JournalEntry row in rows) await tx.RecordAsync(row);
        await tx.CommitAsync();
    }

    /// <summary>The journal table as Ledger created it before started rows existed (the CHECK without 'started').</summary>
    public const string OldDefinition = """
        CREATE TABLE ledger_history (
            scope        TEXT    NOT NULL,
            from_version TEXT    NOT NULL,
            to_version   TEXT    NOT NULL,
            checksum     TEXT    NOT NULL,
            title        TEXT,
            applied_at   TEXT    NOT NULL,
            duration_ms  INTEGER NOT NULL,
            kind         TEXT    NOT NULL CHECK (kind IN ('applied', 'empty', 'baselined')),
            PRIMARY KEY (scope, from_version, to_version)
        )
        """;

    /// <summary>Gives the database's journal table the old definition (<see cref="OldDefinition"/>), keeping its rows.</summary>
    public static void MakeOld(string path) =>
        TestDb.Execute(path, "ALTER TABLE ledger_history RENAME TO new_history; " + OldDefinition + "; " +
                             "INSERT INTO ledger_history SELECT * FROM new_history; DROP TABLE new_history;");

    [TestMethod]
    public async Task AnOldTableRefusesAStartedRowAndTheUpgradeMakesItAcceptOneKeepingEveryRow()
    {
        using var ws = new TestWorkspace();
        await using (IMigrationConnection connection = await OpenAsync(ws))
        {
            await StepAsync(connection, null, Row("baseline", "1.0.0"), Row("1.0.0", "1.1.0", kind: "empty"));
        }

        string path = Path.Combine(ws.Root, "j.db");
        MakeOld(path);
        Assert.ThrowsExactly<SqliteException>(() => TestDb.Execute(path,
            "INSERT INTO ledger_history VALUES ('user', '1.1.0', '1.2.0', 'c', NULL, 'now', 1, 'started')"), "the old CHECK refuses it");

        await using (IMigrationConnection connection = await new SqliteEngine().OpenAsync(new DatabaseTarget("user", "j", path), create: false, CancellationToken.None))
        {
            IJournalUpgrade upgrade = new SqliteEngine().TryGet<IJournalUpgrade>()!;
            Assert.IsTrue(await upgrade.IsNeededAsync(connection, CancellationToken.None));
            await using TestStep tx = await TestStep.BeginAsync(connection);
            foreach (string sql in upgrade.Statements) await tx.ExecuteAsync(sql);
            await tx.CommitAsync();
            Assert.IsFalse(await upgrade.IsNeededAsync(connection, CancellationToken.None), "once is enough");
        }

        TestDb.Execute(path, "INSERT INTO ledger_history VALUES ('user', '1.1.0', '1.2.0', 'c', NULL, 'now', 1, 'started')");
        CollectionAssert.AreEqual(new[] { "baseline>1.0.0:applied:7", "1.0.0>1.1.0:empty:7", "1.1.0>1.2.0:started:1" },
            ws.Column(path, "SELECT from_version || '>' || to_version || ':' || kind || ':' || duration_ms FROM ledger_history ORDER BY rowid"));
        Assert.ThrowsExactly<SqliteException>(() => TestDb.Execute(path,
            "INSERT INTO ledger_history VALUES ('user', '1.2.0', '1.3.0', 'c', NULL, 'now', 1, 'begun')"), "the new table keeps its CHECK");
        Assert.AreEqual("ok", TestDb.Scalar(path, "PRAGMA integrity_check"));
    }

    [TestMethod]
    public async Task EveryColumnIsWrittenAsGivenIncludingANullTitle()
    {
        using var ws = new TestWorkspace();
        await using (IMigrationConnection connection = await OpenAsync(ws))
        {
            await StepAsync(connection, null, Row("baseline", "1.0.0", title: "Migration: first: its description", duration: 1234));
            await StepAsync(connection, null, Row("1.0.0", "1.1.0", title: null, kind: "empty", duration: 0));
        }

        string path = Path.Combine(ws.Root, "j.db");
        CollectionAssert.AreEqual(
            new[]
            {
                "user|baseline|1.0.0|c0ffee|Migration: first: its description|2026-12-02T10:00:00.123Z|1234|applied",
                "user|1.0.0|1.1.0|c0ffee|NULL|2026-12-02T10:00:00.123Z|0|empty",
            },
            ws.Column(path, "SELECT scope || '|' || from_version || '|' || to_version || '|' || checksum || '|' || coalesce(title, 'NULL') || '|' || " +
                            "applied_at || '|' || duration_ms || '|' || kind FROM ledger_history ORDER BY rowid"));
        Assert.AreEqual("integer", ws.Scalar(path, "SELECT typeof(duration_ms) FROM ledger_history LIMIT 1"));
    }

    [TestMethod]
    public async Task TheInsertStillWorksAfterStepsThatChangeTheSchema()
    {
        using var ws = new TestWorkspace();
        await using IMigrationConnection connection = await OpenAsync(ws);
        await StepAsync(connection, "CREATE TABLE notes (id INTEGER PRIMARY KEY)", Row("baseline", "1.0.0"));
        await StepAsync(connection, "ALTER TABLE notes ADD COLUMN body TEXT", Row("1.0.0", "1.1.0"));
        await StepAsync(connection, "DROP TABLE notes", Row("1.1.0", "1.2.0"));

        JournalState journal = await connection.ReadJournalAsync(CancellationToken.None);
        Assert.AreEqual("1.2.0", journal.Current.Normalized);
        Assert.HasCount(3, journal.Entries);
    }

    [TestMethod]
    public async Task TheSameEdgeTwiceIsRefusedByTheKeyAndTheNextInsertStillWorks()
    {
        using var ws = new TestWorkspace();
        await using IMigrationConnection connection = await OpenAsync(ws);
        await StepAsync(connection, null, Row("baseline", "1.0.0"));

        var refused = await Assert.ThrowsExactlyAsync<SqliteException>(() => StepAsync(connection, null, Row("baseline", "1.0.0")));
        Assert.Contains("UNIQUE constraint failed: ledger_history.scope, ledger_history.from_version, ledger_history.to_version", refused.Message);
        Assert.AreEqual(19, refused.SqliteErrorCode, "SQLITE_CONSTRAINT");

        await StepAsync(connection, null, Row("1.0.0", "1.1.0"));
        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0" }, (await connection.ReadJournalAsync(CancellationToken.None)).Entries.Select(e => e.To).ToArray());
    }

    [TestMethod]
    public async Task AKindOutsideTheSpecsIsRefusedByTheTable()
    {
        using var ws = new TestWorkspace();
        await using IMigrationConnection connection = await OpenAsync(ws);
        await StepAsync(connection, null, Row("baseline", "1.0.0", kind: "baselined"));

        var refused = await Assert.ThrowsExactlyAsync<SqliteException>(() => StepAsync(connection, null, Row("1.0.0", "1.1.0", kind: "skipped")));
        Assert.Contains("CHECK constraint failed", refused.Message);
        Assert.HasCount(1, (await connection.ReadJournalAsync(CancellationToken.None)).Entries, "the step's transaction was rolled back");
    }

    [TestMethod]
    public async Task AValueSqliteCannotBindFailsTheStepInsteadOfWritingThePreviousRowsValue()
    {
        using var ws = new TestWorkspace();
        await using IMigrationConnection connection = await OpenAsync(ws);
        await StepAsync(connection, null, Row("baseline", "1.0.0", title: "first"));
        SQLitePCL.raw.sqlite3_limit(((SqliteMigrationConnection)connection).Connection.Handle!, SQLitePCL.raw.SQLITE_LIMIT_LENGTH, 1000);

        var refused = await Assert.ThrowsExactlyAsync<SqliteException>(() => StepAsync(connection, null, Row("1.0.0", "1.1.0", title: new string('x', 2000))));
        Assert.AreEqual(18, refused.SqliteErrorCode, "SQLITE_TOOBIG");
        CollectionAssert.AreEqual(new[] { "first" }, ws.Column(Path.Combine(ws.Root, "j.db"), "SELECT title FROM ledger_history ORDER BY rowid"));
    }

    [TestMethod]
    public async Task ATemporaryTableOfTheJournalsNameDoesNotTakeTheRowAndTheStepRunsOnce()
    {
        // Lint refuses this block (LDG038); a set validated without lint is what a caller that skips it would run. The
        // temporary table lives on Ledger's connection for the rest of the database, and an unqualified journal
        // statement would read and write it instead of the file's table.
        const string shadow = """
            CREATE TEMP TABLE ledger_history (scope TEXT, from_version TEXT, to_version TEXT, checksum TEXT, title TEXT,
                applied_at TEXT, duration_ms INTEGER, kind TEXT, PRIMARY KEY (scope, from_version, to_version));
            INSERT INTO notes (body) VALUES ('once');
            """;
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: shadow) + LedgerText.Step("1.3.0", "1.4.0", user: "INSERT INTO notes (body) VALUES ('after');");
        MigrationSet set = LedgerValidator.Validate(LedgerDocumentReader.Read(ledger, "MIGRATIONS.md")).Set!;
        using var ws = new TestWorkspace();

        RunResult first = await ws.ApplyAsync(set);
        RunResult second = await ws.ApplyAsync(set);

        Assert.AreEqual(0, first.ExitCode, TestWorkspace.Describe(first));
        Assert.AreEqual(0, second.ExitCode, TestWorkspace.Describe(second));
        Assert.AreEqual(DatabaseOutcome.Current, TestWorkspace.Only(second, "alice").Outcome, "the journal in the file says 1.4.0");
        CollectionAssert.AreEqual(
            new[] { "user baseline->1.0.0 applied", "user 1.0.0->1.1.0 applied", "user 1.1.0->1.2.0 empty", "user 1.2.0->1.3.0 applied", "user 1.3.0->1.4.0 applied" },
            ws.Journal(ws.UserPath("alice")));
        CollectionAssert.AreEqual(new[] { "once", "after" }, ws.Column(ws.UserPath("alice"), "SELECT body FROM notes ORDER BY id"), "each step ran once");
    }
}
