using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG038: a block that writes Ledger's journal table, <c>ledger_history</c> (spec §2.2: created by Ledger and never
/// edited by the ledger's own SQL). Ledger records each step itself, in the step's transaction; a block that inserts,
/// changes or deletes rows there, or alters, drops, indexes or puts a trigger on the table, makes the recorded version
/// lie, and Ledger notices another writer's changes to the journal, not its own (see docs/apply.md).
/// Looks at the statement's first words: <c>INSERT</c>/<c>REPLACE … INTO</c>, <c>UPDATE</c>, <c>DELETE FROM</c>,
/// <c>DROP</c>/<c>ALTER TABLE</c>, and <c>CREATE INDEX</c>/<c>TRIGGER … ON</c> with the table, schema-qualified or not.
/// </summary>
public sealed class JournalTableWriteRule : ILintRule
{
    private const string Journal = "ledger_history";

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.JournalTableWrite];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Document.Blocks)
        {
            foreach (SqlStatement s in block.Statements)
            {
                if (Writes(s) is string what)
                {
                    context.Report(RuleCatalog.JournalTableWrite.Create(block.LocationOf(s),
                        $"{what} {Journal}: the journal table is Ledger's (spec §2.2); Ledger records each step itself, in the step's transaction, and a block must not write it"));
                }
            }
        }
    }

    /// <summary>What the statement does to the journal table ("INSERT INTO", "DROP TABLE", …), or null.</summary>
    private static string? Writes(SqlStatement s)
    {
        switch (s.Keyword(0))
        {
            case "INSERT" or "REPLACE":
                int into = IndexOf(s, "INTO");
                return into > 0 && Names(s, into + 1) ? $"{s.Keyword(0)} INTO" : null;
            case "UPDATE":
                return Names(s, s.Keyword(1) == "OR" ? 3 : 1) ? "UPDATE" : null;
            case "DELETE" when s.Keyword(1) == "FROM":
                return Names(s, 2) ? "DELETE FROM" : null;
            case "DROP" or "ALTER" when s.Keyword(1) == "TABLE":
                return Names(s, 2) ? $"{s.Keyword(0)} TABLE" : null;
            case "CREATE":
                int on = IndexOf(s, "ON");
                if (on < 0 || !Names(s, on + 1)) return null;
                return s.Words.Take(on).Any(w => w.Equals("TRIGGER", StringComparison.OrdinalIgnoreCase)) ? "CREATE TRIGGER … ON" : "CREATE INDEX … ON";
            default:
                return null;
        }
    }

    private static int IndexOf(SqlStatement s, string keyword)
    {
        for (int i = 1; i < s.Words.Count; i++)
        {
            if (s.Keyword(i) == keyword) return i;
        }

        return -1;
    }

    /// <summary>True when the words from <paramref name="at"/> name the journal table, schema-qualified or not.</summary>
    private static bool Names(SqlStatement s, int at) => s.NameAt(at).Name.Equals(Journal, StringComparison.OrdinalIgnoreCase);
}
