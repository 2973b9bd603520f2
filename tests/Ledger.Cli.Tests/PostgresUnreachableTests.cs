namespace Ledger.Cli.Tests;

/// <summary>
/// A PostgreSQL server that cannot be reached (a socket folder with no server: no server is needed to test it) is the
/// database's error, reported like a SQLite database that cannot be read: the database named with the server's answer,
/// exit 1 (a database that cannot be read; a set that cannot be listed), never an internal error with a stack trace.
/// </summary>
[TestClass]
public sealed class PostgresUnreachableTests
{
    private const string Ledger = """
        # App

        ### Migration: baseline → 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE tenants (name text PRIMARY KEY);
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [tenant:baseline→1.0.0:start]
        CREATE TABLE notes (id bigint PRIMARY KEY);
        -- [tenant:baseline→1.0.0:end]
        ```
        """;

    [TestMethod]
    [DataRow("status")]
    [DataRow("plan")]
    [DataRow("verify")]
    [DataRow("apply")]
    [DataRow("rollback", "--to", "baseline")]
    [DataRow("baseline", "--version", "1.0.0")]
    [DataRow("status", "--format", "json")]
    public void AServerThatCannotBeReachedIsTheDatabasesErrorNotAnInternalError(params string[] args)
    {
        using var dir = new TempDirectory();
        string nowhere = Directory.CreateDirectory(Path.Combine(dir.Parent, "no-server")).FullName;
        string database = System.Text.Json.JsonSerializer.Serialize($"Host={nowhere};Database=app;Username=ledger;Password=s3cret-never-shown");
        dir.Write("MIGRATIONS.md", Ledger);
        dir.Write("ledger.json", $$"""
            {
              "scopes": {
                "system": { "engine": "postgres", "database": {{database}} },
                "tenant": { "engine": "postgres", "from": "system", "query": "SELECT name FROM tenants",
                            "database": {{database}}, "schema": "tenant_{user}" }
              }
            }
            """);

        ProcessResult run = LedgerProcess.Run(dir.Path, args);

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        Assert.IsFalse(run.Error.Contains("internal error", StringComparison.Ordinal), run.ToString());
        Assert.IsFalse((run.Out + run.Error).Contains("s3cret", StringComparison.Ordinal), "a password is never printed\n" + run);
        StringAssert.Contains(run.Out + run.Error, "no-server/app", "the database is named\n" + run);
        StringAssert.Contains(run.Out + run.Error, $"Failed to connect to {nowhere}", run.ToString());
    }
}
