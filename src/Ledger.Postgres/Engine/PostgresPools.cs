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
    public ValueTask<NpgsqlConnection> OpenAsync(string serverConnectionString, CancellationToken cancellationToken) =>
        _sources.GetOrAdd(serverConnectionString, s => new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(s))).Value
            .OpenConnectionAsync(cancellationToken);

    /// <summary>Closes the pool of <paramref name="serverConnectionString"/> (a database-per-tenant tenant that is done); the next use opens a new one.</summary>
    public async ValueTask CloseAsync(string serverConnectionString)
    {
        if (_sources.TryRemove(serverConnectionString, out Lazy<NpgsqlDataSource>? source) && source.IsValueCreated)
        {
            await source.Value.DisposeAsync();
        }
    }

    /// <summary>Closes every pool.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (string key in _sources.Keys) await CloseAsync(key);
    }
}
