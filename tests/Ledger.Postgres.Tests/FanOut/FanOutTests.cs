using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Journal;
using Ledger.Linting;
using Ledger.Planning;
using Ledger.Model;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Postgres.Tests.Engine;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Postgres.Tests.FanOut;

/// <summary>
/// The fan-out over PostgreSQL tenants with the configuration's resolver: journals read in batches (a no-op opens no
/// tenant), a bounded number of connections per server, database-per-tenant connections not left idle, tenants on
/// several servers by a placeholder in <c>Host=</c>, and hostile names that create and drop nothing.
/// </summary>
[TestClass]
public sealed class FanOutTests
{
    private static readonly string TheLedger =
        "# Ledger\n\n" +
        LedgerText.Section("baseline", "1.0.0",
            ("system", "CREATE TABLE tenants (name text PRIMARY KEY, shard text);"),
            ("tenant", "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);")) +
        LedgerText.Section("1.0.0", "1.1.0",
            ("tenant", "ALTER TABLE notes ADD COLUMN topic text;"));

    private static readonly ApplyOptions Apply = new() { Backup = false, CreateMissing = true, Parallelism = 4 };

    private static MigrationSet Set()
    {
        var options = new LintOptions { Scopes = ["system", "tenant"], Engines = [] };
        LoadedLedger loaded = LedgerLoader.Load(TheLedger, "MIGRATIONS.md", options);
        Assert.IsNotNull(loaded.Set, LedgerText.Describe(loaded.Diagnostics));
        return loaded.Set;
    }

    private static ScopeDefinition SystemScope(string connectionString) => new(Scopes.System) { Engine = "postgres", Database = connectionString };

