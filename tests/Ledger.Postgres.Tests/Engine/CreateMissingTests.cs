using Ledger.Execution;
using Ledger.Model;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// <c>createMissing</c> on PostgreSQL: a tenant's schema, or a tenant's database (made from the server's maintenance
/// database), created by the first runner that needs it; runners creating the same one at the same moment both go on.
/// </summary>
[TestClass]
public sealed class CreateMissingTests
{
    private static readonly string Ledger = "# Ledger\n\n" + LedgerText.Section("baseline", "1.0.0", ("user", "CREATE TABLE notes (id bigint PRIMARY KEY);"));

    [TestMethod]
    public async Task AMissingDatabaseIsCreatedOnceByRacingRunnersAndAMissingOneIsNotCreatedWithoutBeingAsked()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        string name = "tenant_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder(Server.Instance.ConnectionString()) { Database = name };
        var target = new DatabaseTarget(Scopes.User, "dora", builder.ConnectionString);
        MigrationSet set = PgWorkspace.Load(Ledger);

        Assert.IsFalse(await ws.Engine.ExistsAsync(target, CancellationToken.None));
        DatabaseResult skipped = await ws.MigrateAsync(target, set, "1.0.0", create: false);
        Assert.AreEqual(DatabaseOutcome.Skipped, skipped.Outcome, skipped.Describe());
        Assert.IsFalse(await ws.Engine.ExistsAsync(target, CancellationToken.None));

        PostgresEngine[] engines = [ws.NewEngine(), ws.NewEngine(), ws.NewEngine()];
        DatabaseResult[] results = await Task.WhenAll(engines.Select(e => Task.Run(() =>
            new DatabaseMigrator(e, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System)
                .MigrateAsync(target, set, Versions.SemVersion.Parse("1.0.0"), new ApplyOptions { Backup = false }, create: true, CancellationToken.None))));
        foreach (PostgresEngine e in engines) await e.DisposeAsync();

        Assert.IsTrue(results.All(r => r.Outcome is DatabaseOutcome.Migrated or DatabaseOutcome.Current), string.Join("\n", results.Select(r => r.Describe())));
        Assert.AreEqual(1, results.Count(r => r.Outcome == DatabaseOutcome.Migrated));
        Assert.IsTrue(await ws.Engine.ExistsAsync(target, CancellationToken.None));
        Assert.AreEqual("t", Server.Instance.Psql("SELECT to_regclass('public.notes') IS NOT NULL", name).Trim());
    }

    [TestMethod]
    public async Task ASchemaWithAQuoteInItsNameIsCreatedAsOneIdentifier()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        var target = new DatabaseTarget(Scopes.User, "odd", PostgresLocation.Of(ws.ConnectionString, "Tenant \"Odd\"; DROP"));

        DatabaseResult result = await ws.MigrateAsync(target, PgWorkspace.Load(Ledger), "1.0.0");

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "ledger_history", "notes" }, await ws.TablesAsync("Tenant \"Odd\"; DROP"));
    }
}
