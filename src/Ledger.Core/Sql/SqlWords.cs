namespace Ledger.Sql;

/// <summary>
/// One shared string per SQL keyword and per punctuation character, for the leading words that
/// <see cref="SqlScript.Split(string, int, int)"/> keeps of each statement. Most of those words are <c>CREATE</c>, <c>TABLE</c>,
/// <c>IF</c>, <c>(</c>…: a 10,000-version ledger has 36,500 statements, and a string per word kept 6 of the 51 MiB
/// its loaded ledger held. Immutable, built once.
/// </summary>
internal static class SqlWords
{
    // SQL keywords (SQLite's list, https://sqlite.org/lang_keywords.html, less the statements only SQLite has), each in
    // upper and lower case as people write them. Only an interning table: a word missing here is kept as its own string.
    private static readonly string[] Keywords =
    [
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "AUTOINCREMENT",
        "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT",
        "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE",
        "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END",
        "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR",
        "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN",
        "INDEX", "INDEXED", "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY",
        "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL",
        "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN",
        "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE",
        "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET",
        "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED", "UNION", "UNIQUE",
        "UPDATE", "USING", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
        // Column types, which follow a column name among a CREATE TABLE's first words.
        "INTEGER", "INT", "TEXT", "REAL", "BLOB", "NUMERIC",
    ];

    // A Dictionary, not a FrozenDictionary: freezing analyses the keys to pick a hash, and that showed among the
    // start-up costs of a profiled lint (its lookups were never the slow part). Never written after it is built, so
    // safe to read from any thread.
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Known = Build();

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Build()
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string keyword in Keywords)
        {
            words[keyword] = keyword;
            string lower = keyword.ToLowerInvariant();
            words[lower] = lower;
        }

        for (char c = '!'; c <= '~'; c++)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                string s = c.ToString();
                words[s] = s;
            }
        }

        return words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary><paramref name="word"/> as a string: the shared one when it is a keyword or a punctuation character.</summary>
    public static string Of(ReadOnlySpan<char> word) => Known.TryGetValue(word, out string? shared) ? shared : word.ToString();
}
