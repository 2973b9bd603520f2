using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Postgres.Engine;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// What Ledger sends means the same whatever the server's settings: a step runs READ COMMITTED on a database whose
/// default isolation is SERIALIZABLE (so the journal read after the lock sees another runner's commit), and the journal
/// writes' string literals read the same with <c>standard_conforming_strings</c> off.
/// </summary>
[TestClass]
public sealed class ServerSettingsTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave"];

    // Every block records that it ran and the isolation it ran under.
    private static readonly string RecordingLedger =
        "# Isolation\n\n" +
        LedgerText.Section("baseline", "1.0.0",
            ("system", "CREATE TABLE users (name text PRIMARY KEY);\nINSERT INTO users VALUES " + string.Join(", ", Users.Select(u => $"('{u}')")) + ";"),
            ("user", "CREATE TABLE ran (edge text NOT NULL, isolation text NOT NULL);\nINSERT INTO ran VALUES ('baseline→1.0.0', current_setting('transaction_isolation'));")) +
        LedgerText.Section("1.0.0", "1.1.0", ("user", "INSERT INTO ran VALUES ('1.0.0→1.1.0', current_setting('transaction_isolation'));\nCREATE TABLE notes (id bigint PRIMARY KEY);")) +
        LedgerText.Section("1.1.0", "1.2.0", ("user", "INSERT INTO ran VALUES ('1.1.0→1.2.0', current_setting('transaction_isolation'));\nALTER TABLE notes ADD COLUMN body text;"));

    [TestMethod]
    public async Task RacingRunnersOnADatabaseWhoseDefaultIsolationIsSerializableApplyEveryStepOnceUnderReadCommitted()
    {
        MigrationSet set = PgWorkspace.Load(RecordingLedger);
        for (int round = 0; round < 3; round++)
        {
            await using PgWorkspace ws = await PgWorkspace.CreateAsync();
            await ws.QueryAsync("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_isolation = ''serializable''', current_database()); END $$");
            var options = new ApplyOptions { Backup = false, CreateMissing = true, Parallelism = 2 };
            var engines = Enumerable.Range(0, 3).Select(_ => ws.NewEngine()).ToList();
            RunResult[] results = await Task.WhenAll(engines.Select(e => Task.Run(() => ws.Runner(e).ApplyAsync(set, options))));
            foreach (var e in engines) await e.DisposeAsync();

            foreach (RunResult result in results)
            {
                Assert.AreEqual(0, result.ExitCode, string.Join("\n", result.Scopes.SelectMany(s => s.Databases).Select(d => d.Describe())));
            }

            foreach (string user in Users)
            {
                CollectionAssert.AreEqual(
                    new[] { "1.0.0→1.1.0 read committed", "1.1.0→1.2.0 read committed", "baseline→1.0.0 read committed" },
                    await ws.QueryAsync($"SELECT edge || ' ' || isolation FROM tenant_{user}.ran ORDER BY edge COLLATE \"C\""), user);
                Assert.HasCount(3, await ws.JournalAsync("tenant_" + user));
            }
        }
    }

    [TestMethod]
    public async Task JournalUpdateAndDeleteOfATitleWithABackslashAndAQuoteWorkWithStandardConformingStringsOff()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        var dialect = new PostgresJournalDialect();
        const string title = @"C:\temp\ it's a \'trap\'";
        var row = new JournalEntry("user", "1.0.0", "1.1.0", "sha256:a", "first", "2026-12-07T00:00:00.000Z", 1, JournalKinds.Started);

        await using var connection = new NpgsqlConnection(ws.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        async Task<List<string?>> Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            var values = new List<string?>();
            while (await reader.ReadAsync()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0).ToString());
            return values;
        }

        await Run("SET standard_conforming_strings = off");
        await Run(dialect.CreateTable);
        await Run(dialect.Insert(row));
        await Run(dialect.Update(row with { Title = title, Kind = JournalKinds.Applied }));
        CollectionAssert.AreEqual(new[] { title }, await Run("SELECT title FROM ledger_history"));

        await Run(dialect.Delete(row with { Title = title }));
        Assert.IsEmpty(await Run("SELECT title FROM ledger_history"));

        // The same literals under the default setting.
        await Run("SET standard_conforming_strings = on");
        await Run(dialect.Insert(row with { Title = title }));
        CollectionAssert.AreEqual(new[] { title }, await Run("SELECT title FROM ledger_history"));
    }
}