    private static ScopeDefinition Tenants(string database, string? schema = "tenant_{user}") => new("tenant")
    {
        Engine = "postgres", Database = database, Schema = schema, From = Scopes.System, Query = "SELECT name, shard FROM tenants ORDER BY name",
    };

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), global::System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    /// <summary>The system database, migrated, listing <paramref name="count"/> tenants.</summary>
    private static async Task<(string System, CountingEngine Engine)> WithTenantsAsync(int count)
    {
        string system = await Server.NewDatabaseAsync();
        var engine = new CountingEngine(new PostgresEngine(new PostgresTargetResolver()));
        var only = new ScopeTargets(new ScopeLayout([SystemScope(system)]), new EngineRegistry(engine));
        await new MigrationRunner(only).ApplyAsync(Set(), Apply);
        await ExecuteAsync(system, $"INSERT INTO tenants (name) SELECT 'n' || lpad(i::text, 5, '0') FROM generate_series(1, {count}) AS i");
        return (system, engine);
    }

    [TestMethod]
    public async Task ABatchReadsWhatEachTenantsOwnConnectionReads()
    {
        (string system, CountingEngine engine) = await WithTenantsAsync(3);
        var targets = new ScopeTargets(new ScopeLayout([SystemScope(system), Tenants(system)]), new EngineRegistry(engine));
        await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
        await ExecuteAsync(system, "CREATE SCHEMA tenant_bare; CREATE SCHEMA \"tenant_Odd\"\"Name\"");
        var resolver = new PostgresTargetResolver();
        IMemberResolver members = resolver.Members(Tenants(system), null);
        UserDatabase[] resolved =
        [
            members.Resolve("n00001", new Dictionary<string, string>()), members.Resolve("bare", new Dictionary<string, string>()),
            members.Resolve("nobody", new Dictionary<string, string>()), members.Resolve("n00003", new Dictionary<string, string>()),
            resolver.Members(Tenants(Server.Instance.ConnectionString("missing_" + Guid.NewGuid().ToString("N"))), null)
                .Resolve("n00001", new Dictionary<string, string>()),
        ];
        DatabaseTarget[] asked = resolved.Select(u => u.Target!).ToArray();

        engine.TenantOpens = 0;
        IJournalBatchReader reader = engine.TryGet<IJournalBatchReader>()!;
        IReadOnlyList<JournalSnapshot?> snapshots = await reader.ReadManyAsync(asked, CancellationToken.None);

        Assert.AreEqual(0, engine.TenantOpens, "the batch opens no tenant");
        Assert.IsTrue(snapshots[0]!.Exists);
        await using (IMigrationConnection own = await engine.OpenReadOnlyAsync(asked[0], CancellationToken.None))
        {
            JournalState read = await own.ReadJournalAsync(CancellationToken.None);
            CollectionAssert.AreEqual(read.Entries.ToArray(), snapshots[0]!.Journal.Entries.ToArray(), "the same rows, in the same order");
        }

        Assert.AreEqual("1.1.0", snapshots[3]!.Journal.Current.Normalized);
        Assert.IsTrue(snapshots[1]!.Exists, "a schema without a journal exists");
        Assert.IsFalse(snapshots[1]!.Journal.TableExists);
        Assert.IsFalse(snapshots[2]!.Exists, "no such schema");
        Assert.IsNull(snapshots[4], "a database with one member is not read by the batch: that member is opened the usual way");
    }

    [TestMethod]
    public async Task ANoOpOverHundredsOfSchemasOpensNoTenantAndStatusNeither()
    {
        (string system, CountingEngine engine) = await WithTenantsAsync(700);
        var targets = new ScopeTargets(new ScopeLayout([SystemScope(system), Tenants(system)]), new EngineRegistry(engine));
        RunResult first = await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
        Assert.AreEqual(700, first.Scopes[1].Count(DatabaseOutcome.Migrated), string.Join("\n", first.Scopes[1].Databases.Take(3).Select(d => d.Describe())));

        engine.TenantOpens = 0;
        RunResult noOp = await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
        Assert.AreEqual(0, noOp.ExitCode);
        Assert.AreEqual(700, noOp.Scopes[1].Count(DatabaseOutcome.Current));
        Assert.AreEqual(0, engine.TenantOpens, "every tenant is settled from the batch");

        await ExecuteAsync(system, "INSERT INTO tenants (name) VALUES ('late')");
        InspectionResult status = await new LedgerInspector(targets).InspectAsync(Set(), null, integrity: null);
        Assert.AreEqual(0, engine.TenantOpens, "status reads the batch too");
        DatabaseInspection late = status.Scopes[1].Databases.Single(d => d.Target.Name == "late");
        Assert.IsFalse(late.Exists);
        Assert.AreEqual(2, late.Plan!.Pending.Count);
        Assert.AreEqual(700, status.Scopes[1].Databases.Count(d => d.Plan!.Status == PlanStatus.Current));
    }

    [TestMethod]
    public async Task ParallelTenantsOfOneDatabaseShareAPoolNoLargerThanTheBound()
    {
        (string system, CountingEngine engine) = await WithTenantsAsync(40);
        var targets = new ScopeTargets(new ScopeLayout([SystemScope(system), Tenants(system)]), new EngineRegistry(engine));
        RunResult run = await new MigrationRunner(targets).ApplyAsync(Set(), Apply with { Parallelism = 3 });
        Assert.AreEqual(0, run.ExitCode);

        // The pool keeps the connections it opened (idle) while the engine lives: at most the parallel workers', and
        // the one that reads journals ahead.
        string database = PostgresLocation.Parse(system).Database;
        List<string> open = await ColumnAsync(Server.Instance.ConnectionString(),
            $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'");
        Assert.IsLessThanOrEqualTo(4, int.Parse(open[0], global::System.Globalization.CultureInfo.InvariantCulture), $"{open[0]} connections for --parallel 3");
    }

    [TestMethod]
    [DataRow("", DisplayName = "the template says nothing of pooling")]
    [DataRow(";Pooling=true", DisplayName = "the template says Pooling=true")]
    public async Task ADatabasePerTenantSetCreatesEachDatabaseAndLeavesNoIdleConnectionOnThem(string pooling)
    {
        (string system, CountingEngine engine) = await WithTenantsAsync(0);
        string prefix = "tn" + Guid.NewGuid().ToString("N")[..8] + "_";
        await ExecuteAsync(system, "INSERT INTO tenants (name) VALUES ('alice'), ('bob'), ('carol')");
        string template = Server.Instance.ConnectionString(prefix + "{user}") + pooling;
        var targets = new ScopeTargets(new ScopeLayout([SystemScope(system), Tenants(template, schema: null)]), new EngineRegistry(engine));

        RunResult run = await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
        Assert.AreEqual(0, run.ExitCode, string.Join("\n", run.Scopes.SelectMany(s => s.Databases).Select(d => d.Describe())));
        Assert.AreEqual(3, run.Scopes[1].Count(DatabaseOutcome.Migrated));
        CollectionAssert.AreEqual(new[] { prefix + "alice", prefix + "bob", prefix + "carol" },
            await ColumnAsync(Server.Instance.ConnectionString(), $"SELECT datname FROM pg_database WHERE datname LIKE '{prefix}%' ORDER BY 1"));
        CollectionAssert.AreEqual(new[] { "1.1.0" }, await ColumnAsync(Server.Instance.ConnectionString(prefix + "bob"), "SELECT max(to_version) FROM public.ledger_history"));

        Assert.AreEqual("0", await ConnectionsLeftAsync(prefix), "no pool keeps connections to the tenants' databases");

        // A database of one tenant is not read by the journal batch (one connection per database, one after another,
        // before the fan-out): each tenant is opened the usual way, in parallel, and closed when done.
        engine.TenantOpens = 0;
        RunResult noOp = await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
        Assert.AreEqual(3, noOp.Scopes[1].Count(DatabaseOutcome.Current));
        Assert.AreEqual(3, engine.TenantOpens, "each tenant's database is opened in the fan-out, not settled by the batch");
        Assert.AreEqual("0", await ConnectionsLeftAsync(prefix), "no connection left on the tenants' databases");
    }

    // The backends on databases named prefix…. A closed connection's backend leaves pg_stat_activity when it has
    // exited, a moment after the client closed it (later on a loaded machine): the count is read again until it is
    // zero, a bounded number of times. A pool keeps its idle connections for minutes, so a leak still shows.
    private static async Task<string> ConnectionsLeftAsync(string prefix)
    {
        string count = "";
        for (int i = 0; i < 300 && count != "0"; i++)
        {
            if (i > 0) await Task.Delay(10);
            count = (await ColumnAsync(Server.Instance.ConnectionString(), $"SELECT count(*) FROM pg_stat_activity WHERE datname LIKE '{prefix}%'"))[0];
        }

        return count;
    }

    [TestMethod]
    public async Task APlaceholderInHostPutsEachTenantOnItsServer()
    {
        using PostgresServer second = PostgresServer.Start();
        (string system, CountingEngine engine) = await WithTenantsAsync(0);
        string first = Path.GetFileName(Server.Instance.Directory);
        string other = Path.GetFileName(second.Directory);
        await ExecuteAsync(system, $"INSERT INTO tenants VALUES ('alice', '{first}'), ('bob', '{other}')");
        string folder = Path.GetDirectoryName(Server.Instance.Directory)!;
        ScopeDefinition set = Tenants($"Host={folder}/{{shard}};Username=postgres;Database=postgres");
        await using (engine)
        {
            var targets = new ScopeTargets(new ScopeLayout([SystemScope(system), set]), new EngineRegistry(engine));
            RunResult run = await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
            Assert.AreEqual(0, run.ExitCode, string.Join("\n", run.Scopes.SelectMany(s => s.Databases).Select(d => d.Describe())));
        }

        CollectionAssert.AreEqual(new[] { "tenant_alice" }, await ColumnAsync(Server.Instance.ConnectionString(), "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant_%'"));
        CollectionAssert.AreEqual(new[] { "tenant_bob" }, await ColumnAsync(second.ConnectionString(), "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant_%'"));
    }

    [TestMethod]
    public async Task HostileTenantNamesCreateNothingAndDropNothing()
    {
        (string system, CountingEngine engine) = await WithTenantsAsync(0);
        await ExecuteAsync(system, "INSERT INTO tenants (name) VALUES ('alice')");
        var targets = new ScopeTargets(new ScopeLayout([SystemScope(system), Tenants(system)]), new EngineRegistry(engine));
        await new MigrationRunner(targets).ApplyAsync(Set(), Apply);
        List<string> before = await ColumnAsync(system, "SELECT nspname FROM pg_namespace ORDER BY 1");

        string[] hostile =
        [
            .. HostileNames.UserNames.Where(n => !n.Contains('\0', StringComparison.Ordinal)),
            "x\"; DROP SCHEMA tenant_alice CASCADE; --", "alice'); DROP TABLE tenants; --", "tenant_alice\" CASCADE", new string('z', 60),
        ];
        await using (var connection = new NpgsqlConnection(system))
        {
            await connection.OpenAsync();
            foreach (string name in hostile)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO tenants (name) VALUES ($1) ON CONFLICT DO NOTHING", connection) { Parameters = { new() { Value = name } } };
                await insert.ExecuteNonQueryAsync();
            }
        }

        RunResult run = await new MigrationRunner(targets).ApplyAsync(Set(), Apply);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Current, run.Scopes[1].Databases.Single(d => d.Target.Name == "alice").Outcome);
        Assert.IsTrue(run.Scopes[1].Databases.Where(d => d.Target.Name != "alice").All(d => d.Outcome == DatabaseOutcome.Failed && d.Message!.Contains("rejected", StringComparison.Ordinal)),
            string.Join("\n", run.Scopes[1].Databases.Where(d => d.Outcome != DatabaseOutcome.Failed).Select(d => d.Describe())));
        CollectionAssert.AreEqual(before, await ColumnAsync(system, "SELECT nspname FROM pg_namespace ORDER BY 1"), "no schema created, none dropped");
        CollectionAssert.AreEqual(new[] { "alice" }, await ColumnAsync(system, "SELECT name FROM tenants WHERE name = 'alice'"));
        CollectionAssert.AreEqual(new[] { "1.1.0" }, await ColumnAsync(system, "SELECT max(to_version) FROM tenant_alice.ledger_history"));
    }

    /// <summary>The PostgreSQL engine, counting how often a tenant (a member of a set) is opened.</summary>
    private sealed class CountingEngine(PostgresEngine inner) : IDatabaseEngine, IAsyncDisposable
    {
        private int _tenantOpens;

        public int TenantOpens
        {
            get => Volatile.Read(ref _tenantOpens);
            set => Volatile.Write(ref _tenantOpens, value);
        }

        public string Name => inner.Name;

        public IJournalDialect Dialect => inner.Dialect;

        public ITargetResolver Targets => inner.Targets;

        public T? TryGet<T>() where T : class => inner.TryGet<T>();

        public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

        public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
        {
            if (!target.IsSingle) Interlocked.Increment(ref _tenantOpens);
            return inner.OpenAsync(target, create, cancellationToken);
        }

        public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken)
        {
            if (!target.IsSingle) Interlocked.Increment(ref _tenantOpens);
            return inner.OpenReadOnlyAsync(target, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
