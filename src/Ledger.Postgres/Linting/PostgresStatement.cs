using Ledger.Postgres.Engine;
using Ledger.Postgres.Sql;
using Ledger.Sql;

namespace Ledger.Postgres.Linting;

/// <summary>
/// What the PostgreSQL lint rules read of one statement: every word (<see cref="PostgresStatementSplitter.AllWords"/>),
/// upper-cased for keywords, and the table an <c>ALTER TABLE</c>, <c>CREATE TABLE</c> or <c>CREATE INDEX</c> names.
/// </summary>
internal sealed class PostgresStatement
{
    private readonly IReadOnlyList<string> _words;

    public PostgresStatement(SqlStatement statement)
    {
        Statement = statement;
        _words = PostgresStatementSplitter.AllWords(statement);
    }

    public SqlStatement Statement { get; }

    public int Count => _words.Count;

    public string Word(int index) => (uint)index < (uint)_words.Count ? _words[index] : "";

    public string Keyword(int index) => Word(index).ToUpperInvariant();

    /// <summary>True when <paramref name="keyword"/> is among the words from <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
    public bool Has(string keyword, int from = 0, int to = int.MaxValue)
    {
        for (int i = from; i < Math.Min(to, _words.Count); i++)
        {
            if (Keyword(i) == keyword) return true;
        }

        return false;
    }

    /// <summary>The table named from word <paramref name="at"/> (after <c>IF [NOT] EXISTS</c> and <c>ONLY</c>), without its schema, and the word after it.</summary>
    public (string Name, int Next) TableAt(int at)
    {
        if (Keyword(at) == "IF" && Keyword(at + 1) == "EXISTS") at += 2;
        else if (Keyword(at) == "IF" && Keyword(at + 1) == "NOT" && Keyword(at + 2) == "EXISTS") at += 3;
        if (Keyword(at) == "ONLY") at++;
        while (Word(at + 1) == ".") at += 2;
        int next = Word(at + 1) == "*" ? at + 2 : at + 1;
        return (Word(at), next);
    }

    /// <summary>
    /// For <c>ALTER TABLE t action, action…</c>: the table and each action's words as a range [start, end) of this
    /// statement's words (split at the commas outside parentheses). Null for any other statement.
    /// </summary>
    public (string Table, List<(int Start, int End)> Actions)? AlterTable()
    {
        if (Keyword(0) != "ALTER" || Keyword(1) != "TABLE") return null;
        (string table, int at) = TableAt(2);
        var actions = new List<(int, int)>();
        int depth = 0, start = at;
        for (int i = at; i < _words.Count; i++)
        {
            string w = _words[i];
            if (w == "(") depth++;
            else if (w == ")") depth = Math.Max(0, depth - 1);
            else if (w == "," && depth == 0)
            {
                actions.Add((start, i));
                start = i + 1;
            }
        }

        actions.Add((start, _words.Count));
        return (table, actions);
    }

    /// <summary>For <c>CREATE [UNIQUE] INDEX …</c>: whether it is built concurrently, and the table it is on. Null for any other statement.</summary>
    public (bool Concurrently, string Table)? CreateIndex()
    {
        if (Keyword(0) != "CREATE") return null;
        int at = Keyword(1) == "UNIQUE" ? 2 : 1;
        if (Keyword(at) != "INDEX") return null;
        bool concurrently = Keyword(at + 1) == "CONCURRENTLY";
        for (int i = at + 1; i < _words.Count; i++)
        {
            if (Keyword(i) == "ON") return (concurrently, TableAt(i + 1).Name);
        }

        return null;
    }

    /// <summary>
    /// For <c>CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON …</c>: the index's name as PostgreSQL stores it
    /// (unquoted: lower-cased; quoted: as written), whether it is built concurrently and whether it has <c>IF NOT
    /// EXISTS</c>. Null for any other statement and for an index without a name.
    /// </summary>
    public (string Name, bool Concurrently, bool IfNotExists)? NamedIndex()
    {
        if (Keyword(0) != "CREATE") return null;
        int at = Keyword(1) == "UNIQUE" ? 2 : 1;
        if (Keyword(at) != "INDEX") return null;
        at++;
        bool concurrently = Keyword(at) == "CONCURRENTLY";
        if (concurrently) at++;
        bool ifNotExists = Keyword(at) == "IF" && Keyword(at + 1) == "NOT" && Keyword(at + 2) == "EXISTS";
        if (ifNotExists) at += 3;
        return Keyword(at) is "ON" or "" ? null : (Identifier(Word(at)), concurrently, ifNotExists);
    }

    /// <summary>
    /// For <c>DROP INDEX [CONCURRENTLY] IF EXISTS name, …</c>: the names as PostgreSQL stores them, without their schema.
    /// Empty for any other statement, and without <c>IF EXISTS</c> (such a statement fails on a rerun).
    /// </summary>
    public IReadOnlyList<string> IndexesDroppedIfExist()
    {
        if (Keyword(0) != "DROP" || Keyword(1) != "INDEX") return [];
        int at = Keyword(2) == "CONCURRENTLY" ? 3 : 2;
        if (Keyword(at) != "IF" || Keyword(at + 1) != "EXISTS") return [];
        var names = new List<string>();
        for (at += 2; at < Count && Keyword(at) is not ("CASCADE" or "RESTRICT"); at++)
        {
            if (Word(at) is "," or "." || Word(at + 1) == ".") continue;
            names.Add(Identifier(Word(at)));
        }

        return names;
    }

    /// <summary>
    /// A word naming an object, as PostgreSQL stores the name: a quoted identifier as written (the splitter gives its
    /// inside; the statement's text tells it was quoted), any other folded to lower case.
    /// </summary>
    public string Identifier(string word) =>
        Statement.Text.Contains('"' + word + '"', StringComparison.Ordinal) ? word.Replace("\"\"", "\"", StringComparison.Ordinal) : word.ToLowerInvariant();

    /// <summary>A stored identifier as SQL writes it: as is when PostgreSQL would store it unchanged, else quoted.</summary>
    public static string Written(string name) =>
        name.Length > 0 && (name[0] is '_' or (>= 'a' and <= 'z')) && name.All(c => c is '_' or '$' or (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            ? name
            : PostgresJournalDialect.Identifier(name);

    /// <summary>The table a <c>CREATE [TEMP|UNLOGGED…] TABLE</c> creates, or null.</summary>
    public string? CreatedTable()
    {
        if (Keyword(0) != "CREATE") return null;
        int at = 1;
        while (Keyword(at) is "GLOBAL" or "LOCAL" or "TEMP" or "TEMPORARY" or "UNLOGGED" or "OR" or "REPLACE") at++;
        return Keyword(at) == "TABLE" ? TableAt(at + 1).Name : null;
    }
}
