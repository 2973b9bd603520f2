using Npgsql;

namespace Ledger.Reliability.Tests.Postgres;

/// <summary>
/// The private PostgreSQL server of this run (<see cref="PostgresServer"/>), started by the first test that needs it
/// (so a run of the SQLite tests alone starts none) and stopped after the last test. Each test makes its own database.
/// </summary>
[TestClass]
public static class PgServer
{
    private static readonly Lazy<PostgresServer> Server = new(() => PostgresServer.Start(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running server.</summary>
    public static PostgresServer Instance => Server.Value;

    [AssemblyCleanup]
    public static void Stop()
    {
        if (Server.IsValueCreated) Server.Value.Dispose();
    }

    /// <summary>A new, empty database of its own; returns its connection string.</summary>
    public static string NewDatabase(string prefix)
    {
        string name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 13)];
        Execute(Instance.ConnectionString(), $"CREATE DATABASE \"{name}\"");
        return Instance.ConnectionString(name);
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = Open(connectionString);
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static NpgsqlConnection Open(string connectionString)
    {
        // No pooling: a test's own connections end with it, and never count as a killed run's leftover sessions.
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Waits until no session but this one is connected to the database: after a SIGKILL, the server ends the killed
    /// client's sessions only when it notices the socket closed, and a transaction whose COMMIT was already sent may
    /// still commit. The database is audited after that, as the next run would find it.
    /// </summary>
    public static void WaitForNoOtherSession(string connectionString)
    {
        using var connection = Open(connectionString);
        using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((long)command.ExecuteScalar()! != 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the killed run's sessions were still open after 60 s");
            Thread.Sleep(10);
        }
    }
}
