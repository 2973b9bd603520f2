using Ledger.Diagnostics;
using Ledger.Sql;
using Ledger.Sqlite.Linting.Replay;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// What SQLite's authorizer reports for the statements a migration runs, as <see cref="EffectsRecorder"/> records it:
/// these pin the SQLite behaviour the schema diff (<see cref="StepChanges"/>) relies on.
/// </summary>
[TestClass]
public sealed class EffectsRecorderTests
{
    private static readonly SourceLocation Here = new("MIGRATIONS.md", 1, 1);

    private static SqliteConnection Open(string schema)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Run(connection, schema);
        return connection;
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs each statement of <paramref name="sql"/> in its own recorder scope and returns their effects.</summary>
    private static IReadOnlyList<StatementEffects> Record(SqliteConnection connection, string sql)
    {
        using EffectsRecorder recorder = EffectsRecorder.Attach(connection);
        foreach (SqlStatement statement in SqlScript.Split(sql))
        {
            using (recorder.Statement(statement, Here))
            {
                Run(connection, statement.Text);
            }
        }

        return recorder.TakeStep();
    }

    private static StatementEffects RecordOne(SqliteConnection connection, string sql) => Record(connection, sql).Single();

    [TestMethod]
    [DataRow("CREATE TABLE tags (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES notes (id)); CREATE INDEX tags_note ON tags (note_id);", false)]
    [DataRow("CREATE VIEW note_ids AS SELECT id FROM notes;", false)]
    [DataRow("INSERT INTO notes (id) VALUES (1);", true)]
    [DataRow("DELETE FROM notes;", true)]
    [DataRow("UPDATE notes SET id = id + 1;", true)]
    [DataRow("DROP TABLE notes;", true)]
    [DataRow("ALTER TABLE notes ADD COLUMN parent INTEGER REFERENCES notes (id) DEFAULT 7;", true)]
    [DataRow("PRAGMA writable_schema = OFF;", true)]
    public void OnlyAStepThatWritesRowsDropsOrAltersMayBreakAForeignKey(string sql, bool mayBreak)
    {
        using SqliteConnection db = Open("CREATE TABLE notes (id INTEGER PRIMARY KEY);");
        using EffectsRecorder recorder = EffectsRecorder.Attach(db);
        foreach (SqlStatement statement in SqlScript.Split(sql))
        {
            using (recorder.Statement(statement, Here))
            {
                Run(db, statement.Text);
            }
        }

        // The replay skips the foreign-key check before a step's commit when this is false.
        Assert.AreEqual(mayBreak, recorder.StepMayBreakForeignKeys(), sql);
    }

