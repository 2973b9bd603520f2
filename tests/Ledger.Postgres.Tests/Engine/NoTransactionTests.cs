using Ledger.Execution;
using Ledger.Model;
using Ledger.Testing;
using Ledger.Versions;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// No-transaction blocks on PostgreSQL: <c>CREATE INDEX CONCURRENTLY</c> as a step (it refuses to run in a transaction
/// block, and in a command of several statements), under the tenant's session lock taken by polling; an interrupted
/// block leaves a <c>started</c> row that stops the next apply until <c>--resume</c>.
/// </summary>
[TestClass]
public sealed class NoTransactionTests
{
    private static string Ledger(string concurrently) =>
        "# Ledger\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("user", "CREATE TABLE notes (id bigint PRIMARY KEY, topic text);\nINSERT INTO notes SELECT g, 't' || g FROM generate_series(1, 1000) g;")) +
        LedgerText.Section("1.0.0", "1.1.0", ("user", "-- ledger:no-transaction\n" + concurrently)) +
        LedgerText.Section("1.1.0", "1.2.0", ("user", "ALTER TABLE notes ADD COLUMN body text;"));

    private const string Index = "CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_topic ON notes (topic);\nVACUUM (ANALYZE) notes;";

    [TestMethod]
    [DataRow(TransactionMode.PerStep)]
    [DataRow(TransactionMode.PerDatabase)]
    public async Task CreateIndexConcurrentlyAsAStepLeavesAValidIndexAndAnAppliedRow(TransactionMode mode)
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        DatabaseResult result = await ws.MigrateAsync(ws.Tenant("alice"), PgWorkspace.Load(Ledger(Index)), "1.2.0",
            new ApplyOptions { Backup = false, TransactionMode = mode });

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "True" }, await ws.QueryAsync(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = 'tenant_alice' AND c.relname = 'notes_topic'"));
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, await ws.JournalAsync("tenant_alice"));
        CollectionAssert.AreEqual(new[] { "1" }, await ws.QueryAsync("SELECT count(*) FROM tenant_alice.notes WHERE body IS NULL AND id = 1"));
    }

    [TestMethod]
    public async Task AnInterruptedBlockStopsTheNextApplyUntilResumedFromItsFirstStatement()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(Ledger(Index + "\nCREATE INDEX CONCURRENTLY IF NOT EXISTS later_x ON later (x);"));

        DatabaseResult failed = await ws.MigrateAsync(ws.Tenant("bob"), set, "1.2.0");
        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome, failed.Describe());
        StringAssert.Contains(failed.Failure!.Message, "relation \"later\" does not exist (SQLSTATE 42P01)");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 started" }, await ws.JournalAsync("tenant_bob"));
        CollectionAssert.AreEqual(new[] { "3" }, await ws.QueryAsync("SELECT duration_ms FROM tenant_bob.ledger_history WHERE kind = 'started'"),
            "the row names the statement that was running");

        DatabaseResult refused = await ws.MigrateAsync(ws.Tenant("bob"), set, "1.2.0");
        Assert.AreEqual(DatabaseOutcome.Failed, refused.Outcome, refused.Describe());
        StringAssert.Contains(refused.Describe(), "1.0.0→1.1.0");

        await ws.QueryAsync("CREATE TABLE tenant_bob.later (x int)");
        DatabaseResult resumed = await ws.MigrateAsync(ws.Tenant("bob"), set, "1.2.0", new ApplyOptions { Backup = false, Resume = true });
        Assert.AreEqual(DatabaseOutcome.Migrated, resumed.Outcome, resumed.Describe());
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, await ws.JournalAsync("tenant_bob"));
        Assert.HasCount(2, await ws.QueryAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'tenant_bob' AND indexname IN ('notes_topic', 'later_x')"));
    }

    [TestMethod]
    public async Task AResumeDoesNotRecordTheStepWhileTheIndexItNamesIsInvalid()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load("# Ledger\n\n" +
            LedgerText.Section("baseline", "1.0.0", ("user", "CREATE TABLE notes (id bigint PRIMARY KEY, topic text);\nINSERT INTO notes VALUES (1, 'a'), (2, 'a'), (3, 'b');")) +
            LedgerText.Section("1.0.0", "1.1.0", ("user", "-- ledger:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS notes_topic_key ON notes (topic);")));
        const string Validity = "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = 'tenant_dave' AND c.relname = 'notes_topic_key'";

        // The build meets duplicate rows: it fails, and PostgreSQL leaves the index behind, invalid.
        DatabaseResult failed = await ws.MigrateAsync(ws.Tenant("dave"), set, "1.1.0");
        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome, failed.Describe());
        StringAssert.Contains(failed.Failure!.Message, "SQLSTATE 23505");
        CollectionAssert.AreEqual(new[] { "False" }, await ws.QueryAsync(Validity));

        // IF NOT EXISTS skips the invalid index; the check after the block refuses to record the step.
        var resume = new ApplyOptions { Backup = false, Resume = true };
        DatabaseResult refused = await ws.MigrateAsync(ws.Tenant("dave"), set, "1.1.0", resume);
        Assert.AreEqual(DatabaseOutcome.Failed, refused.Outcome, refused.Describe());
        StringAssert.Contains(refused.Failure!.Message, "invalid index notes_topic_key in schema tenant_dave");
        StringAssert.Contains(refused.Failure.Message, "DROP INDEX CONCURRENTLY notes_topic_key;");
        StringAssert.Contains(refused.Failure.Message, "'ledger apply --resume'");
        Assert.AreEqual("1.0.0→1.1.0", refused.Failure.Edge);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 started" }, await ws.JournalAsync("tenant_dave"));

        // Fixing the data is not enough while the invalid index is there; dropping it is.
        await ws.QueryAsync("DELETE FROM tenant_dave.notes WHERE id = 2");
        DatabaseResult stillRefused = await ws.MigrateAsync(ws.Tenant("dave"), set, "1.1.0", resume);
        Assert.AreEqual(DatabaseOutcome.Failed, stillRefused.Outcome, stillRefused.Describe());
        StringAssert.Contains(stillRefused.Failure!.Message, "invalid index notes_topic_key");

        await ws.QueryAsync("DROP INDEX CONCURRENTLY tenant_dave.notes_topic_key");
        DatabaseResult resumed = await ws.MigrateAsync(ws.Tenant("dave"), set, "1.1.0", resume);
        Assert.AreEqual(DatabaseOutcome.Migrated, resumed.Outcome, resumed.Describe());
        CollectionAssert.AreEqual(new[] { "True" }, await ws.QueryAsync(Validity));
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied" }, await ws.JournalAsync("tenant_dave"));
    }

    [TestMethod]
    public async Task AnInvalidIndexNamedWithABackslashAndAQuoteIsFoundWithStandardConformingStringsOff()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        // Every session of the database reads a plain '…' literal's backslash as an escape: the check's literal for the
        // name must mean the name all the same.
        await ws.QueryAsync("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET standard_conforming_strings = off', current_database()); END $$");
        MigrationSet set = PgWorkspace.Load("# Ledger\n\n" +
            LedgerText.Section("baseline", "1.0.0", ("user", "CREATE TABLE notes (id bigint PRIMARY KEY, topic text);\nINSERT INTO notes VALUES (1, 'a'), (2, 'a');")) +
            LedgerText.Section("1.0.0", "1.1.0", ("user", "-- ledger:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"notes\\topic's key\" ON notes (topic);")));

        DatabaseResult failed = await ws.MigrateAsync(ws.Tenant("erin"), set, "1.1.0");
        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome, failed.Describe());
        StringAssert.Contains(failed.Failure!.Message, "SQLSTATE 23505");

        DatabaseResult refused = await ws.MigrateAsync(ws.Tenant("erin"), set, "1.1.0", new ApplyOptions { Backup = false, Resume = true });
        Assert.AreEqual(DatabaseOutcome.Failed, refused.Outcome, refused.Describe());
        StringAssert.Contains(refused.Failure!.Message, "invalid index \"notes\\topic's key\" in schema tenant_erin");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 started" }, await ws.JournalAsync("tenant_erin"));
    }

    [TestMethod]
    public async Task TheBlockWaitsForTheTenantsLockWithoutBlockingAndRunsOnceItIsFree()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(Ledger(Index));
        await ws.MigrateAsync(ws.Tenant("carol"), set, "1.0.0");

        // Another session is inside carol's step: it holds her lock, in a transaction that has touched her table.
        await using var holder = new NpgsqlConnection(ws.ConnectionString);
        await holder.OpenAsync();
        await using NpgsqlTransaction held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(1279607879, hashtext('tenant_carol'))", holder, held))
        {
            await take.ExecuteNonQueryAsync();
        }

        Task<DatabaseResult> waiting = ws.MigrateAsync(ws.Tenant("carol"), set, "1.1.0");
        for (int i = 0; i < 1000; i++)
        {
            if ((await ws.QueryAsync("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_try_advisory_lock(%'")).Count > 0) break;
            await Task.Delay(10);
        }

        Assert.IsFalse(waiting.IsCompleted, "it waits for the lock");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied" }, await ws.JournalAsync("tenant_carol"), "nothing started meanwhile");
        await held.CommitAsync();

        DatabaseResult result = await waiting;
        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        Assert.AreEqual(SemVersion.Parse("1.1.0"), result.To);
        CollectionAssert.AreEqual(new[] { "0" }, await ws.QueryAsync(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1279607879 " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"), "the session lock is released (pg_locks is the whole server's: this database's only)");
    }
}
