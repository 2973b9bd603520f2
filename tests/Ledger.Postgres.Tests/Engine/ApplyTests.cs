using Ledger.Execution;
using Ledger.Model;
using Ledger.Testing;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>Applying a ledger on PostgreSQL: a system database, then a schema per tenant, a transaction per step.</summary>
[TestClass]
public sealed class ApplyTests
{
    internal static readonly string Ledger =
        "# Ledger\n\n" +
        LedgerText.Section("baseline", "1.0.0",
            ("system", "CREATE TABLE users (name text PRIMARY KEY);\nINSERT INTO users VALUES ('alice'), ('bob');"),
            ("user", "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);")) +
        LedgerText.Section("1.0.0", "1.1.0",
            ("user", "ALTER TABLE notes ADD COLUMN topic text;\nCREATE INDEX notes_topic ON notes (topic);")) +
        LedgerText.Section("1.1.0", "1.2.0",
            ("system", "ALTER TABLE users ADD COLUMN email text;"),
            ("user", "INSERT INTO notes (id, body, topic) VALUES (1, 'it''s $1 and $$', 'welcome');"));

    [TestMethod]
    public async Task EveryTenantSchemaGetsEveryStepWithItsJournalInItsOwnSchema()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        RunResult result = await ws.Runner().ApplyAsync(PgWorkspace.Load(Ledger), new ApplyOptions { Backup = false, CreateMissing = true });

        Assert.AreEqual(0, result.ExitCode, string.Join("\n", result.Scopes.SelectMany(s => s.Databases).Select(d => d.Describe())));
        CollectionAssert.AreEqual(new[] { "ledger_history", "users" }, await ws.TablesAsync("public"));
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 empty", "1.1.0→1.2.0 applied" }, await ws.JournalAsync("public"));
        foreach (string tenant in new[] { "alice", "bob" })
        {
            CollectionAssert.AreEqual(new[] { "ledger_history", "notes" }, await ws.TablesAsync("tenant_" + tenant));
            CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, await ws.JournalAsync("tenant_" + tenant));
            CollectionAssert.AreEqual(new[] { "it's $1 and $$ welcome" }, await ws.QueryAsync($"SELECT body || ' ' || topic FROM tenant_{tenant}.notes"));
        }

        RunResult again = await ws.Runner().ApplyAsync(PgWorkspace.Load(Ledger), new ApplyOptions { Backup = false, CreateMissing = true });
        Assert.AreEqual(0, again.ExitCode);
        Assert.IsTrue(again.Scopes.SelectMany(s => s.Databases).All(d => d.Outcome == DatabaseOutcome.Current));
    }
}
