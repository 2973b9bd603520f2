using Ledger.Execution;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// SQLite's databases are files: how many the process can have open at once within its limit of open files
/// (<see cref="SqliteProcess.OpenDatabaseCapacity"/>, four descriptors a database), for the tool to lower its parallelism
/// to when SQLite scopes are in the run.
/// </summary>
internal sealed class SqliteOpenFiles : IOpenDatabaseLimit
{
    public static SqliteOpenFiles Instance { get; } = new();

    /// <inheritdoc />
    public int? OpenDatabaseCapacity() => SqliteProcess.OpenDatabaseCapacity();
}
