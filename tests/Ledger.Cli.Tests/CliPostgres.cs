namespace Ledger.Cli.Tests;

/// <summary>
/// The private PostgreSQL server of this test run (<see cref="PostgresServer"/>), started by the first test that asks
/// for it and stopped after the last test: the suites that need no server do not pay for one.
/// </summary>
[TestClass]
public static class CliPostgres
{
    private static readonly Lazy<PostgresServer> Started = new(() => PostgresServer.Start(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running server.</summary>
    public static PostgresServer Server => Started.Value;

    [AssemblyCleanup]
    public static void Stop()
    {
        if (Started.IsValueCreated) Started.Value.Dispose();
    }
}
