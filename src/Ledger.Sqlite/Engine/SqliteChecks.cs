using Ledger.Execution;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// The check before each step's commit: <c>PRAGMA foreign_key_check</c> (foreign keys are off while steps run, see
/// <see cref="SqliteJournalDialect.SessionSetup"/>). Run on the connection's shared command, not kept prepared: SQLite
/// compiles it for the tables that have foreign keys when it is prepared, and a step may have changed them.
/// </summary>
internal sealed class SqliteForeignKeyVerification : IPreCommitVerification
{
    public string Sql => SqliteForeignKeys.Statement;

    public Task<ForeignKeyReport> VerifyAsync(IMigrationConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult(SqliteForeignKeys.Check(SqliteMigrationConnection.Of(connection).Command()));
}

/// <summary>SQLite's <c>PRAGMA quick_check</c>, or <c>PRAGMA integrity_check</c> when full.</summary>
internal sealed class SqliteIntegrityCheck : IIntegrityCheck
{
    public string Name(bool full) => full ? "integrity_check" : "quick_check";

    public string Sql(bool full) => "PRAGMA " + Name(full);

    public Task<IReadOnlyList<string>> CheckAsync(IMigrationConnection connection, bool full, CancellationToken cancellationToken)
    {
        SqliteCommand command = SqliteMigrationConnection.Of(connection).Command(Sql(full));
        var problems = new List<string>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            string line = reader.GetString(0);
            if (line != "ok") problems.Add(line);
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }
}
