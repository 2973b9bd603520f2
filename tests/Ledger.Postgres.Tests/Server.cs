using Ledger.Testing;
using Npgsql;

namespace Ledger.Postgres.Tests;

/// <summary>
/// The private PostgreSQL server of this test run (<see cref="PostgresServer"/>): started once before the first test,
/// stopped after the last. Each test makes its own database (<see cref="NewDatabaseAsync"/>), so tests run in parallel
/// without seeing each other.
/// </summary>
[TestClass]
public static class Server
{
    private static PostgresServer? _server;

    /// <summary>The running server.</summary>
    public static PostgresServer Instance => _server ?? throw new InvalidOperationException("the PostgreSQL server was not started");

    [AssemblyInitialize]
    public static void Start(TestContext context) => _server = PostgresServer.Start();

    [AssemblyCleanup]
    public static void Stop()
    {
        _server?.Dispose();
        _server = null;
    }

    /// <summary>A connection string to a new, empty database of its own (dropped with the server at the end of the run).</summary>
    public static async Task<string> NewDatabaseAsync(string prefix = "t")
    {
        string name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await using var connection = new NpgsqlConnection(Instance.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Instance.ConnectionString(name);
    }
}
