using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting.Rules;

/// <summary>
/// SQLite statements a step must not hold, each known by its first word:
/// <list type="bullet">
/// <item>LDG017: <c>VACUUM</c> cannot run inside a transaction, so it needs a block that runs outside one: a block with
/// the directive line <c>-- ledger:no-transaction</c>. Without it, an error that names the directive.</item>
/// <item>
/// LDG039: <c>ATTACH</c> or <c>DETACH</c>. A block runs on Ledger's own connection, which may create the file it opens (a
/// new database): <c>ATTACH 'x.db' AS y</c> creates <c>x.db</c> beside wherever Ledger was started when it does not
/// exist, and what the block then writes there is outside the step's journal, its foreign-key check and its backup. Both
/// are commands of their own (never inside another statement or a trigger), so the statement's first word tells. An
/// error unless a reviewer accepts it with a reason (<c>-- ledger:ignore LDG039 reason</c>).
/// </item>
/// </list>
/// The SQL replay skips these statements too (<see cref="Finding"/>): they would fail there, or touch files.
/// </summary>
internal sealed class ForbiddenStatementRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [SqliteRuleCatalog.Vacuum, SqliteRuleCatalog.AttachDatabase];

    /// <summary>
    /// The rule and message for a statement this rule reports in a block that runs in a transaction, or null. (The SQL
    /// replay skips every statement this names, in any block: it replays inside transactions.)
    /// </summary>
    public static (DiagnosticDescriptor Rule, string Message)? Finding(SqlStatement statement) => statement.Keyword(0) switch
    {
        "VACUUM" => (SqliteRuleCatalog.Vacuum,
            $"VACUUM cannot run inside a transaction, and this block runs in one; put it in a block that holds the line " +
            $"'{MigrationBlock.NoTransactionDirective}' (it then runs outside a transaction, one statement at a time)"),
        "ATTACH" => (SqliteRuleCatalog.AttachDatabase,
            "ATTACH opens another database file on Ledger's connection, and creates it when it does not exist; " +
            "what the block writes there is outside the step's transaction, its row in the history table, its checks and its backup" + AcceptWithReason),
        "DETACH" => (SqliteRuleCatalog.AttachDatabase,
            "DETACH belongs with an ATTACH: a block must not open or close other database files on Ledger's connection" + AcceptWithReason),
        _ => null,
    };

    private static string AcceptWithReason =>
        $"; when it is really needed, say why on the line before: -- ledger:ignore {SqliteRuleCatalog.AttachDatabase.Code} <reason>";

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Blocks())
        {
            foreach (SqlStatement s in context.StatementsOf(block))
            {
                if (Finding(s) is not (DiagnosticDescriptor rule, string message)) continue;
                if (rule == SqliteRuleCatalog.Vacuum && block.NoTransaction) continue; // what the directive is for
                context.Report(rule.Create(block.LocationOf(s), message));
            }
        }
    }
}
