using Ledger.Diagnostics;
using Ledger.Sql;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG038: a block that creates, alters or writes a table named like Ledger's history table (the journal dialect's table
/// name of each engine in use, <c>ledger_history</c>: created by Ledger and never edited by the ledger's own SQL, see
/// docs/apply.md). Ledger records each step itself, in the step's
/// transaction; a block that inserts, changes or deletes rows there, or alters, drops, indexes or puts a trigger on the
/// table, makes the recorded version lie, and Ledger notices another writer's changes to the journal, not its own (see
/// docs/apply.md). A table of that name created in another schema (<c>CREATE TEMP TABLE ledger_history</c>) hides the
/// real one from every unqualified statement for the rest of the connection.
/// Reads the whole statement, a trigger's body and what follows a <c>WITH</c> clause included, as the SQL splitter
/// tokenizes it (comments and string literals do not count; quoted names are unquoted): <c>INSERT</c>/<c>REPLACE … INTO</c>,
/// <c>UPDATE</c>, <c>DELETE FROM</c>, <c>DROP</c>/<c>ALTER TABLE</c>, <c>ALTER TABLE … RENAME TO</c>,
/// <c>CREATE [TEMP|VIRTUAL] TABLE</c>/<c>VIEW</c>, and <c>CREATE INDEX</c>/<c>TRIGGER … ON</c> with the table, in any
/// schema or none.
/// </summary>
/// <param name="journalTables">The journal table's name on each engine in use.</param>
public sealed class JournalTableWriteRule(IEnumerable<string> journalTables) : ILintRule
{
    private readonly string[] _journals = journalTables.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.JournalTableWrite];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (string journal in _journals)
        {
            // Only a statement whose text has the name can name the table; only those are read again in full.
            foreach ((SqlStatement s, SourceLocation at) in context.Statements().Where(x => x.Statement.Mentions(journal)))
            {
                if (Writes(s.Whole(), journal) is string what)
                {
                    context.Report(RuleCatalog.JournalTableWrite.Create(at,
                        $"{what} {journal}: the history table is Ledger's; Ledger records each step itself, in the step's transaction, " +
                        "and a block must not create, alter or write a table of that name, in any schema"));
                }
            }
        }
    }

    /// <summary>What the statement first does to a table of the journal's name ("INSERT INTO", "CREATE TEMP TABLE", …), or null.</summary>
    private static string? Writes(SqlStatement s, string journal)
    {
        for (int i = 0; i < s.Words.Count; i++)
        {
            string? what = s.Keyword(i) switch
            {
                // INSERT [OR REPLACE] INTO, REPLACE INTO: INTO names the table written in every form, after WITH and in triggers too.
                "INTO" when Names(s, i + 1, journal) => s.Keyword(i - 1) == "REPLACE" && s.Keyword(i - 2) != "OR" ? "REPLACE INTO" : "INSERT INTO",
                // Not "AFTER UPDATE ON t" nor "ON UPDATE CASCADE" nor "DO UPDATE SET": those have no table name after UPDATE.
                "UPDATE" when Names(s, s.Keyword(i + 1) == "OR" ? i + 3 : i + 1, journal) => "UPDATE",
                "DELETE" when s.Keyword(i + 1) == "FROM" && Names(s, i + 2, journal) => "DELETE FROM",
                "DROP" when s.Keyword(i + 1) == "TABLE" && Names(s, i + 2, journal) => "DROP TABLE",
                "ALTER" when s.Keyword(i + 1) == "TABLE" => Altered(s, i + 2, journal),
                "CREATE" => Created(s, i, journal),
                _ => null,
            };
            if (what is not null) return what;
        }

        return null;
    }

    /// <summary><c>ALTER TABLE</c> of the journal, or one renamed to its name; <paramref name="at"/> is the table's first word.</summary>
    private static string? Altered(SqlStatement s, int at, string journal)
    {
        if (Names(s, at, journal)) return "ALTER TABLE";
        int after = at + (s.Word(at + 1) == "." ? 3 : 1);
        return s.Keyword(after) == "RENAME" && s.Keyword(after + 1) == "TO" && Names(s, after + 2, journal) ? "ALTER TABLE … RENAME TO" : null;
    }

    /// <summary>A table or view of the journal's name, or an index or trigger on it; <paramref name="at"/> is <c>CREATE</c>.</summary>
    private static string? Created(SqlStatement s, int at, string journal)
    {
        int kind = at + 1;
        while (s.Keyword(kind) is "TEMP" or "TEMPORARY" or "VIRTUAL" or "UNIQUE") kind++;
        switch (s.Keyword(kind))
        {
            case "TABLE" or "VIEW":
                return Names(s, kind + 1, journal) ? string.Join(' ', Enumerable.Range(at, kind - at + 1).Select(s.Keyword)) : null;
            case "INDEX" or "TRIGGER":
                for (int on = kind + 1; on < s.Words.Count; on++)
                {
                    if (s.Keyword(on) == "ON") return Names(s, on + 1, journal) ? $"CREATE {s.Keyword(kind)} … ON" : null;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>True when the words from <paramref name="at"/> name the journal table, in any schema or none.</summary>
    private static bool Names(SqlStatement s, int at, string journal) => s.NameAt(at).Name.Equals(journal, StringComparison.OrdinalIgnoreCase);
}
