using Ledger.Diagnostics;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// What one statement of a replayed step touched, as SQLite's authorizer reported it while preparing the statement:
/// the columns it read, the tables it wrote, and the schema objects it created, altered or dropped. The schema diff
/// (<see cref="StepChanges"/>) reads it to tell a rebuild that copies a column from one that loses it.
/// Names are as SQLite reports them; every set compares them case-insensitively, as SQLite does.
/// </summary>
internal sealed class StatementEffects(SqlStatement statement, SourceLocation location)
{
    /// <summary>The statement.</summary>
    public SqlStatement Statement { get; } = statement;

    /// <summary>Where it is in the ledger.</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>Columns read (<c>SQLITE_READ</c>): table and column.</summary>
    public HashSet<(string Table, string Column)> Reads { get; } = new(TableColumnComparer.Instance);

    /// <summary>Tables inserted into (<c>SQLITE_INSERT</c>).</summary>
    public HashSet<string> Inserts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Columns updated (<c>SQLITE_UPDATE</c>): table and column.</summary>
    public HashSet<(string Table, string Column)> Updates { get; } = new(TableColumnComparer.Instance);

    /// <summary>Tables deleted from (<c>SQLITE_DELETE</c>).</summary>
    public HashSet<string> Deletes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tables created (<c>SQLITE_CREATE_TABLE</c>, also <c>CREATE TABLE … AS SELECT</c>).</summary>
    public HashSet<string> CreatedTables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Views and triggers created in the main database (<c>SQLITE_CREATE_VIEW</c>, <c>SQLITE_CREATE_TRIGGER</c>).</summary>
    public HashSet<string> CreatedViewsAndTriggers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tables dropped (<c>SQLITE_DROP_TABLE</c>).</summary>
    public HashSet<string> DroppedTables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes dropped explicitly (<c>SQLITE_DROP_INDEX</c>).</summary>
    public HashSet<string> DroppedIndexes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Triggers dropped explicitly (<c>SQLITE_DROP_TRIGGER</c>).</summary>
    public HashSet<string> DroppedTriggers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Views dropped explicitly (<c>SQLITE_DROP_VIEW</c>).</summary>
    public HashSet<string> DroppedViews { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tables altered (<c>SQLITE_ALTER_TABLE</c>: rename, add, drop or rename a column).</summary>
    public HashSet<string> AlteredTables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tables of the <c>temp</c> database among those above (read, written or created): they are gone when apply's
    /// connection closes, so values copied into one are kept only if a later statement copies them out again.
    /// </summary>
    public HashSet<string> Temporary { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Compares (table, column) pairs case-insensitively.</summary>
    internal sealed class TableColumnComparer : IEqualityComparer<(string Table, string Column)>
    {
        public static TableColumnComparer Instance { get; } = new();

        public bool Equals((string Table, string Column) x, (string Table, string Column) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Table, y.Table) && StringComparer.OrdinalIgnoreCase.Equals(x.Column, y.Column);

        public int GetHashCode((string Table, string Column) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Table), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Column));
    }
}
