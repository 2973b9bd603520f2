using System.Collections.Concurrent;
using Npgsql;

namespace Ledger.Postgres.Engine;

/// <summary>
/// One Npgsql data source (a connection pool) per server connection string (<see cref="Targets.PostgresLocation.ServerConnectionString"/>):
/// every tenant schema of a database shares its pool, so a run over a thousand schemas opens as many connections as
/// it runs tenants at once, not one per tenant.
/// </summary>
public sealed class PostgresPools : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _sources = new(StringComparer.Ordinal);

    /// <summary>An open connection from the pool of <paramref name="serverConnectionString"/>.</summary>
    /// <exception cref="NpgsqlException">The server cannot be reached, or the database does not exist.</exception>
    /// <remarks>
    /// A connection string that turns pooling off (a database-per-tenant member's: thousands of databases must not each
    /// keep a pool) gets a connection of its own, closed when it is disposed, and leaves nothing behind here.
    /// </remarks>
    public async ValueTask<NpgsqlConnection> OpenAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        if (_sources.TryGetValue(serverConnectionString, out Lazy<NpgsqlDataSource>? known) || new NpgsqlConnectionStringBuilder(serverConnectionString).Pooling)
        {
            known ??= _sources.GetOrAdd(serverConnectionString, s => new Lazy<NpgsqlDataSource>(() => Create(s)));
            return await known.Value.OpenConnectionAsync(cancellationToken);
        }

        // Pooling is off: the data source holds no connection, and goes with the one connection it opened.
        NpgsqlDataSource unpooled = Create(serverConnectionString);
        try
        {
            NpgsqlConnection connection = await unpooled.OpenConnectionAsync(cancellationToken);
            connection.StateChange += (_, e) =>
            {
                if (e.CurrentState == System.Data.ConnectionState.Closed) unpooled.Dispose();
            };
            return connection;
        }
        catch
        {
            await unpooled.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A data source for <paramref name="connectionString"/> that does not read the server's type catalogue when it
    /// first connects, unless the connection string chooses a compatibility mode itself. By default Npgsql first reads
    /// every type the server knows (pg_type, with ranges, domains, composites and enums): most of a no-op run's time
    /// over a thousand tenant schemas (about 1.5 s of 3.2 s, measured), and paid again for every database of a
    /// database-per-tenant set. Ledger reads back only text and integers (the journal) and a set's query columns,
    /// which arrive as text when Npgsql does not know their type (an enum, a domain).
    /// </summary>
    internal static NpgsqlDataSource Create(string connectionString)
    {
        NpgsqlSlimDataSourceBuilder builder = Builder(connectionString);
        if (!builder.ConnectionStringBuilder.ContainsKey("Server Compatibility Mode")) builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>
    /// Npgsql's slim builder with the features Ledger and its users' connection strings need: TLS (<c>SSL Mode</c>),
    /// GSS/Kerberos (<c>Integrated Security</c>), and the JSON and network types a tenant set's query may return. What it
    /// leaves out (arrays, ranges, multiranges, records, geometric and full-text types, ltree, cube, extra conversions)
    /// cost the native executable about 1.3 MB and every start-up the time to set up their type tables
    /// (docs/performance.md, "Native build"); Ledger never reads them. <see cref="NpgsqlDataSourceBuilder"/> and <c>new NpgsqlConnection(…)</c> would bring them all back.
    /// </summary>
    internal static NpgsqlSlimDataSourceBuilder Builder(string connectionString)
    {
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.EnableTransportSecurity();
        builder.EnableIntegratedSecurity();
        builder.EnableJsonTypes();
        builder.EnableNetworkTypes();
        return builder;
    }

    /// <summary>Closes every pool.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (string key in _sources.Keys)
        {
            if (_sources.TryRemove(key, out Lazy<NpgsqlDataSource>? source) && source.IsValueCreated) await source.Value.DisposeAsync();
        }
    }
}