    [TestMethod]
    public void ACopyReadsTheColumnsItCopiesAndInsertsIntoTheNewTable()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT); CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT);");

        StatementEffects copy = RecordOne(db, "INSERT INTO users_new (id, name) SELECT id, name FROM users;");

        CollectionAssert.AreEquivalent(new[] { ("users", "id"), ("users", "name") }, copy.Reads.ToArray());
        CollectionAssert.AreEquivalent(new[] { "users_new" }, copy.Inserts.ToArray());
        Assert.IsEmpty(copy.Updates);
    }

    [TestMethod]
    public void SelectStarReadsEveryColumn()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");

        StatementEffects copy = RecordOne(db, "CREATE TABLE users_copy AS SELECT * FROM users;");

        CollectionAssert.AreEquivalent(new[] { ("users", "id"), ("users", "name") }, copy.Reads.ToArray());
        CollectionAssert.AreEquivalent(new[] { "users_copy" }, copy.CreatedTables.ToArray());
    }

    [TestMethod]
    public void ACopyOfEveryColumnBetweenTablesOfTheSameShapeReadsEveryColumn()
    {
        // SQLite copies such rows without resolving a column, and its authorizer hears no read: the recorder adds them.
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT);");

        StatementEffects copy = RecordOne(db, "INSERT INTO users_new SELECT * FROM users;");

        CollectionAssert.AreEquivalent(new[] { ("users", "id"), ("users", "name") }, copy.Reads.ToArray());
        CollectionAssert.AreEquivalent(new[] { "users_new" }, copy.Inserts.ToArray());
    }

    [TestMethod]
    public void AnUpdateReportsTheColumnsItSetsAndReads()
    {
        using SqliteConnection db = Open("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, archived_body TEXT);");

        StatementEffects update = RecordOne(db, "UPDATE notes SET archived_body = body;");

        Assert.Contains(("notes", "archived_body"), update.Updates);
        Assert.Contains(("notes", "body"), update.Reads);
    }

    [TestMethod]
    public void DropTableIsADropAndADeleteOfTheTableAndADropOfItsTriggersNotOfItsIndexes()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX users_name ON users (name);" +
                                         "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END;");

        StatementEffects drop = RecordOne(db, "DROP TABLE users;");

        CollectionAssert.AreEquivalent(new[] { "users" }, drop.DroppedTables.ToArray());
        CollectionAssert.AreEquivalent(new[] { "users" }, drop.Deletes.ToArray());
        Assert.IsEmpty(drop.DroppedIndexes);
        // So a trigger counts as dropped on purpose only by a statement that drops no table (StepChanges).
        CollectionAssert.AreEquivalent(new[] { "users_touch" }, drop.DroppedTriggers.ToArray());
    }

    [TestMethod]
    public void ExplicitDropsOfIndexesTriggersAndViewsAreRecordedByName()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX users_name ON users (name);" +
                                         "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END; CREATE VIEW names AS SELECT name FROM users;");

        IReadOnlyList<StatementEffects> step = Record(db, "DROP INDEX users_name; DROP TRIGGER users_touch; DROP VIEW names;");

        CollectionAssert.AreEquivalent(new[] { "users_name" }, step[0].DroppedIndexes.ToArray());
        CollectionAssert.AreEquivalent(new[] { "users_touch" }, step[1].DroppedTriggers.ToArray());
        CollectionAssert.AreEquivalent(new[] { "names" }, step[2].DroppedViews.ToArray());
    }

    [TestMethod]
    [DataRow("ALTER TABLE notes DROP COLUMN body;", DisplayName = "drop column")]
    [DataRow("ALTER TABLE notes RENAME COLUMN body TO text;", DisplayName = "rename column")]
    [DataRow("ALTER TABLE notes RENAME TO posts;", DisplayName = "rename table")]
    [DataRow("ALTER TABLE notes ADD COLUMN title TEXT;", DisplayName = "add column")]
    public void AlterTableIsOneAlterOfTheTableAndNothingOfWhatItRunsInside(string statement)
    {
        // The view and the trigger make SQLite rewrite or re-check them inside the ALTER: none of that reaches the authorizer.
        using SqliteConnection db = Open("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, kept TEXT); CREATE VIEW kept_notes AS SELECT id, kept FROM notes;" +
                                         "CREATE TABLE log (id INTEGER); CREATE TRIGGER notes_log AFTER INSERT ON notes BEGIN INSERT INTO log VALUES (new.id); END;" +
                                         "INSERT INTO notes VALUES (1, 'a', 'b');");

        StatementEffects alter = RecordOne(db, statement);

        CollectionAssert.AreEquivalent(new[] { "notes" }, alter.AlteredTables.ToArray());
        Assert.IsEmpty(alter.Reads);
        Assert.IsEmpty(alter.Updates);
        Assert.IsEmpty(alter.Inserts);
        Assert.IsEmpty(alter.Deletes);
        Assert.IsEmpty(alter.CreatedTables);
        Assert.IsEmpty(alter.DroppedTables);
    }

    [TestMethod]
    public void AFiredTriggersBodyIsAttributedToTheStatementThatFiresIt()
    {
        using SqliteConnection db = Open("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE log (id INTEGER, body TEXT);" +
                                         "CREATE TRIGGER notes_log AFTER INSERT ON notes BEGIN INSERT INTO log VALUES (new.id, new.body); END;");

        StatementEffects insert = RecordOne(db, "INSERT INTO notes (id, body) VALUES (1, 'x');");

        CollectionAssert.AreEquivalent(new[] { "notes", "log" }, insert.Inserts.ToArray());
    }

    [TestMethod]
    public void NothingIsRecordedOutsideAStatementNorForSqlitesOwnTables()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);");
        using EffectsRecorder recorder = EffectsRecorder.Attach(db);

        Run(db, "INSERT INTO users (name) SELECT name FROM users; SELECT name FROM sqlite_master;");
        SqlStatement temp = SqlScript.Split("CREATE TEMP TABLE scratch AS SELECT name FROM sqlite_master;").Single();
        using (recorder.Statement(temp, Here))
        {
            Run(db, temp.Text);
        }

        StatementEffects recorded = recorder.TakeStep().Single();
        Assert.AreEqual("scratch", string.Join(",", recorded.CreatedTables), "the TEMP table it creates is recorded, sqlite_master's reads are not");
        Assert.IsEmpty(recorded.Reads);
        Assert.IsEmpty(recorder.TakeStep());
    }

    [TestMethod]
    public void WhatGoesThroughATemporaryTableIsRecordedAndMarkedTemporary()
    {
        // SQLite's own drop-column recipe backs the rows up in a TEMP table and copies them back.
        using SqliteConnection db = Open("CREATE TABLE t1 (a, b, c); CREATE TEMP TABLE t1_backup (a, b);");

        IReadOnlyList<StatementEffects> step = Record(db, "INSERT INTO t1_backup SELECT a, b FROM t1; INSERT INTO t1 (a, b) SELECT a, b FROM t1_backup; DROP TABLE t1_backup;");

        Assert.AreEqual("t1_backup", string.Join(",", step[0].Inserts));
        Assert.AreEqual("t1_backup", string.Join(",", step[0].Temporary));
        Assert.AreEqual("t1.a,t1.b", string.Join(",", step[0].Reads.Select(r => $"{r.Table}.{r.Column}").Order(StringComparer.Ordinal)));
        Assert.AreEqual("t1_backup.a,t1_backup.b", string.Join(",", step[1].Reads.Select(r => $"{r.Table}.{r.Column}").Order(StringComparer.Ordinal)));
        Assert.AreEqual("t1", string.Join(",", step[1].Inserts));
        Assert.IsEmpty(step[2].DroppedTables, "the drop of a TEMP table is not a change of the ledger's schema");
    }

    [TestMethod]
    public void DisposeRemovesTheAuthorizer()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");
        EffectsRecorder recorder = EffectsRecorder.Attach(db);
        SqlStatement statement = SqlScript.Split("INSERT INTO users (name) VALUES ('x');").Single();
        IDisposable scope = recorder.Statement(statement, Here);

        recorder.Dispose();
        Run(db, statement.Text);

        scope.Dispose();
        Assert.IsEmpty(recorder.TakeStep().Single().Inserts, "a disposed recorder hears nothing, even inside an open scope");
    }
}
