using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// Runs SQL that returns nothing Ledger reads (a block's statement, BEGIN, COMMIT, a PRAGMA that sets) straight
/// through SQLite's C API, as <c>sqlite3_exec</c> does: prepare, step to the end, finalize. A step runs dozens of
/// statements; through <see cref="SqliteCommand"/> each paid for a command, a data reader and a timer, which was most
/// of Ledger's own time per database. Errors are the same <see cref="SqliteException"/>s, with SQLite's message.
/// </summary>
internal static class SqliteExec
{
    public static void Run(SqliteConnection connection, string sql)
    {
        sqlite3 db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(sql.Length));
        try
        {
            ReadOnlySpan<byte> rest = buffer.AsSpan(0, Encoding.UTF8.GetBytes(sql, buffer));
            while (!rest.IsEmpty)
            {
                int rc = raw.sqlite3_prepare_v2(db, rest, out sqlite3_stmt statement, out ReadOnlySpan<byte> tail);
                using (statement)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                    rest = tail;
                    if (statement.IsInvalid)
                    {
                        continue; // only blanks or comments were left
                    }

                    while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    {
                    }

                    if (rc != raw.SQLITE_DONE)
                    {
                        SqliteException.ThrowExceptionForRC(rc, db);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>
/// One statement prepared once and run many times with positional values (text, integer or null), through SQLite's
/// C API: the journal insert of every step.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    /// <summary>Binds <paramref name="values"/> to ?1, ?2… (or $names in order) and steps to the end.</summary>
    public void Run(params ReadOnlySpan<object?> values)
    {
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                int rc = values[i] switch
                {
                    null => raw.sqlite3_bind_null(_statement, i + 1),
                    string text => raw.sqlite3_bind_text(_statement, i + 1, text),
                    long number => raw.sqlite3_bind_int64(_statement, i + 1, number),
                    int number => raw.sqlite3_bind_int64(_statement, i + 1, number),
                    object other => throw new ArgumentException($"cannot bind a {other.GetType().Name}", nameof(values)),
                };
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            int step;
            while ((step = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }

            if (step != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(step, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
