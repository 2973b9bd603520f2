using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Testing;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// One test's database on the private server, the engine, and the scopes of a schema-per-tenant layout: a system
/// scope in <c>public</c> and a <c>user</c> set whose members are the schemas <c>tenant_{user}</c>, listed by the
/// system database's <c>users</c> table.
/// </summary>
internal sealed class PgWorkspace : IAsyncDisposable
{
    private PgWorkspace(string connectionString)
    {
        ConnectionString = connectionString;
        Engine = NewEngine();
    }

    /// <summary>The test's own database.</summary>
    public string ConnectionString { get; }

    public PostgresEngine Engine { get; }

    /// <summary>Another engine (its own pools: its own sessions), for a second runner.</summary>
    public PostgresEngine NewEngine() => new(new SchemaTargets());

    public static async Task<PgWorkspace> CreateAsync() => new(await Server.NewDatabaseAsync());

    /// <summary>The system database (schema public).</summary>
    public DatabaseTarget System => DatabaseTarget.Single(Scopes.System, ConnectionString);

    /// <summary>A tenant: the schema <c>tenant_{name}</c> of the test's database.</summary>
    public DatabaseTarget Tenant(string name) => new(Scopes.User, name, PostgresLocation.Of(ConnectionString, "tenant_" + name));

    public ScopeDefinition SystemScope => new(Scopes.System) { Engine = "postgres", Database = ConnectionString };

    public ScopeDefinition UserScope => new(Scopes.User)
    {
        Engine = "postgres", Database = ConnectionString, Schema = "tenant_{user}", From = Scopes.System, Query = "SELECT name FROM users ORDER BY name",
    };

    public ScopeTargets Targets(params ScopeDefinition[] scopes) =>
        new(new ScopeLayout(scopes.Length == 0 ? [SystemScope, UserScope] : scopes), new EngineRegistry(Engine));

    public MigrationRunner Runner(params ScopeDefinition[] scopes) => new(Targets(scopes));

    /// <summary>A runner of the default layout on <paramref name="engine"/>.</summary>
    public MigrationRunner Runner(PostgresEngine engine) => new(new ScopeTargets(new ScopeLayout([SystemScope, UserScope]), new EngineRegistry(engine)));

    public DatabaseMigrator Migrator() => new(Engine, NullLogger.Instance, TimeProvider.System);

    /// <summary>Reads a ledger whose scopes are PostgreSQL's: checked by its rules, its blocks split as PostgreSQL does.</summary>
    public static MigrationSet Load(string ledger)
    {
        LoadedLedger loaded = LedgerLoader.Load(ledger, LedgerText.FileName, new LintOptions
        {
            Engines = ["postgres"], EngineRules = [global::Ledger.Postgres.Linting.PostgresLintRules.Instance],
            ScopeEngines = new Dictionary<string, string> { [Scopes.System] = "postgres", [Scopes.User] = "postgres" },
        });
        Assert.IsNotNull(loaded.Set, LedgerText.Describe(loaded.Diagnostics));
        return loaded.Set;
    }

    public Task<DatabaseResult> MigrateAsync(DatabaseTarget target, MigrationSet set, string version, ApplyOptions? options = null, bool create = true) =>
        Migrator().MigrateAsync(target, set, SemVersion.Parse(version), options ?? new ApplyOptions { Backup = false }, create, CancellationToken.None);

    /// <summary>Runs SQL on the test's database and returns the first column of each row as text.</summary>
    public async Task<List<string?>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var values = new List<string?>();
        do
        {
            while (await reader.ReadAsync()) values.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), global::System.Globalization.CultureInfo.InvariantCulture));
        }
        while (await reader.NextResultAsync());
        return values;
    }

    /// <summary>The tables of a schema, sorted.</summary>
    public async Task<List<string?>> TablesAsync(string schema) =>
        await QueryAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}' ORDER BY table_name");

    /// <summary>The journal of a schema as <c>from→to kind</c>, in edge order.</summary>
    public async Task<List<string?>> JournalAsync(string schema) =>
        await QueryAsync($"SELECT from_version || '→' || to_version || ' ' || kind FROM \"{schema}\".ledger_history ORDER BY applied_at, to_version");

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
