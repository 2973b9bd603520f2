using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Testing;
using Ledger.Versions;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// Core's verbs over PostgreSQL schemas: status and verify (<see cref="LedgerInspector"/>), drift and a database ahead
/// of the ledger, <c>baseline</c> (<see cref="BaselineStamper"/>) and <c>rollback</c>.
/// </summary>
[TestClass]
public sealed class LifecycleTests
{
    private static readonly string Ledger =
        "# Ledger\n\n" +
        LedgerText.Section("baseline", "1.0.0",
            ("system", "CREATE TABLE users (name text PRIMARY KEY);\nINSERT INTO users VALUES ('alice'), ('bob');"),
            ("user", "CREATE TABLE notes (id bigint PRIMARY KEY);")) +
        LedgerText.Section("1.0.0", "1.1.0", ("user", "ALTER TABLE notes ADD COLUMN topic text;")) +
        "```sql\n" + LedgerText.Block("user", "1.1.0", "1.0.0", "ALTER TABLE notes DROP COLUMN topic;") + "```\n\n" +
        LedgerText.Section("1.1.0", "1.2.0", ("user", "CREATE TABLE tags (note bigint REFERENCES notes (id));")) +
        "```sql\n" + LedgerText.Block("user", "1.2.0", "1.1.0", "DROP TABLE tags;") + "```\n";

    private static readonly ApplyOptions Options = new() { Backup = false, CreateMissing = true };

    private static string Describe(RunResult result) => string.Join("\n", result.All.Select(d => d.Describe()));

    [TestMethod]
    public async Task StatusSaysWhereEachTenantIsAndWhatIsPendingWithoutChangingAnything()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(Ledger);
        RunResult applied = await ws.Runner().ApplyAsync(set, Options with { Target = SemVersion.Parse("1.1.0") });
        Assert.AreEqual(0, applied.ExitCode, Describe(applied));
        await ws.QueryAsync("INSERT INTO users VALUES ('carol')");

        InspectionResult status = await new LedgerInspector(ws.Targets()).InspectAsync(set, SemVersion.Parse("1.2.0"), integrity: null);

        Assert.AreEqual(0, status.ReadExitCode);
        Assert.AreEqual("1.1.0", status.System!.Plan!.Current.ToString());
        Dictionary<string, DatabaseInspection> users = status.Users.ToDictionary(u => u.Target.Name);
        Assert.AreEqual("1.1.0", users["alice"].Plan!.Current.ToString());
        CollectionAssert.AreEqual(new[] { "1.2.0" }, users["bob"].Plan!.Pending.Select(p => p.Step.To.ToString()).ToArray());
        Assert.IsFalse(users["carol"].Exists, "a tenant whose schema is not there yet");
        CollectionAssert.AreEqual(Array.Empty<string>(), await ws.QueryAsync("SELECT nspname FROM pg_namespace WHERE nspname = 'tenant_carol'"), "status created nothing");
    }

    [TestMethod]
    public async Task AnEditedAppliedBlockIsDriftAndTheTenantIsNotChanged()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        RunResult applied = await ws.Runner().ApplyAsync(PgWorkspace.Load(Ledger), Options with { Target = SemVersion.Parse("1.1.0") });
        Assert.AreEqual(0, applied.ExitCode, Describe(applied));

        MigrationSet edited = PgWorkspace.Load(Ledger.Replace("ADD COLUMN topic text", "ADD COLUMN topic varchar(80)", StringComparison.Ordinal));
        InspectionResult verify = await new LedgerInspector(ws.Targets()).InspectAsync(edited, SemVersion.Parse("1.2.0"), integrity: true);
        Assert.IsTrue(verify.Users.All(u => u.HasDrift));
        Assert.AreEqual(3, verify.VerifyExitCode);

        RunResult result = await ws.Runner().ApplyAsync(edited, Options);
        Assert.AreEqual(3, result.ExitCode, Describe(result));
        Assert.IsTrue(result.Users.All(u => u.Outcome == DatabaseOutcome.Drift), Describe(result));
        CollectionAssert.AreEqual(new[] { "ledger_history", "notes" }, await ws.TablesAsync("tenant_alice"), "not changed");
    }

    [TestMethod]
    public async Task ATenantAheadOfTheLedgerIsReportedAndNotChanged()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(Ledger);
        Assert.AreEqual(DatabaseOutcome.Migrated, (await ws.MigrateAsync(ws.Tenant("alice"), set, "1.2.0")).Outcome);

        DatabaseResult result = await ws.MigrateAsync(ws.Tenant("alice"), set, "1.1.0");

        Assert.AreEqual(DatabaseOutcome.Ahead, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "ledger_history", "notes", "tags" }, await ws.TablesAsync("tenant_alice"));
    }

    [TestMethod]
    public async Task BaselineStampsExistingSchemasAndApplyGoesOnFromThere()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(Ledger);
        // Made before Ledger: the system table, and tenants at 1.1.0 by hand.
        await ws.QueryAsync("CREATE TABLE users (name text PRIMARY KEY); INSERT INTO users VALUES ('alice'), ('bob')");
        foreach (string user in new[] { "alice", "bob" })
        {
            await ws.QueryAsync($"CREATE SCHEMA tenant_{user}; CREATE TABLE tenant_{user}.notes (id bigint PRIMARY KEY, topic text)");
        }

        RunResult stamped = await new BaselineStamper(ws.Targets()).StampAllAsync(set, SemVersion.Parse("1.1.0"));
        Assert.AreEqual(0, stamped.ExitCode, Describe(stamped));
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 baselined", "1.0.0→1.1.0 baselined" }, await ws.JournalAsync("tenant_alice"));

        RunResult applied = await ws.Runner().ApplyAsync(set, Options);
        Assert.AreEqual(0, applied.ExitCode, Describe(applied));
        CollectionAssert.AreEqual(new[] { "ledger_history", "notes", "tags" }, await ws.TablesAsync("tenant_bob"));
    }

    [TestMethod]
    public async Task RollbackRunsTheDownBlocksAndRemovesTheirRows()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        MigrationSet set = PgWorkspace.Load(Ledger);
        Assert.AreEqual(0, (await ws.Runner().ApplyAsync(set, Options)).ExitCode);

        RunResult result = await ws.Runner().RollbackAsync(set, SemVersion.Parse("1.0.0"), Options);

        Assert.AreEqual(0, result.ExitCode, Describe(result));
        foreach (string user in new[] { "alice", "bob" })
        {
            CollectionAssert.AreEqual(new[] { "ledger_history", "notes" }, await ws.TablesAsync("tenant_" + user));
            CollectionAssert.AreEqual(new[] { "id" }, await ws.QueryAsync($"SELECT column_name FROM information_schema.columns WHERE table_schema = 'tenant_{user}' AND table_name = 'notes'"));
            CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied" }, await ws.JournalAsync("tenant_" + user));
        }
    }
}
