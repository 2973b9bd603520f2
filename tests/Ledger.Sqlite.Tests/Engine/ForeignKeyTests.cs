using Ledger.Execution;
using Ledger.Sqlite.Engine;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 "SQLite behaviour": steps run with foreign keys off, checked before commit, the setting restored after.</summary>
[TestClass]
public sealed class ForeignKeyTests
{
    // The system database's first step: one user, alice.
    private const string UsersStep = """
        # FK ledger

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice');
        -- [system:baseline→1.0.0:end]
        ```

        """;

    private const string Ledger = UsersStep + """
        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
        INSERT INTO parent VALUES (1, 'one'), (2, 'two');
        INSERT INTO child VALUES (10, 1), (11, 1), (12, 2);
        -- [user:baseline→1.0.0:end]
        ```
        """;

    // The documented way to change a table SQLite cannot ALTER: create, copy, drop, rename.
    private const string RebuildParent = """
        CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '', created TEXT);
        INSERT INTO parent_new (id, name) SELECT id, name FROM parent;
        DROP TABLE parent;
        ALTER TABLE parent_new RENAME TO parent;
        """;

    [TestMethod]
    public async Task TableRebuildKeepsTheChildRows()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledger);
        Assert.AreEqual(3L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM child"));

        RunResult result = await ws.ApplyAsync(Ledger + LedgerText.Step("1.0.0", "1.1.0", user: RebuildParent));

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(3L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM child"), "DROP TABLE must not cascade into the child table");
        CollectionAssert.AreEqual(new[] { "id", "name", "created" }, ws.Columns(ws.UserPath("alice"), "parent"));
        Assert.AreEqual(0L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM pragma_foreign_key_check"));
    }

    [TestMethod]
    public void SameRebuildWithForeignKeysOnLosesTheChildRows()
    {
        // The control for the test above: the bug is real on a connection with foreign keys on.
        using var ws = new TestWorkspace();
        string path = Path.Combine(ws.Root, "control.db");
        using SqliteConnection c = ws.Open(path);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = """
            PRAGMA foreign_keys = ON;
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
            INSERT INTO parent VALUES (1, 'one'), (2, 'two');
            INSERT INTO child VALUES (10, 1), (11, 1), (12, 2);
            """ + RebuildParent;
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT COUNT(*) FROM child";

        Assert.AreEqual(0L, cmd.ExecuteScalar());
    }

    [TestMethod]
    public async Task StepIntroducingAViolationFailsAndIsRolledBack()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledger);
        string ledger = Ledger + LedgerText.Step("1.0.0", "1.1.0", user: "CREATE TABLE marker (x);\nINSERT INTO child VALUES (13, 999);");

        RunResult result = await ws.ApplyAsync(ledger);

        Assert.AreEqual(1, result.ExitCode);
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome);
        Assert.Contains("violating foreign keys", alice.Failure!.Message);
        Assert.Contains("child row 13", alice.Failure.Message);
        Assert.AreEqual("1.0.0→1.1.0", alice.Failure.Edge);
        Assert.AreEqual(0L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM child WHERE id = 13"));
        CollectionAssert.DoesNotContain(ws.Tables(ws.UserPath("alice")), "marker");
        Assert.AreEqual(1L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM ledger_history"));
    }

    [TestMethod]
    public async Task AForeignKeyThatALaterStepOfTheSameRunAddsIsChecked()
    {
        // The steps of one run share a connection. After step 1 the database has no foreign key at all, and SQLite
        // compiles PRAGMA foreign_key_check for the tables that have one when it is prepared: the check after step 2
        // must still see the key step 2 adds, or step 2's orphan row would be committed.
        const string ledger = UsersStep + """
            ```sql
            -- [user:baseline→1.0.0:start]
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            -- [user:baseline→1.0.0:end]
            ```
            """;
        using var ws = new TestWorkspace();

        RunResult result = await ws.ApplyAsync(ledger + LedgerText.Step("1.0.0", "1.1.0",
            user: "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));\nINSERT INTO child VALUES (1, 999);"));

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome, TestWorkspace.Describe(result));
        Assert.AreEqual("1.0.0→1.1.0", alice.Failure!.Edge);
        Assert.Contains("child row 1", alice.Failure.Message);
        Assert.AreEqual("1.0.0", alice.To?.Normalized, "step 1 stays committed, step 2 is rolled back");
        CollectionAssert.DoesNotContain(ws.Tables(ws.UserPath("alice")), "child");
    }

    [TestMethod]
    public async Task ViolationThatPredatesTheStepIsAWarning()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledger);
        ws.Execute(ws.UserPath("alice"), "PRAGMA foreign_keys = OFF; INSERT INTO child VALUES (20, 404);");
        string ledger = Ledger + LedgerText.Step("1.0.0", "1.1.0", user: "ALTER TABLE child ADD COLUMN note TEXT;");

        RunResult result = await ws.ApplyAsync(ledger);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, alice.Outcome);
        Assert.IsTrue(alice.Warnings.Any(w => w.Contains("predate", StringComparison.Ordinal)), string.Join("; ", alice.Warnings));
        CollectionAssert.Contains(ws.Columns(ws.UserPath("alice"), "child"), "note");
        Assert.AreEqual(1L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM ledger_history WHERE to_version = '1.1.0'"), "recorded once, despite the second pass");
    }

    [TestMethod]
    public async Task NewViolationBesideAnOldOneStillFails()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledger);
        ws.Execute(ws.UserPath("alice"), "PRAGMA foreign_keys = OFF; INSERT INTO child VALUES (20, 404);");
        string ledger = Ledger + LedgerText.Step("1.0.0", "1.1.0", user: "INSERT INTO child VALUES (21, 405);");

        RunResult result = await ws.ApplyAsync(ledger);

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome);
        Assert.Contains("child row 21", alice.Failure!.Message);
        Assert.DoesNotContain("child row 20", alice.Failure.Message);
        Assert.AreEqual(0L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM child WHERE id = 21"));
    }

    [TestMethod]
    public async Task ForeignKeyMismatchIsAWarningNotAFailure()
    {
        // tatlock's defect in small: conversation_topics references memories(conversation_id), which is not unique.
        using var ws = new TestWorkspace();
        string ledger = Ledger + LedgerText.Step("1.0.0", "1.1.0", user: """
            CREATE TABLE memories (interaction_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL);
            CREATE TABLE conversation_topics (
                conversation_id TEXT,
                topic_id INTEGER,
                PRIMARY KEY (conversation_id, topic_id),
                FOREIGN KEY (conversation_id) REFERENCES memories (conversation_id) ON DELETE CASCADE
            );
            INSERT INTO memories VALUES ('m1', 'c1'), ('m2', 'c1');
            INSERT INTO conversation_topics VALUES ('c1', 1);
            """);

        RunResult result = await ws.ApplyAsync(ledger);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, alice.Outcome);
        Assert.IsTrue(alice.Warnings.Any(w => w.Contains("foreign key mismatch", StringComparison.Ordinal) && w.Contains("conversation_topics", StringComparison.Ordinal)),
            string.Join("; ", alice.Warnings));
        Assert.AreEqual(1L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM conversation_topics"));
        Assert.AreEqual("1.1.0", ws.Scalar(ws.UserPath("alice"), "SELECT MAX(to_version) FROM ledger_history"));
    }

    [TestMethod]
    public async Task MismatchDoesNotHideAViolationInAnotherTable()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledger);
        string ledger = Ledger + LedgerText.Step("1.0.0", "1.1.0", user: """
            CREATE TABLE memories (interaction_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL);
            CREATE TABLE conversation_topics (conversation_id TEXT REFERENCES memories (conversation_id));
            INSERT INTO child VALUES (30, 777);
            """);

        RunResult result = await ws.ApplyAsync(ledger);

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome, TestWorkspace.Describe(result));
        Assert.Contains("child row 30", alice.Failure!.Message);
        CollectionAssert.DoesNotContain(ws.Tables(ws.UserPath("alice")), "memories");
    }

    [TestMethod]
    public async Task MismatchDoesNotHideAViolationOfAnotherKeyOfTheSameTable()
    {
        // In tatlock, conversation_topics has the mismatched key to memories and a sound key to topics. SQLite's
        // foreign_key_check refuses the whole table, so the sound key must still be checked some other way.
        using var ws = new TestWorkspace();
        string ledger = Ledger + LedgerText.Step("1.0.0", "1.1.0", user: """
            CREATE TABLE memories (interaction_id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL);
            CREATE TABLE topics (topic_id INTEGER PRIMARY KEY AUTOINCREMENT, topic_name TEXT UNIQUE NOT NULL);
            CREATE TABLE conversation_topics (
                conversation_id TEXT,
                topic_id INTEGER,
                PRIMARY KEY (conversation_id, topic_id),
                FOREIGN KEY (conversation_id) REFERENCES memories (conversation_id) ON DELETE CASCADE,
                FOREIGN KEY (topic_id) REFERENCES topics (topic_id) ON DELETE CASCADE
            );
            INSERT INTO topics (topic_id, topic_name) VALUES (1, 'weather');
            INSERT INTO conversation_topics VALUES ('c1', 1);
            """);
        await ws.ApplyAsync(ledger);
        Assert.AreEqual("1.1.0", ws.Scalar(ws.UserPath("alice"), "SELECT MAX(to_version) FROM ledger_history"));

        RunResult result = await ws.ApplyAsync(ledger + LedgerText.Step("1.1.0", "1.2.0", user: "INSERT INTO conversation_topics VALUES ('c1', 999);"));

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome, TestWorkspace.Describe(result));
        Assert.Contains("conversation_topics row", alice.Failure!.Message);
        Assert.Contains("topics", alice.Failure.Message);
        Assert.AreEqual(1L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM conversation_topics"));
    }

    [TestMethod]
    public async Task StepsRunWithForeignKeysOffUntilLedgersConnectionCloses()
    {
        using var ws = new TestWorkspace();
        var engine = new SqliteEngine(TimeSpan.FromSeconds(5));
        var target = new DatabaseTarget("user", "fk", Path.Combine(ws.Root, "fk.db"));
        await using (IMigrationConnection connection = await engine.OpenAsync(target, create: true, CancellationToken.None))
        {
            Assert.AreEqual(1L, await ForeignKeysAsync(connection), "Microsoft.Data.Sqlite's SQLite starts with foreign keys on");

            await using (TestStep tx = await TestStep.BeginAsync(connection))
            {
                Assert.AreEqual(0L, await ForeignKeysAsync(connection), "off inside the step");
                await tx.ExecuteAsync("CREATE TABLE t (x)");
            }

            await using (TestStep tx = await TestStep.BeginAsync(connection))
            {
                Assert.AreEqual(0L, await ForeignKeysAsync(connection), "off inside the next step, after a rollback");
                await tx.CommitAsync();
            }

            Assert.AreEqual(0L, await ForeignKeysAsync(connection), "still off between steps: each step checks foreign keys itself");
        }

        // The setting belongs to the connection, not to the file: the application's next connection has it as before.
        await using IMigrationConnection next = await engine.OpenAsync(target, create: false, CancellationToken.None);
        Assert.AreEqual(1L, await ForeignKeysAsync(next));
    }

    private static async Task<object?> ForeignKeysAsync(IMigrationConnection connection)
    {
        await foreach (QueryRow row in connection.QueryAsync("PRAGMA foreign_keys", _ => [], CancellationToken.None))
        {
            return row.Values[0];
        }

        return null;
    }
}
