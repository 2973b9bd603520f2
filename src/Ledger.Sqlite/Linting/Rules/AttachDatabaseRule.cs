using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting.Rules;

/// <summary>
/// LDG039: <c>ATTACH</c> or <c>DETACH</c> in a block. A block runs on Ledger's own connection, which may create the file
/// it opens (a new database): <c>ATTACH 'x.db' AS y</c> creates <c>x.db</c> beside wherever Ledger was started when it
/// does not exist, and what the block then writes there is outside the step's journal, its foreign-key check and its
/// backup. Both are commands of their own (never inside another statement or a trigger), so the statement's first word
/// tells. An error unless a reviewer accepts it with a reason (<c>-- ledger:ignore LDG039 reason</c>).
/// </summary>
internal sealed class AttachDatabaseRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [SqliteRuleCatalog.AttachDatabase];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach ((SqlStatement s, SourceLocation at) in context.Statements())
        {
            string? problem = s.Keyword(0) switch
            {
                "ATTACH" => "ATTACH opens another database file on Ledger's connection, and creates it when it does not exist; " +
                            "what the block writes there is outside the step's journal, checks and backup",
                "DETACH" => "DETACH belongs with an ATTACH: a block must not open or close other database files on Ledger's connection",
                _ => null,
            };
            if (problem is not null)
            {
                context.Report(SqliteRuleCatalog.AttachDatabase.Create(at,
                    $"{problem}; when it is really needed, say why on the line before: -- ledger:ignore {SqliteRuleCatalog.AttachDatabase.Code} <reason>"));
            }
        }
    }
}
