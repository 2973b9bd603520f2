using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting.Rules;

/// <summary>
/// LDG018: a block without the directive <c>-- ledger:no-transaction</c> that sets <c>PRAGMA journal_mode</c> (it
/// cannot change inside a transaction; in a no-transaction block it runs alone and takes effect); LDG026: <c>PRAGMA foreign_keys</c>, which is a no-op inside a transaction (Ledger turns
/// foreign keys off around each step and checks them before commit); LDG052: a pragma whose setting persists on
/// apply's connection (<see cref="PersistentPragmas"/>) set by a block that does not set it back to SQLite's default
/// before it ends, so that every later step apply runs on that connection runs under it.
/// </summary>
internal sealed class PragmaRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [SqliteRuleCatalog.JournalMode, SqliteRuleCatalog.ForeignKeysPragma, SqliteRuleCatalog.PersistentPragma];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Blocks())
        {
            ReportPersistent(block, context);
            foreach (SqlStatement statement in block.Statements.Where(s => s.Keyword(0) == "PRAGMA"))
            {
                // PRAGMA [schema.]name [= value | (value)]
                int at = statement.Keyword(2) == "." ? 3 : 1;
                string name = statement.Keyword(at);
                bool sets = statement.Keyword(at + 1) is "=" or "(";
                if (name == "JOURNAL_MODE" && sets && !block.NoTransaction)
                {
                    context.Report(SqliteRuleCatalog.JournalMode.Create(block.LocationOf(statement),
                        "PRAGMA journal_mode cannot change inside a transaction, and this block runs in one; put it in a block that holds the line " +
                        $"'{MigrationBlock.NoTransactionDirective}' (it then runs outside a transaction, one statement at a time)"));
                }
                else if (name == "FOREIGN_KEYS" && sets)
                {
                    context.Report(SqliteRuleCatalog.ForeignKeysPragma.Create(block.LocationOf(statement),
                        "PRAGMA foreign_keys has no effect inside a transaction; Ledger already runs each step with foreign keys off and checks them before commit"));
                }
            }
        }
    }

    /// <summary>LDG052 at the last statement of the block that sets a persistent pragma to a value other than SQLite's default.</summary>
    private static void ReportPersistent(MigrationBlock block, LintContext context)
    {
        var last = new Dictionary<string, SqlStatement>(StringComparer.Ordinal);
        foreach (SqlStatement statement in block.Statements)
        {
            if (PersistentPragmas.Sets(statement) is string name) last[name] = statement;
        }

        foreach ((string name, SqlStatement statement) in last.OrderBy(p => p.Value.Line))
        {
            if (PersistentPragmas.SetsDefault(statement, name)) continue;
            context.Report(SqliteRuleCatalog.PersistentPragma.Create(block.LocationOf(statement),
                $"PRAGMA {name} stays set on apply's connection after this step, for every later step it runs: {PersistentPragmas.Effect(name)}; " +
                $"set it back ('PRAGMA {name} = {PersistentPragmas.Default(name)};') before the block ends"));
        }
    }
}
