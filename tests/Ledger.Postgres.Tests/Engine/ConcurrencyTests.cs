using Ledger.Execution;
using Ledger.Model;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// Runners at the same time on the same tenants apply every step exactly once (the advisory step lock, the journal
/// read again under it), and a tenant whose lock another session holds waits for it without holding a snapshot.
/// </summary>
[TestClass]
public sealed class ConcurrencyTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "frank"];

    // Every block records that it ran, so "exactly once" is checked on the data, not only on the journal.
    private static readonly string CountingLedger =
        "# Counting\n\n" +
        LedgerText.Section("baseline", "1.0.0",
            ("system", "CREATE TABLE users (name text PRIMARY KEY);\nINSERT INTO users VALUES " + string.Join(", ", Users.Select(u => $"('{u}')")) + ";"),
            ("user", "CREATE TABLE ran (edge text NOT NULL);\nINSERT INTO ran VALUES ('baseline→1.0.0');")) +
        LedgerText.Section("1.0.0", "1.1.0", ("user", "INSERT INTO ran VALUES ('1.0.0→1.1.0');\nCREATE TABLE notes (id bigint PRIMARY KEY);")) +
        LedgerText.Section("1.1.0", "1.2.0", ("user", "INSERT INTO ran VALUES ('1.1.0→1.2.0');\nALTER TABLE notes ADD COLUMN body text;")) +
        LedgerText.Section("1.2.0", "1.3.0", ("user", "INSERT INTO ran VALUES ('1.2.0→1.3.0');"));

    // In the order of ORDER BY edge COLLATE "C".
    private static readonly string[] Edges = ["1.0.0→1.1.0", "1.1.0→1.2.0", "1.2.0→1.3.0", "baseline→1.0.0"];

    [TestMethod]
    [DataRow(2, TransactionMode.PerStep)]
    [DataRow(4, TransactionMode.PerStep)]
    [DataRow(3, TransactionMode.PerDatabase)]
    public async Task RunnersAtTheSameTimeApplyEveryStepExactlyOnce(int runners, TransactionMode mode)
    {
        MigrationSet set = PgWorkspace.Load(CountingLedger);
        for (int round = 0; round < 3; round++)
        {
            await using PgWorkspace ws = await PgWorkspace.CreateAsync();
            var options = new ApplyOptions { Backup = false, CreateMissing = true, Parallelism = 3, TransactionMode = mode };
            // Each runner has its own engine, so its own pool: separate sessions, as separate processes would have.
            var engines = Enumerable.Range(0, runners).Select(_ => ws.NewEngine()).ToList();
            RunResult[] results = await Task.WhenAll(engines.Select(e => Task.Run(() => ws.Runner(e).ApplyAsync(set, options))));
            foreach (var e in engines) await e.DisposeAsync();

            foreach (RunResult result in results)
            {
                Assert.AreEqual(0, result.ExitCode, string.Join("\n", result.Scopes.SelectMany(s => s.Databases).Select(d => d.Describe())));
            }

            foreach (string user in Users)
            {
                CollectionAssert.AreEqual(Edges, await ws.QueryAsync($"SELECT edge FROM tenant_{user}.ran ORDER BY edge COLLATE \"C\""), user);
                Assert.HasCount(4, await ws.JournalAsync("tenant_" + user));
                Assert.AreEqual(1, results.Sum(r => r.Scopes.SelectMany(s => s.Databases).Single(d => d.Target.Name == user).Applied
                    .Count(a => a.To.Normalized == "1.3.0")), "one runner committed each step");
            }
        }
    }

    [TestMethod]
    public async Task ATenantWhoseLockIsHeldWaitsWithoutHoldingASnapshotSoCreateIndexConcurrentlyElsewhereFinishes()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(CountingLedger);
        await ws.MigrateAsync(ws.Tenant("alice"), set, "1.0.0");
        await ws.QueryAsync("CREATE TABLE public.big (id bigint)");

        // Another session holds alice's lock at session level (as a no-transaction block does), outside any transaction.
        await using var holder = new NpgsqlConnection(ws.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(1279607879, hashtext('tenant_alice'))", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        Task<DatabaseResult> waiting = ws.MigrateAsync(ws.Tenant("alice"), set, "1.3.0");
        for (int i = 0; i < 1000; i++)
        {
            List<string?> trying = await ws.QueryAsync(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_try_advisory_xact_lock(%'");
            if (trying.Count > 0) break;
            await Task.Delay(10);
        }

        // CREATE INDEX CONCURRENTLY waits for every transaction with an older snapshot in the database: it finishes
        // only because the waiting runner holds none between its tries.
        await ws.QueryAsync("CREATE INDEX CONCURRENTLY big_id ON public.big (id)");
        Assert.IsFalse(waiting.IsCompleted, "the runner is still waiting for the lock");

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(1279607879, hashtext('tenant_alice'))", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        DatabaseResult result = await waiting;
        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(Edges, await ws.QueryAsync("SELECT edge FROM tenant_alice.ran ORDER BY edge COLLATE \"C\""));
    }
}
