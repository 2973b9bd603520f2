using System.Diagnostics.CodeAnalysis;
using Ledger.Diagnostics;
using Ledger.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// Installs SQLite's authorizer on a replay connection and attributes what it reports to the ledger statement being
/// run (<see cref="Statement"/>); the replay's own queries (schema reads, seeding) run outside any statement and are
/// not recorded. Never refuses anything: it only listens.
/// </summary>
/// <remarks>
/// SQLite calls the authorizer while it prepares a statement (again if it re-prepares it after a schema change), for
/// what the statement itself names and for the bodies of the triggers it fires; not for the SQL it runs internally
/// (the <c>sqlite_schema</c> updates of <c>ALTER TABLE</c>, the rows <c>DROP COLUMN</c> rewrites). So an
/// <c>ALTER TABLE</c> is one <c>SQLITE_ALTER_TABLE</c> naming the table, whatever it does to it; <c>DROP TABLE</c> is a
/// <c>SQLITE_DROP_TABLE</c> and a <c>SQLITE_DELETE</c> of the table and a <c>SQLITE_DROP_TRIGGER</c> of each of its
/// triggers, but no <c>SQLITE_DROP_INDEX</c> of its indexes (<c>EffectsRecorderTests</c> pins these).
/// </remarks>
internal sealed class EffectsRecorder : IDisposable
{
    // The authorizer's action codes (sqlite3.h) that the recorder reads.
    private const int CreateTable = 2;
    private const int CreateTempTable = 4;
    private const int CreateTrigger = 7;
    private const int CreateView = 8;
    private const int Delete = 9;
    private const int DropIndex = 10;
    private const int DropTable = 11;
    private const int DropTrigger = 16;
    private const int DropView = 17;
    private const int Insert = 18;
    private const int Read = 20;
    private const int Update = 23;
    private const int AlterTable = 26;
    private const int CreateVirtualTable = 29;
    private const int DropVirtualTable = 30;

    private readonly List<StatementEffects> _step = [];
    private readonly SqliteConnection _connection;
    private readonly delegate_authorizer _callback;
    private StatementEffects? _current;
    private bool _disposed;

    private EffectsRecorder(SqliteConnection connection)
    {
        _connection = connection;
        // Kept in a field: the native side holds only a handle to it.
        _callback = OnAuthorize;
    }

    /// <summary>Installs the recorder on <paramref name="connection"/> (one per connection).</summary>
    public static EffectsRecorder Attach(SqliteConnection connection)
    {
        var recorder = new EffectsRecorder(connection);
        raw.sqlite3_set_authorizer(connection.Handle, recorder._callback, null);
        return recorder;
    }

    /// <summary>Attributes what SQLite reports until the returned scope is disposed to <paramref name="statement"/>.</summary>
    public IDisposable Statement(SqlStatement statement, SourceLocation location)
    {
        var effects = new StatementEffects(statement, location);
        _step.Add(effects);
        _current = effects;
        return new Scope(this, effects);
    }

    /// <summary>The effects of the statements recorded since the last call, in order, and forgets them.</summary>
    /// <summary>
    /// Whether the statements recorded since the last <see cref="TakeStep"/> may have left a row without its parent:
    /// they wrote rows (insert, update, delete; a write the authorizer does not report, such as one to <c>sqlite_master</c>,
    /// counts by its statement's first word), dropped or altered a table, or changed a setting (<c>PRAGMA</c>). A step
    /// that only creates tables, indexes, views or triggers cannot: a new table is empty until the replay seeds it, and
    /// the seeder leaves no orphan.
    /// </summary>
    public bool StepMayBreakForeignKeys() => _step.Any(e =>
        e.Inserts.Count > 0 || e.Updates.Count > 0 || e.Deletes.Count > 0 || e.DroppedTables.Count > 0 || e.AlteredTables.Count > 0 ||
        e.Statement.Keyword(0) is "PRAGMA" or "INSERT" or "UPDATE" or "DELETE" or "REPLACE" or "WITH");

    public IReadOnlyList<StatementEffects> TakeStep()
    {
        StatementEffects[] step = [.. _step];
        _step.Clear();
        return step;
    }

