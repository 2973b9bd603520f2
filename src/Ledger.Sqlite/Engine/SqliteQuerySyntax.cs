using Ledger.Execution;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// Parses a set's query the way SQLite will, on an empty database in memory: SQLite reads the whole statement before it
/// looks up a name, so a failure other than an unknown table, column or function is the query's own syntax.
/// </summary>
internal sealed class SqliteQuerySyntax : IQuerySyntaxCheck
{
    public string? Problem(string query)
    {
        using var connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
        connection.Open();
        int rc = raw.sqlite3_prepare_v2(connection.Handle, query, out sqlite3_stmt statement, out string tail);
        using (statement)
        {
            if (rc != raw.SQLITE_OK)
            {
                string message = raw.sqlite3_errmsg(connection.Handle).utf8_to_string();
                // Names are resolved only after the statement parsed; the system database may not have them yet.
                return message.StartsWith("no such ", StringComparison.Ordinal) ? null : message;
            }

            return statement is null || statement.IsInvalid ? "it holds no statement" : null;
        }
    }
}
