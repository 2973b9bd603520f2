using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Postgres.Linting.Rules;

/// <summary>
/// Changes to a table that existed before the step which hold a lock every query on the table waits behind, for as long
/// as the table takes to rewrite, scan or index: LDG042 (<c>CREATE INDEX</c> without <c>CONCURRENTLY</c>), LDG043 (a column
/// type change, <c>SET NOT NULL</c>, a column with a volatile default or stored generated value), LDG044 (a foreign key or
/// <c>CHECK</c> added without <c>NOT VALID</c>) and LDG045 (a table or column renamed: the application still running uses
/// the old name). A table existed before the step unless the block itself created it before the statement: one created
/// by an earlier step (or outside Ledger) is on every database the step reaches, with its rows.
/// </summary>
internal sealed class LockingChangeRule : ILintRule
{
    // Functions whose default PostgreSQL evaluates per row (volatile), so that ADD COLUMN rewrites the whole table.
    private static readonly HashSet<string> VolatileFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7",
        "clock_timestamp", "timeofday", "nextval", "setseed",
    };

    private static readonly HashSet<string> SerialTypes = new(StringComparer.OrdinalIgnoreCase) { "serial", "serial4", "serial8", "bigserial", "smallserial", "serial2" };

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
        [PostgresRuleCatalog.IndexWithoutConcurrently, PostgresRuleCatalog.TableRewrite, PostgresRuleCatalog.ConstraintWithoutNotValid, PostgresRuleCatalog.Rename];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Blocks())
        {
            var created = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (SqlStatement s in context.StatementsOf(block))
            {
                if (!Interesting(s)) continue;
                var statement = new PostgresStatement(s);
                if (statement.CreatedTable() is string table)
                {
                    created.Add(table);
                    continue;
                }

                SourceLocation at = block.LocationOf(s);
                if (statement.CreateIndex() is (false, string indexed) && !created.Contains(indexed))
                {
                    context.Report(PostgresRuleCatalog.IndexWithoutConcurrently.Create(at,
                        $"CREATE INDEX on {indexed}, a table that existed before the step, blocks every write to it while the index is built; " +
                        $"build it with CREATE INDEX CONCURRENTLY IF NOT EXISTS in a block with the line '{MigrationBlock.NoTransactionDirective}'"));
                }
                else if (statement.AlterTable() is (string altered, var actions))
                {
                    if (created.Contains(altered))
                    {
                        RenameFollowed(statement, actions, created);
                        continue;
                    }

                    foreach ((int start, int end) in actions) Check(context, at, statement, altered, start, end);
                }
            }
        }
    }

    // The statements the rule reads past their first words: every other one is left without tokenising it again.
    private static bool Interesting(SqlStatement s) =>
        s.Keyword(0) == "CREATE" || (s.Keyword(0) == "ALTER" && s.Keyword(1) == "TABLE");

    private static void RenameFollowed(PostgresStatement statement, List<(int Start, int End)> actions, HashSet<string> created)
    {
        foreach ((int start, _) in actions)
        {
            if (statement.Keyword(start) == "RENAME" && statement.Keyword(start + 1) == "TO") created.Add(statement.Word(start + 2));
        }
    }

    private static void Check(LintContext context, SourceLocation at, PostgresStatement s, string table, int start, int end)
    {
        string first = s.Keyword(start);
        if (first == "ALTER")
        {
            int column = s.Keyword(start + 1) == "COLUMN" ? start + 2 : start + 1;
            string name = s.Word(column);
            string change = s.Keyword(column + 1);
            if (change == "TYPE" || (change == "SET" && s.Keyword(column + 2) == "DATA" && s.Keyword(column + 3) == "TYPE"))
            {
                context.Report(PostgresRuleCatalog.TableRewrite.Create(at,
                    $"changing the type of {table}.{name} rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock unless the types are binary-compatible; " +
                    "add a new column, fill it in batches, then switch to it"));
            }
            else if (change == "SET" && s.Keyword(column + 2) == "NOT" && s.Keyword(column + 3) == "NULL")
            {
                context.Report(PostgresRuleCatalog.TableRewrite.Create(at,
                    $"SET NOT NULL on {table}.{name} scans the whole table under an ACCESS EXCLUSIVE lock; first add CHECK ({name} IS NOT NULL) NOT VALID, " +
                    "VALIDATE it in a later step, then SET NOT NULL (PostgreSQL 12+ uses the valid constraint and skips the scan)"));
            }
        }
        else if (first == "ADD" && !IsConstraint(s, start))
        {
            int column = s.Keyword(start + 1) == "COLUMN" ? start + 2 : start + 1;
            if (s.Keyword(column) == "IF") column += 3;
            string name = s.Word(column);
            if (RewritingDefault(s, column + 1, end) is string why)
            {
                context.Report(PostgresRuleCatalog.TableRewrite.Create(at,
                    $"adding {table}.{name} with {why} rewrites the whole table under an ACCESS EXCLUSIVE lock; add the column without it " +
                    "(or with a constant default), then fill the rows in batches"));
            }
        }
        else if (first == "ADD")
        {
            bool foreignKey = s.Has("FOREIGN", start, end) || s.Has("REFERENCES", start, end);
            bool check = s.Has("CHECK", start, end);
            if ((foreignKey || check) && !(s.Has("NOT", start, end) && s.Has("VALID", start, end)))
            {
                string what = foreignKey ? "a foreign key" : "a CHECK constraint";
                context.Report(PostgresRuleCatalog.ConstraintWithoutNotValid.Create(at,
                    $"adding {what} to {table}, a table that existed before the step, checks every row while holding a lock that blocks writes" +
                    (foreignKey ? " (on the referenced table too)" : "") +
                    "; add it NOT VALID, then VALIDATE CONSTRAINT in a later step, which checks the rows without blocking writes"));
            }
        }
        else if (first == "RENAME")
        {
            bool tableRenamed = s.Keyword(start + 1) == "TO";
            if (s.Keyword(start + 1) == "CONSTRAINT") return;
            string what = tableRenamed ? $"renaming the table {table} to {s.Word(start + 2)}" :
                $"renaming the column {table}.{s.Word(s.Keyword(start + 1) == "COLUMN" ? start + 2 : start + 1)}";
            context.Report(PostgresRuleCatalog.Rename.Create(at,
                $"{what} breaks every query of the application version still running that uses the old name; " +
                "add the new name beside the old one (a column kept in step, or a view), move the application, then drop the old name in a later release"));
        }
    }

    // ADD [COLUMN] … vs ADD [CONSTRAINT name] {FOREIGN KEY|CHECK|UNIQUE|PRIMARY KEY|EXCLUDE}.
    private static bool IsConstraint(PostgresStatement s, int start) =>
        s.Keyword(start + 1) is "CONSTRAINT" or "FOREIGN" or "CHECK" or "UNIQUE" or "PRIMARY" or "EXCLUDE";

    /// <summary>What in a new column's definition makes PostgreSQL rewrite the table, or null.</summary>
    private static string? RewritingDefault(PostgresStatement s, int from, int end)
    {
        if (SerialTypes.Contains(s.Word(from))) return $"the type {s.Word(from)} (a sequence default, evaluated per row)";
        for (int i = from; i < end; i++)
        {
            if (s.Keyword(i) == "GENERATED" && s.Has("STORED", i, end)) return "a stored generated value";
            if (s.Keyword(i) != "DEFAULT") continue;
            for (int j = i + 1; j < end; j++)
            {
                if (VolatileFunctions.Contains(s.Word(j)) && s.Word(j + 1) == "(") return $"the volatile default {s.Word(j)}()";
            }
        }

        return null;
    }
}
