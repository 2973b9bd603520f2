using Ledger.Sqlite.Linting.Replay;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>The rows the SQL check puts in a replay database's tables before each step (<see cref="Seeder"/>).</summary>
[TestClass]
public sealed class SeederTests
{
    private static SqliteConnection Seeded(string schema)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys=OFF;" + schema);
        new Seeder().SeedAll(connection);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? "NULL" : reader.GetValue(0).ToString()!);
        return values;
    }

    [TestMethod]
    public void ANullableColumnGetsANullAndADuplicatePair()
    {
        using SqliteConnection db = Seeded("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT NOT NULL UNIQUE);");

        Assert.IsGreaterThanOrEqualTo(1L, Count(db, "SELECT count(*) FROM users WHERE name IS NULL"));
        Assert.IsGreaterThanOrEqualTo(1L, Count(db, "SELECT count(*) FROM (SELECT name FROM users WHERE name IS NOT NULL GROUP BY name HAVING count(*) > 1)"));
        Assert.AreEqual(Count(db, "SELECT count(*) FROM users"), Count(db, "SELECT count(DISTINCT email) FROM users"), "a UNIQUE column gets no duplicates");
    }

    [TestMethod]
    public void KeysStartFarFromTheLedgersOwnRows()
    {
        using SqliteConnection db = Seeded("CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");

        Assert.IsGreaterThanOrEqualTo(Seeder.FirstKey, Count(db, "SELECT min(id) FROM roles"));
        Execute(db, "INSERT INTO roles (id, name) VALUES (1, 'admin')"); // a ledger's own seed row does not collide
    }

    [TestMethod]
    public void ForeignKeysAreSatisfiedParentsFirst()
    {
        // Declared children first: the seeder orders parents before children itself.
        using SqliteConnection db = Seeded(
            "CREATE TABLE members (project_id INTEGER NOT NULL REFERENCES projects (id), user_id INTEGER NOT NULL REFERENCES users (id), " +
            "PRIMARY KEY (project_id, user_id)) WITHOUT ROWID;" +
            "CREATE TABLE projects (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES users (id), code TEXT NOT NULL UNIQUE);" +
            "CREATE TABLE users (id INTEGER PRIMARY KEY, manager_id INTEGER NOT NULL REFERENCES users (id), email TEXT);" +
            "CREATE TABLE tags (name TEXT PRIMARY KEY);" +
            "CREATE TABLE note_tags (note INTEGER, tag TEXT NOT NULL REFERENCES tags);");

        foreach (string table in new[] { "users", "projects", "members", "note_tags" })
        {
            Assert.IsGreaterThan(0L, Count(db, $"SELECT count(*) FROM {table}"), $"{table} has rows");
        }

        Assert.IsEmpty(Column(db, "SELECT \"table\" FROM pragma_foreign_key_check"));
    }

    [TestMethod]
    public void AStrictTableGetsValuesOfItsExactTypes()
    {
        using SqliteConnection db = Seeded("CREATE TABLE readings (id INTEGER PRIMARY KEY, at TEXT NOT NULL, value REAL NOT NULL, raw BLOB, n INT, any_value ANY) STRICT;");

        Assert.IsGreaterThanOrEqualTo(2L, Count(db, "SELECT count(*) FROM readings"));
        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM readings WHERE typeof(at) <> 'text' OR typeof(value) <> 'real' OR typeof(raw) NOT IN ('blob', 'null') OR typeof(n) NOT IN ('integer', 'null')"));
    }

    [TestMethod]
    public void ACheckWithAnInListGetsItsValues()
    {
        using SqliteConnection db = Seeded(
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, status TEXT NOT NULL CHECK (status IN ('open', 'closed')), priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5));");

        List<string> statuses = Column(db, "SELECT DISTINCT status FROM tickets ORDER BY status");
        Assert.IsNotEmpty(statuses);
        Assert.IsTrue(statuses.All(s => s is "open" or "closed"), string.Join(", ", statuses));
        Assert.IsGreaterThanOrEqualTo(1L, Count(db, "SELECT count(*) FROM (SELECT status FROM tickets GROUP BY status HAVING count(*) > 1)"));
    }

    [TestMethod]
    public void AWithoutRowIdTableGetsRows()
    {
        using SqliteConnection db = Seeded("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;");

        Assert.IsGreaterThanOrEqualTo(2L, Count(db, "SELECT count(*) FROM settings"));
        Assert.IsGreaterThanOrEqualTo(1L, Count(db, "SELECT count(*) FROM settings WHERE value IS NULL"));
    }

    [TestMethod]
    public void ARowATriggerRefusesIsSkipped()
    {
        using SqliteConnection db = Seeded(
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);" +
            "CREATE TRIGGER accounts_named BEFORE INSERT ON accounts WHEN NEW.name IS NULL BEGIN SELECT RAISE(ABORT, 'a name is required'); END;" +
            "CREATE TABLE locked (id INTEGER PRIMARY KEY);" +
            "CREATE TRIGGER locked_never BEFORE INSERT ON locked BEGIN SELECT RAISE(FAIL, 'read-only'); END;");

        Assert.IsGreaterThanOrEqualTo(2L, Count(db, "SELECT count(*) FROM accounts"));
        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM accounts WHERE name IS NULL"));
        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM locked"));
    }

    [TestMethod]
    public void VirtualTablesTheirShadowTablesAndViewsGetNoRows()
    {
        using SqliteConnection db = Seeded(
            "CREATE VIRTUAL TABLE docs USING fts5(body);" +
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);" +
            "CREATE VIEW note_bodies AS SELECT body FROM notes;");

        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM docs"));
        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM docs_content"));
        Assert.IsGreaterThan(0L, Count(db, "SELECT count(*) FROM notes"));
    }

    [TestMethod]
    public void OnlyTheTablesNamedAreToppedUp()
    {
        using SqliteConnection db = Seeded("CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT); CREATE TABLE b (id INTEGER PRIMARY KEY, x TEXT);");
        Execute(db, "DELETE FROM a; DELETE FROM b;");

        new Seeder().Seed(db, ["b"]);

        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM a"));
        Assert.IsGreaterThan(0L, Count(db, "SELECT count(*) FROM b"));
    }

    [TestMethod]
    public void TextAndBlobsAreJsonThatSqlitesJsonFunctionsRead()
    {
        using SqliteConnection db = Seeded("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, data BLOB NOT NULL);");

        Assert.AreEqual(0L, Count(db, "SELECT count(*) FROM events WHERE json_extract(payload, '$.x') IS NOT NULL OR json_extract(data, '$.x') IS NOT NULL"));
        Assert.IsGreaterThan(0L, Count(db, "SELECT count(*) FROM events WHERE json_extract(payload, '$.seed') = 1"));
    }

    /// <summary>Found in review: two tables whose NOT NULL foreign keys reference each other got no rows at all.</summary>
    [TestMethod]
    public void ACycleOfNotNullForeignKeysGetsRowsThatSatisfyBothKeys()
    {
        using SqliteConnection connection = Seeded(
            "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER NOT NULL REFERENCES b (id));" +
            "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a (id));");

        Assert.IsGreaterThan(0L, Count(connection, "SELECT count(*) FROM a"));
        Assert.IsGreaterThan(0L, Count(connection, "SELECT count(*) FROM b"));
        Assert.AreEqual(0L, Count(connection, "SELECT count(*) FROM pragma_foreign_key_check"));
    }

    /// <summary>Found in review: a number too large for a long in a CHECK made the seeder throw.</summary>
    [TestMethod]
    public void ANumberTooLargeInACheckIsNoCandidate()
    {
        using SqliteConnection connection = Seeded("CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER CHECK (n < 99999999999999999999));");

        Assert.IsGreaterThan(0L, Count(connection, "SELECT count(*) FROM a"));
    }
}
