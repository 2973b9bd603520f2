using System.Globalization;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Postgres.Linting;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Postgres.Tests.Linting;

/// <summary>
/// The replay of PostgreSQL scopes in a scratch database of the private server. Not parallel: the tests count the
/// server's scratch databases, which only these tests make.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class PostgresReplayRuleTests
{
    private static string Server => Ledger.Postgres.Tests.Server.Instance.ConnectionString();

    private static List<Diagnostic> Findings(string ledger, string? server = null, TimeSpan? limit = null) =>
    [
        .. LedgerLoader.Load(ledger, LedgerText.FileName, PostgresLintRulesTests.Options(new PostgresReplayRule(server ?? Server, "lint.devDatabase", limit)))
            .Diagnostics.Where(d => d.Code is "LDG022" or "LDG028"),
    ];

    private static async Task<List<string>> ScratchDatabasesAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'ledger\\_lint\\_%' ORDER BY 1", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static string Block(string scope, string from, string to, string sql) => LedgerText.FencedBlock(scope, from, to, sql) + "\n";

    [TestMethod]
    public async Task A_statement_the_server_rejects_is_reported_at_its_line_with_the_message_and_sqlstate_and_the_scratch_database_is_dropped()
    {
        List<string> before = await ScratchDatabasesAsync();
        string ledger = Block("app", "baseline", "1.0.0", """
            CREATE TABLE notes (id bigint PRIMARY KEY, topic text);
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RETURN NEW;
            END;
            $$;
            """) + Block("app", "1.0.0", "1.1.0", "ALTER TABLE notes ADD COLUMN pinned boolean DEFAULT false;\n  INSERT INTO notes (id, topic, missing) VALUES (1, 'x', 2);\nSELECT 1;");

        List<Diagnostic> findings = Findings(ledger);

        Assert.HasCount(1, findings, string.Join("\n", findings));
        Diagnostic finding = findings[0];
        Assert.AreEqual("LDG022", finding.Code);
        Assert.AreEqual(LedgerText.LineOf(ledger, "INSERT INTO notes"), finding.Location.Line);
        Assert.AreEqual(3, finding.Location.Column);
        Assert.Contains("column \"missing\" of relation \"notes\" does not exist (SQLSTATE 42703)", finding.Message);
        Assert.Contains("the app statements after it were not checked", finding.Message);
        CollectionAssert.AreEqual(before, await ScratchDatabasesAsync(), "the scratch database is dropped after the run");
    }

    [TestMethod]
    public void A_ledger_the_server_accepts_has_no_finding_and_no_transaction_blocks_run_outside_a_transaction()
    {
        string ledger = Block("app", "baseline", "1.0.0", "CREATE TABLE notes (id bigint PRIMARY KEY, topic text);\nCREATE TYPE mood AS ENUM ('ok', 'sad');") +
            Block("app", "1.0.0", "1.1.0", "-- ledger:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS notes_topic;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS notes_topic ON notes (topic);") +
            Block("app", "1.1.0", "1.0.0", "-- ledger:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS notes_topic;") +
            Block("app", "1.1.0", "1.2.0", "CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nSELECT E'it\\'s';") +
            Block("app", "1.2.0", "1.1.0", "DROP FUNCTION one();");

        List<Diagnostic> findings = Findings(ledger);

        Assert.IsEmpty(findings, string.Join("\n", findings));
    }

    [TestMethod]
    public void A_down_block_that_does_not_restore_the_schema_is_ldg028_and_one_that_fails_is_ldg022_at_its_line()
    {
        const string up = "CREATE TABLE notes (id bigint PRIMARY KEY, topic text);";
        string Ledger(string down) => Block("app", "baseline", "1.0.0", up) +
            Block("app", "1.0.0", "1.1.0", "ALTER TABLE notes ADD COLUMN pinned boolean;\nCREATE INDEX notes_topic ON notes (topic);") +
            Block("app", "1.1.0", "1.0.0", down) +
            Block("app", "1.1.0", "1.2.0", "ALTER TABLE notes ADD COLUMN later int;");

        Assert.IsEmpty(Findings(Ledger("DROP INDEX notes_topic;\nALTER TABLE notes DROP COLUMN pinned;")));

        string incomplete = Ledger("ALTER TABLE notes DROP COLUMN pinned;");
        List<Diagnostic> findings = Findings(incomplete);
        Assert.AreEqual("LDG028", LedgerText.Codes(findings), string.Join("\n", findings));
        Assert.AreEqual(LedgerText.LineOf(incomplete, "[app:1.1.0→1.0.0:start]"), findings[0].Location.Line);
        Assert.Contains("index public.notes_topic is still there", findings[0].Message);

        string failing = Ledger("DROP INDEX notes_topic;\nALTER TABLE notes DROP COLUMN nope;");
        findings = Findings(failing);
        Assert.AreEqual("LDG022", LedgerText.Codes(findings), string.Join("\n", findings));
        Assert.AreEqual(LedgerText.LineOf(failing, "DROP COLUMN nope"), findings[0].Location.Line);
        Assert.Contains("(SQLSTATE 42703)", findings[0].Message);
        Assert.Contains("running the down block of app 1.0.0→1.1.0 on the schema of 1.1.0", findings[0].Message);
    }

    [TestMethod]
    public void Statements_that_return_range_full_text_and_geometric_values_are_replayed_without_a_finding()
    {
        // The replay's data source is Npgsql's slim one, without these types: a statement's rows are never decoded.
        string ledger = Block("app", "baseline", "1.0.0", """
            CREATE TABLE slots (id int PRIMARY KEY, during tstzrange, words tsvector, place point);
            INSERT INTO slots VALUES (1, tstzrange('2026-01-01', NULL), to_tsvector('simple', 'a b'), point(1, 2)) RETURNING during, words, place;
            SELECT during, words, place, int4multirange(int4range(1, 2)), ROW(1, 'x') FROM slots;
            """) + Block("app", "1.0.0", "baseline", "DROP TABLE slots;");

        List<Diagnostic> findings = Findings(ledger);

        Assert.IsEmpty(findings, string.Join("\n", findings));
    }

    [TestMethod]
    public void Only_postgres_scopes_are_replayed_on_the_server()
    {
        // SQLite's syntax, which PostgreSQL rejects, in the SQLite scope.
        string ledger = Block("local", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT);");

        Assert.IsEmpty(Findings(ledger));
    }

    [TestMethod]
    public async Task Scratch_databases_left_by_a_killed_run_are_dropped_and_young_ones_are_left_to_their_run()
    {
        string old = PostgresReplayRule.ScratchPrefix + "20000101000000_deadbeef";
        string young = PostgresReplayRule.ScratchPrefix + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_cafebabe";
        Ledger.Postgres.Tests.Server.Instance.Psql($"CREATE DATABASE {old}");
        Ledger.Postgres.Tests.Server.Instance.Psql($"CREATE DATABASE {young}");
        try
        {
            Assert.IsEmpty(Findings(Block("app", "baseline", "1.0.0", "CREATE TABLE t (id int);")));

            List<string> left = await ScratchDatabasesAsync();
            CollectionAssert.DoesNotContain(left, old);
            CollectionAssert.Contains(left, young);
        }
        finally
        {
            Ledger.Postgres.Tests.Server.Instance.Psql($"DROP DATABASE IF EXISTS {old}");
            Ledger.Postgres.Tests.Server.Instance.Psql($"DROP DATABASE IF EXISTS {young}");
        }
    }

    [TestMethod]
    public void An_unreachable_server_is_an_error_naming_the_setting()
    {
        var ex = Assert.ThrowsExactly<DevDatabaseException>(() =>
            Findings(Block("app", "baseline", "1.0.0", "CREATE TABLE t (id int);"), "Host=/nonexistent-socket-dir;Username=postgres;Database=postgres;Timeout=2"));

        Assert.StartsWith("lint.devDatabase: the development server cannot be reached", ex.Message);
    }

    [TestMethod]
    public async Task A_statement_that_does_not_finish_within_the_limit_is_stopped_and_reported()
    {
        List<string> before = await ScratchDatabasesAsync();
        string ledger = Block("app", "baseline", "1.0.0", "CREATE TABLE t (id int);\nSELECT pg_sleep(600);");

        List<Diagnostic> findings = Findings(ledger, limit: TimeSpan.FromSeconds(1));

        Assert.AreEqual("LDG022", LedgerText.Codes(findings), string.Join("\n", findings));
        Assert.AreEqual(LedgerText.LineOf(ledger, "pg_sleep"), findings[0].Location.Line);
        Assert.Contains("did not finish within 1 s", findings[0].Message);
        CollectionAssert.AreEqual(before, await ScratchDatabasesAsync(), "the scratch database is dropped after the run");
    }
}