    /// <summary>Removes the authorizer.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _current = null;
        if (_connection.Handle is { IsInvalid: false } handle)
        {
            raw.sqlite3_set_authorizer(handle, (delegate_authorizer?)null, null);
        }
    }

    private int OnAuthorize(object userData, int action, utf8z param0, utf8z param1, utf8z database, utf8z triggerOrView)
    {
        // Most callbacks are of actions the recorder ignores, or come outside a statement: no string is made for them.
        if (_current is not StatementEffects effects || action is not (Read or Insert or Update or Delete or CreateTable or CreateTempTable
                or CreateTrigger or CreateView or CreateVirtualTable or DropTable or DropVirtualTable or DropIndex or DropTrigger or DropView or AlterTable))
        {
            return raw.SQLITE_OK;
        }

        // SQLite passes the database's name first and the table's second for ALTER TABLE.
        string? name = action == AlterTable ? param1.utf8_to_string() : param0.utf8_to_string();
        if (!IsUserTable(name)) return raw.SQLITE_OK;
        if (string.Equals(database.utf8_to_string(), "temp", StringComparison.OrdinalIgnoreCase))
        {
            // A TEMP table (SQLite's own drop-column recipe backs the rows up in one): only the data that goes through it
            // counts; its schema changes are not the ledger's schema and are not followed.
            if (action is not (Read or Insert or Update or Delete or CreateTempTable)) return raw.SQLITE_OK;
            effects.Temporary.Add(name);
        }

        switch (action)
        {
            case Read:
                effects.Reads.Add((name, param1.utf8_to_string() ?? ""));
                break;
            case Insert:
                effects.Inserts.Add(name);
                break;
            case Update:
                effects.Updates.Add((name, param1.utf8_to_string() ?? ""));
                break;
            case Delete:
                effects.Deletes.Add(name);
                break;
            case CreateTable or CreateTempTable or CreateVirtualTable:
                effects.CreatedTables.Add(name);
                break;
            case CreateTrigger or CreateView:
                effects.CreatedViewsAndTriggers.Add(name);
                break;
            case DropTable or DropVirtualTable:
                effects.DroppedTables.Add(name);
                break;
            case DropIndex:
                effects.DroppedIndexes.Add(name);
                break;
            case DropTrigger:
                effects.DroppedTriggers.Add(name);
                break;
            case DropView:
                effects.DroppedViews.Add(name);
                break;
            default:
                effects.AlteredTables.Add(name);
                break;
        }

        return raw.SQLITE_OK;
    }

    private static bool IsUserTable([NotNullWhen(true)] string? name) => !string.IsNullOrEmpty(name) && !name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>INSERT INTO t SELECT * FROM s</c> between tables of the same shape copies the rows as they are stored, without
    /// resolving a column (SQLite's transfer optimisation): the authorizer hears no <c>SQLITE_READ</c>. It reads every
    /// column of <c>s</c>, so the recorder says so, asking the connection for them once the statement has run.
    /// </summary>
    private void CompleteTransfer(StatementEffects effects)
    {
        if (effects.Inserts.Count == 0 || effects.Statement.Keyword(0) is not ("INSERT" or "REPLACE")) return;
        IReadOnlyList<string> w = effects.Statement.Whole().Words;
        int select = -1;
        for (int i = 0; i + 3 < w.Count; i++)
        {
            if (w[i].Equals("SELECT", StringComparison.OrdinalIgnoreCase) && w[i + 1] == "*" && w[i + 2].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                select = i;
                break;
            }
        }

        if (select < 0) return;
        string source = select + 5 < w.Count && w[select + 4] == "." ? w[select + 5] : w[select + 3];
        if (!IsUserTable(source) || effects.Reads.Any(r => r.Table.Equals(source, StringComparison.OrdinalIgnoreCase))) return;
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($t)";
        command.Parameters.AddWithValue("$t", source);
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read()) effects.Reads.Add((source, reader.GetString(0)));
        }
        catch (SqliteException)
        {
            // The statement failed and its transaction with it: the replay reports that, and reads no effects.
        }
    }

    private sealed class Scope(EffectsRecorder recorder, StatementEffects effects) : IDisposable
    {
        public void Dispose()
        {
            if (!ReferenceEquals(recorder._current, effects)) return;
            recorder._current = null;
            if (!recorder._disposed) recorder.CompleteTransfer(effects);
        }
    }
}
