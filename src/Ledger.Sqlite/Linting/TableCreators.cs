using Ledger.Diagnostics;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// Which statement created each table during a replay, so that a finding about a table points at the statement
/// that defines it. Follows <c>ALTER TABLE … RENAME TO</c>, as in a table rebuild.
/// </summary>
internal sealed class TableCreators
{
    private readonly Dictionary<string, SourceLocation> _byTable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a statement that succeeded.</summary>
    public void Track(SqlStatement statement, SourceLocation location)
    {
        if (statement.Keyword(0) == "CREATE")
        {
            int at = statement.Keyword(1) is "TEMP" or "TEMPORARY" ? 2 : 1;
            if (statement.Keyword(at) != "TABLE") return;
            at++;
            bool ifNotExists = statement.Keyword(at) == "IF";
            if (ifNotExists) at += 3;
            string name = NameAt(statement, at);
            // CREATE TABLE IF NOT EXISTS on an existing table does nothing: the first statement still defines it.
            if (!(ifNotExists && _byTable.ContainsKey(name))) _byTable[name] = location;
        }
        else if (statement.Keyword(0) == "ALTER" && statement.Keyword(1) == "TABLE")
        {
            int at = statement.Keyword(3) == "." ? 4 : 2;
            if (statement.Keyword(at + 1) == "RENAME" && statement.Keyword(at + 2) == "TO" &&
                _byTable.Remove(NameAt(statement, 2), out SourceLocation? created))
            {
                _byTable[statement.Word(at + 3)] = created;
            }
        }
    }

    /// <summary>Where a table was created, or null when no tracked statement created it.</summary>
    public SourceLocation? Find(string table) => _byTable.GetValueOrDefault(table);

    private static string NameAt(SqlStatement statement, int at) =>
        statement.Keyword(at + 1) == "." ? statement.Word(at + 2) : statement.Word(at);
}
