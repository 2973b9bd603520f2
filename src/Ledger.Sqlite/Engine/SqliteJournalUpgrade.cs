using Ledger.Execution;
using Ledger.Journal;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// A journal table made before no-transaction steps existed has a <c>CHECK</c> on <c>kind</c> that refuses
/// <c>started</c>, and SQLite cannot change a constraint in place. Before such a database's first no-transaction step,
/// the table is rebuilt with the current definition in one transaction (made under another name, every row copied, the
/// old table dropped, the new one renamed): all or nothing, so no row is lost however the run ends. Asked only when a
/// no-transaction step is pending; a table whose definition has no such <c>CHECK</c> (recreated by hand without it)
/// already accepts <c>started</c> and is left as it is.
/// </summary>
internal sealed class SqliteJournalUpgrade : IJournalUpgrade
{
    private const string Rebuilt = "main.ledger_history_rebuilt";

    /// <inheritdoc />
    public Task<bool> IsNeededAsync(IMigrationConnection connection, CancellationToken cancellationToken)
    {
        object? sql = SqliteMigrationConnection.Of(connection).Scalar("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'ledger_history'");
        return Task.FromResult(sql is string definition && definition.Contains("'baselined'", StringComparison.Ordinal) &&
                               !definition.Contains("'started'", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Statements { get; } =
    [
        SqliteJournalDialect.TableDefinition(Rebuilt),
        $"INSERT INTO {Rebuilt} (scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind) " +
        "SELECT scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind FROM main.ledger_history",
        "DROP TABLE main.ledger_history",
        $"ALTER TABLE {Rebuilt} RENAME TO ledger_history",
    ];
}
