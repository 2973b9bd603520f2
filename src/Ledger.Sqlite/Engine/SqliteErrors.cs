using System.Data.Common;
using Ledger.Execution;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// What a SQLite error means: SQLite has no code of its own for "already exists" (it is SQLITE_ERROR, code 1, like a
/// syntax error), so the message SQLite itself words, <c>table NAME already exists</c>, is read here, inside the engine.
/// </summary>
internal sealed class SqliteErrors : IErrorClassifier
{
    public static readonly SqliteErrors Instance = new();

    private const string Prefix = "table ";
    private const string Suffix = " already exists";

    public string? ExistingTable(DbException error)
    {
        if ((error as SqliteException ?? error.InnerException as SqliteException) is not { SqliteErrorCode: 1 } sqlite)
        {
            return null;
        }

        // Microsoft.Data.Sqlite words it "SQLite Error 1: 'table users already exists'."; the text between the quotes is SQLite's.
        string message = sqlite.Message;
        int start = message.IndexOf('\'', StringComparison.Ordinal);
        int end = message.LastIndexOf('\'');
        string text = start >= 0 && end > start ? message[(start + 1)..end] : message;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !text.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        string name = text[Prefix.Length..^Suffix.Length];
        // The name as the statement wrote it: bare, or quoted with "", [], or ``.
        return name.Length >= 2 && name[0] is '"' or '[' or '`' ? name[1..^1] : name;
    }
}
