using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG020: <c>DROP TABLE</c> and <c>ALTER TABLE … DROP COLUMN</c> lose data. A table rebuild (create new, copy,
/// drop old, rename) is the usual reason for a DROP TABLE; the reviewer confirms it on purpose.
/// Down blocks are exempt: undoing a forward CREATE is their job. A scope whose engine's SQL replay runs is left to it
/// (<see cref="LintContext.JudgedByAnother"/>): the replay sees whether the step copied the data first, and reports only
/// what is lost; there the static findings are only recorded (<see cref="LintContext.ReportSuperseded"/>), so that a
/// suppression comment written for them is not reported as unused, and are reported after all in a block the replay
/// did not reach (it stopped at an earlier error; <see cref="LintContext.Judged"/>).
/// </summary>
public sealed class DestructiveStatementRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.DestructiveStatement];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Document.Blocks.Where(b => !b.IsDown))
        {
            bool judged = context.JudgedByAnother(RuleCatalog.DestructiveStatement, block.Scope);
            foreach (SqlStatement s in context.StatementsOf(block))
            {
                string? what = s.Keyword(0) switch
                {
                    "DROP" when s.Keyword(1) == "TABLE" => $"DROP TABLE {TableName(s, 2)} deletes the table and its rows",
                    "ALTER" when s.Keyword(1) == "TABLE" && DropsColumn(s) => $"ALTER TABLE {TableName(s, 2)} DROP COLUMN deletes the column's data",
                    _ => null,
                };
                if (what is not null)
                {
                    Diagnostic finding = RuleCatalog.DestructiveStatement.Create(block.LocationOf(s),
                        $"{what}; make sure nothing still needs it (a table rebuild that copies the rows first is fine)");
                    if (judged) context.ReportSuperseded(block, finding);
                    else context.Report(finding);
                }
            }
        }
    }

    private static bool DropsColumn(SqlStatement s) => s.Words.Skip(3).Take(3).Any(w => w.Equals("DROP", StringComparison.OrdinalIgnoreCase));

    private static string TableName(SqlStatement s, int at)
    {
        (string? schema, string name) = s.NameAt(at);
        return schema is null ? name : $"{schema}.{name}";
    }
}
