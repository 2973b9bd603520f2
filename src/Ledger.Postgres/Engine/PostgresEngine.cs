using Ledger.Execution;
using Ledger.Journal;
using Ledger.Postgres.Linting;
using Ledger.Postgres.Sql;
using Ledger.Postgres.Targets;
using Ledger.Sql;
using Ledger.Targets;
using Npgsql;

namespace Ledger.Postgres.Engine;

/// <summary>
/// PostgreSQL databases through Npgsql. A target's location is a connection string whose <c>Search Path</c> names the
/// schema holding the journal and the scope's objects (<see cref="PostgresLocation"/>). Connections come from one pool
/// per database (<see cref="PostgresPools"/>), shared by all the tenant schemas of that database. A step is one
/// transaction holding an advisory lock on its target; a no-transaction block holds a session-level one.
/// Backups are the server's job (point-in-time recovery, <c>pg_dump</c>): this engine takes none.
/// </summary>
public sealed class PostgresEngine : IDatabaseEngine, IAsyncDisposable
{
    /// <summary>The engine's name, as scopes name it (<c>"engine": "postgres"</c>); lint rules use it too.</summary>
    public const string EngineName = "postgres";

    /// <summary>The database a server always has, from which a missing database is created.</summary>
    public const string MaintenanceDatabase = "postgres";

    // How the engine splits a block into statements: as PostgreSQL does (dollar quotes, E'' strings, BEGIN ATOMIC).
    private static readonly IStatementSplitter Splitter = PostgresStatementSplitter.Instance;

    private readonly PostgresJournalDialect _dialect = new();

    /// <summary>Creates an engine.</summary>
    /// <param name="targets">Where its databases are (the scopes' settings turned into locations).</param>
    public PostgresEngine(ITargetResolver targets)
    {
        Targets = targets;
        _batches = new PostgresJournalBatchReader(Pools, _dialect.TableName);
    }

    // Reads many tenants' journals in a few round trips (a no-op over thousands of schemas).
    private readonly PostgresJournalBatchReader _batches;

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    public IJournalDialect Dialect => _dialect;

    /// <inheritdoc />
    public ITargetResolver Targets { get; }

    /// <summary>The connection pools, one per database.</summary>
    public PostgresPools Pools { get; } = new();

    /// <inheritdoc />
    public T? TryGet<T>() where T : class => Splitter as T ?? PostgresLintRules.Instance as T ?? _batches as T ?? PostgresInvalidIndexCheck.Instance as T;

    /// <inheritdoc />
    /// <remarks>The database must exist, and so must the schema unless it is <c>public</c>.</remarks>
    public async Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        PostgresLocation location = PostgresLocation.Parse(target.Location);
        NpgsqlConnection connection;
        try
        {
            connection = await Pools.OpenAsync(location.ServerConnectionString, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }

        await using (connection)
        {
            await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = $1)", connection)
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = location.Schema } },
            };
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// With <paramref name="create"/>: a missing database is created from the server's maintenance database
    /// (<c>CREATE DATABASE</c>), and the schema with <c>CREATE SCHEMA IF NOT EXISTS</c> (sent with the first read).
    /// Another runner creating the same one at the same moment is not an error.
    /// </remarks>
    public async Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
    {
        PostgresLocation location = PostgresLocation.Parse(target.Location);
        NpgsqlConnection connection;
        try
        {
            connection = await Pools.OpenAsync(location.ServerConnectionString, cancellationToken);
        }
        catch (PostgresException e) when (create && e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await CreateDatabaseAsync(location, cancellationToken);
            connection = await Pools.OpenAsync(location.ServerConnectionString, cancellationToken);
        }

        return new PostgresMigrationConnection(target, connection, _dialect, location.Schema,
            createSchema: create && location.Schema != PostgresLocation.DefaultSchema, readOnly: false);
    }

    /// <inheritdoc />
    public async Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        PostgresLocation location = PostgresLocation.Parse(target.Location);
        NpgsqlConnection connection = await Pools.OpenAsync(location.ServerConnectionString, cancellationToken);
        return new PostgresMigrationConnection(target, connection, _dialect, location.Schema, createSchema: false, readOnly: true);
    }

    private async Task CreateDatabaseAsync(PostgresLocation location, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(location.ServerConnectionString) { Database = MaintenanceDatabase };
        await using NpgsqlConnection connection = await Pools.OpenAsync(builder.ConnectionString, cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {PostgresJournalDialect.Identifier(location.Database)}", connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another runner created it at the same moment: it exists, which is what was asked.
        }
    }

    /// <summary>Closes every pool.</summary>
    public ValueTask DisposeAsync() => Pools.DisposeAsync();
}
