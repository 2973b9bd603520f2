using Ledger.Testing;

namespace Ledger.Cli.Tests;

/// <summary>
/// <c>ledger lint</c> on a ledger with PostgreSQL scopes, as the built tool: the engine's static rules, the replay on a
/// development server (<c>lint.devDatabase</c>, <c>--dev-database</c>) of a private server this class starts, and
/// <c>--base</c> with declared scopes.
/// </summary>
[TestClass]
public sealed class PostgresLintCommandTests
{
    private static PostgresServer? _server;

    private static PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL server was not started");

    [ClassInitialize]
    public static void Start(TestContext context) => _server = PostgresServer.Start();

    [ClassCleanup]
    public static void Stop()
    {
        _server?.Dispose();
        _server = null;
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    // "app" on PostgreSQL (never connected to by lint), "local" on SQLite.
    private static string Config(string? devDatabase = null) => $$"""
        {
          "scopes": {
            "app": { "engine": "postgres", "database": "Host=/nonexistent;Database=app;Password=s3cret-never-shown" },
            "local": { "database": "local.db" }
          }{{(devDatabase is null ? "" : $",\n  \"lint\": {{ \"devDatabase\": {Json(devDatabase)} }}")}}
        }
        """;

    private const string Ledger = """
        # App

        ### 1.0.0

        ```sql
        -- [app:baseline→1.0.0:start]
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
        CREATE TABLE notes (id bigint PRIMARY KEY, topic text);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RETURN NEW;
        END;
        $$;
        -- [app:baseline→1.0.0:end]
        ```

        ```sql
        -- [app:1.0.0→baseline:start]
        DROP FUNCTION touch();
        DROP TABLE notes;
        DROP EXTENSION pgcrypto;
        -- [app:1.0.0→baseline:end]
        ```

        ```sql
        -- [local:baseline→1.0.0:start]
        CREATE TABLE cache (id INTEGER PRIMARY KEY AUTOINCREMENT);
        -- [local:baseline→1.0.0:end]
        ```

        ```sql
        -- [local:1.0.0→baseline:start]
        DROP TABLE cache;
        -- [local:1.0.0→baseline:end]
        ```

        """;

    private const string Step = """
        ### 1.1.0

        ```sql
        -- [app:1.0.0→1.1.0:start]
        CREATE INDEX notes_topic ON notes (topic);
          INSERT INTO notes (id, missing) VALUES (1, 2);
        -- [app:1.0.0→1.1.0:end]
        ```

        ```sql
        -- [app:1.1.0→1.0.0:start]
        DROP INDEX notes_topic;
        -- [app:1.1.0→1.0.0:end]
        ```

        """;

    private static TempDirectory Project(string config, string ledger)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", config);
        dir.Write("MIGRATIONS.md", ledger);
        return dir;
    }

    private static int LineOf(string text, string needle) => LedgerText.LineOf(text, needle);

    [TestMethod]
    public void Without_a_dev_database_postgres_scopes_get_their_engines_rules_and_no_sqlite_replay()
    {
        using TempDirectory dir = Project(Config(), Ledger + Step);

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
        Assert.AreEqual($"MIGRATIONS.md:{LineOf(Ledger + Step, "CREATE INDEX notes_topic")}:1: warning LDG042: CREATE INDEX on notes, a table that existed before the step, " +
            "blocks every write to it while the index is built; build it with CREATE INDEX CONCURRENTLY IF NOT EXISTS in a block with the line '-- ledger:no-transaction'",
            string.Join("\n", lint.OutLines), lint.ToString());
    }

    // Alone: it checks that no scratch database is left on the server, and the other tests here replay on the same
    // server, so one of theirs may be there for a moment (seen once the native build made the runs overlap more).
    [TestMethod]
    [DoNotParallelize]
    public void The_dev_database_replay_reports_the_rejected_statement_at_its_line_with_its_sqlstate()
    {
        string ledger = Ledger + Step;
        using TempDirectory dir = Project(Config(Server.ConnectionString()), ledger);

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint", "--quiet");

        Assert.AreEqual(1, lint.ExitCode, lint.ToString());
        string[] errors = [.. lint.OutLines.Where(l => l.Contains(" error ", StringComparison.Ordinal))];
        Assert.HasCount(1, errors, lint.ToString());
        Assert.StartsWith($"MIGRATIONS.md:{LineOf(ledger, "INSERT INTO notes")}:3: error LDG022: column \"missing\" of relation \"notes\" does not exist (SQLSTATE 42703)", errors[0]);
        Assert.AreEqual("", Server.Psql("SELECT datname FROM pg_database WHERE datname LIKE 'ledger\\_lint\\_%'").Trim(), "the scratch database is dropped");

        ProcessResult skipped = LedgerProcess.Run(dir.Path, "lint", "--quiet", "--no-sql-check");
        Assert.AreEqual(0, skipped.ExitCode, skipped.ToString());
    }

    [TestMethod]
    public void The_flag_overrides_the_setting_and_an_unreachable_server_is_a_usage_error_naming_it()
    {
        using TempDirectory dir = Project(Config(Server.ConnectionString()), Ledger);

        ProcessResult clean = LedgerProcess.Run(dir.Path, "lint", "--quiet");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());

        ProcessResult unreachable = LedgerProcess.Run(dir.Path, "lint", "--dev-database", "Host=/nonexistent-dir;Username=postgres;Password=s3cret-never-shown;Timeout=2");
        Assert.AreEqual(2, unreachable.ExitCode, unreachable.ToString());
        Assert.StartsWith("ledger: --dev-database: the development server cannot be reached", unreachable.Error.Trim());
        Assert.DoesNotContain("s3cret", unreachable.Out + unreachable.Error);

        using TempDirectory configured = Project(Config("Host=/nonexistent-dir;Username=postgres;Timeout=2"), Ledger);
        ProcessResult fromConfig = LedgerProcess.Run(configured.Path, "lint");
        Assert.AreEqual(2, fromConfig.ExitCode, fromConfig.ToString());
        Assert.StartsWith("ledger: ledger.json: lint.devDatabase: the development server cannot be reached", fromConfig.Error.Trim());
    }

    [TestMethod]
    public void Base_compares_the_history_of_every_declared_scope()
    {
        using var dir = new TempDirectory();
        GitRepository repo = GitRepository.Init(Path.Combine(dir.Path, "repo"));
        repo.Write("ledger.json", Config());
        repo.Write("MIGRATIONS.md", Ledger);
        repo.CommitAll("ledger");
        string edited = Ledger.Replace("CREATE TABLE notes (id bigint PRIMARY KEY, topic text);", "CREATE TABLE notes (id bigint PRIMARY KEY, topic varchar(20));", StringComparison.Ordinal)
            .Replace("CREATE TABLE cache (id INTEGER PRIMARY KEY AUTOINCREMENT);", "CREATE TABLE cache (id INTEGER PRIMARY KEY);", StringComparison.Ordinal);
        repo.Write("MIGRATIONS.md", edited);
        repo.CommitAll("edit released blocks");

        ProcessResult lint = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD~1", "--quiet");

        Assert.AreEqual(1, lint.ExitCode, lint.ToString());
        Assert.HasCount(2, lint.OutLines, lint.ToString());
        Assert.StartsWith($"MIGRATIONS.md:{LineOf(edited, "topic varchar(20)")}:1: error LDG030: block app baseline→1.0.0 was edited", lint.OutLines[0]);
        Assert.StartsWith($"MIGRATIONS.md:{LineOf(edited, "CREATE TABLE cache")}:1: error LDG030: block local baseline→1.0.0 was edited", lint.OutLines[1]);
    }
}
