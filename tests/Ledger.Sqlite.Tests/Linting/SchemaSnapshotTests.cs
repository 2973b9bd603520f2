using Ledger.Sqlite.Linting.Replay;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>The replay's schema snapshot: the down-block comparison's normal form and the shapes the step diff derives.</summary>
[TestClass]
public sealed class SchemaSnapshotTests
{
    private static SqliteConnection Open(string schema)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = schema;
        command.ExecuteNonQuery();
        return connection;
    }

    [TestMethod]
    [DataRow("CREATE TABLE \"users\" (id INTEGER)", "CREATE TABLE users (id INTEGER)", DisplayName = "SQLite's quotes of a renamed table")]
    [DataRow("CREATE TABLE [users] (id   INTEGER,\n  name TEXT)", "CREATE TABLE `users` (id INTEGER, name TEXT)", DisplayName = "other quotes, white space")]
    [DataRow("CREATE INDEX i ON \"users\" (\"name\")", "CREATE INDEX i ON users (name)", DisplayName = "an index on a renamed table")]
    public void TheNormalFormIgnoresQuotesThatChangeNothingAndWhiteSpace(string a, string b) =>
        Assert.AreEqual(SchemaSnapshot.Normalize(b), SchemaSnapshot.Normalize(a));

    [TestMethod]
    [DataRow("CREATE TABLE t (a TEXT DEFAULT 'x  y')", "CREATE TABLE t (a TEXT DEFAULT 'x y')", DisplayName = "a string literal's spaces")]
    [DataRow("CREATE TABLE \"my table\" (a TEXT)", "CREATE TABLE my table (a TEXT)", DisplayName = "a name that needs its quotes")]
    [DataRow("CREATE TABLE t (a TEXT DEFAULT '\"b\"')", "CREATE TABLE t (a TEXT DEFAULT 'b')", DisplayName = "quotes inside a string")]
    public void TheNormalFormKeepsWhatMatters(string a, string b) =>
        Assert.AreNotEqual(SchemaSnapshot.Normalize(b), SchemaSnapshot.Normalize(a));

    [TestMethod]
    public void DefinitionsOfARebuiltTableEqualThoseOfTheTableCreatedUnderItsName()
    {
        using SqliteConnection rebuilt = Open("CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT); ALTER TABLE users_new RENAME TO users;");
        using SqliteConnection created = Open("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");

        Assert.AreEqual("CREATE TABLE \"users\" (id INTEGER PRIMARY KEY, name TEXT)", SchemaSnapshot.Read(rebuilt).Objects["table users"].Sql);
        CollectionAssert.AreEqual(SchemaSnapshot.Read(created).Definitions(), SchemaSnapshot.Read(rebuilt).Definitions());
    }

    [TestMethod]
    public void AShapeHasTheColumnsForeignKeysAndIndexesOfTheTable()
    {
        using SqliteConnection db = Open(
            "CREATE TABLE teams (id INTEGER PRIMARY KEY);" +
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, team_id INTEGER REFERENCES teams (id), lower_email TEXT AS (lower(email)));" +
            "CREATE INDEX users_team ON users (team_id, email) WHERE team_id IS NOT NULL; CREATE INDEX users_lower ON users (lower(email));");
        using var scratch = new ScratchDatabase();

        TableShape shape = SchemaSnapshot.Read(db).Shape("USERS", scratch)!;

        Assert.AreEqual("id INTEGER 1 0;email TEXT 0 0;team_id INTEGER 0 0;lower_email TEXT 0 2",
            string.Join(";", shape.Columns.Select(c => $"{c.Name} {c.Type} {c.PrimaryKey} {c.Hidden}")));
        Assert.IsTrue(shape.Column("email")!.NotNull);
        Assert.AreEqual("(team_id) → teams (id)", shape.ForeignKeys.Single().ToString());
        Assert.AreEqual("sqlite_autoindex_users_1 u unique (email);users_lower c ((expression));users_team c partial (team_id,email)",
            string.Join(";", shape.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => $"{i.Name} {i.Origin}{(i.Unique ? " unique" : "")}{(i.Partial ? " partial" : "")} ({string.Join(",", i.Columns)})")));
        Assert.AreEqual("CREATE INDEX users_team ON users (team_id, email) WHERE team_id IS NOT NULL", shape.Indexes.Single(i => i.Name == "users_team").Sql);
    }

    [TestMethod]
    public void ATableSqliteCannotCreateAloneHasNoShapeAndTheScratchDatabaseStaysEmpty()
    {
        using SqliteConnection db = Open("CREATE TABLE users (id INTEGER PRIMARY KEY);");
        SchemaObject table = SchemaSnapshot.Read(db).Table("users")! with { Sql = "CREATE VIRTUAL TABLE users USING no_such_module (a)" };
        using var scratch = new ScratchDatabase();

        Assert.IsNull(TableShape.Of(table, [], scratch));
        Assert.IsEmpty(SchemaSnapshot.Read(scratch.Connection).Objects);
    }

    [TestMethod]
    public void TheShadowTablesOfAVirtualTableAreNotTablesOfTheSchema()
    {
        using SqliteConnection db = Open("CREATE VIRTUAL TABLE notes_fts USING fts5 (body); CREATE TABLE notes_fts_archive_x (id INTEGER); CREATE TABLE notes (id INTEGER);");

        SchemaSnapshot snapshot = SchemaSnapshot.Read(db);

        Assert.Contains("notes_fts_data", snapshot.Objects.Keys.Select(k => k[6..]), "SQLite lists the shadow tables");
        CollectionAssert.AreEquivalent(new[] { "notes", "notes_fts", "notes_fts_archive_x" }, snapshot.Tables.Select(t => t.Name).ToArray());
    }
}
