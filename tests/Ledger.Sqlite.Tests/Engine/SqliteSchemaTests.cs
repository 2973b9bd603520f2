using Ledger.Execution;
using Ledger.Sqlite.Engine;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// The schema questions the engine's foreign-key check and lint's replay share (<see cref="SqliteSchema"/>): SQLite's own
/// tables are left out by an escaped <c>sqlite\_%</c>, so a user's table whose name merely starts "sqlite" is checked.
/// </summary>
[TestClass]
public sealed class SqliteSchemaTests
{
    [TestMethod]
    public void AUserTableNamedLikeSqlitesOwnIsStillChecked()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA foreign_keys = OFF;
            CREATE TABLE p (a TEXT);
            CREATE TABLE q (id INTEGER PRIMARY KEY);
            CREATE TABLE sqliteXdata (a TEXT REFERENCES p (a), b INTEGER REFERENCES q (id));
            INSERT INTO sqliteXdata VALUES ('x', 99);
            CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);
            INSERT INTO t DEFAULT VALUES;
            """;
        command.ExecuteNonQuery();

        ForeignKeyReport report = SqliteForeignKeys.Check(command);

        Assert.AreEqual("foreign key mismatch - \"sqliteXdata\" referencing \"p\"", report.Mismatches.Single());
        ForeignKeyViolation violation = report.Violations.Single();
        Assert.AreEqual(("sqliteXdata", "q"), (violation.Table, violation.Parent));
        CollectionAssert.AreEqual(new[] { "p", "q", "sqliteXdata", "t" }, SqliteSchema.UserTables(connection), "sqlite_sequence is SQLite's own");
    }

    [TestMethod]
    [DataRow("a", "CREATE UNIQUE INDEX p_a ON p (a)", true)]
    [DataRow("a", "CREATE UNIQUE INDEX p_a ON p (a) WHERE a IS NOT NULL", false)]
    [DataRow("a", "CREATE INDEX p_a ON p (a)", false)]
    [DataRow("id", "SELECT 1", true)]
    public void AKeyIsUniqueWhenSqliteAcceptsItAsAParent(string column, string index, bool unique)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE p (id INTEGER PRIMARY KEY, a TEXT); {index}; CREATE TABLE c (x REFERENCES p ({column}));";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA foreign_key_check";
        bool sqliteAccepts = true;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            sqliteAccepts = false;
        }

        Assert.AreEqual(unique, sqliteAccepts, "the case itself");
        Assert.AreEqual(unique, SqliteSchema.IsUniqueKey(connection, "p", [column]));
    }
}
