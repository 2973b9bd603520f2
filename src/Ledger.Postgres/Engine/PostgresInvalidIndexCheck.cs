using System.Text;
using Ledger.Execution;
using Ledger.Postgres.Linting;
using Ledger.Sql;

namespace Ledger.Postgres.Engine;

/// <summary>
/// After a no-transaction block's last statement, before its row becomes <c>applied</c>: fails when an index the block's
/// <c>CREATE INDEX</c> statements name is invalid (<c>pg_index.indisvalid</c> false) in the target's schema (the first
/// of the session's search_path). An interrupted or failed <c>CREATE INDEX CONCURRENTLY</c> (killed, cancelled, or a
/// UNIQUE index meeting duplicate rows) leaves such an index; <c>IF NOT EXISTS</c> on <c>apply --resume</c> skips it,
/// and without this check the step would be recorded with an index PostgreSQL does not use (nor, when UNIQUE, enforce
/// for rows already there). Only the indexes the block names are checked: an invalid index left by something else is
/// not this step's to report.
/// </summary>
internal sealed class PostgresInvalidIndexCheck : IOutsideTransactionCheck
{
    public static PostgresInvalidIndexCheck Instance { get; } = new();

    /// <inheritdoc />
    public string? Sql(IReadOnlyList<SqlStatement> block)
    {
        List<string> names = [.. block.Select(s => new PostgresStatement(s).NamedIndex()?.Name).OfType<string>().Distinct(StringComparer.Ordinal)];
        if (names.Count == 0) return null;
        string list = string.Join(", ", names.Select(PostgresJournalDialect.Literal));
        string tag = "$ledger$";
        while (list.Contains(tag, StringComparison.Ordinal)) tag = tag.Insert(tag.Length - 1, "_");
        var sql = new StringBuilder();
        sql.Append("DO ").Append(tag).Append('\n')
            .Append("DECLARE invalid text; drops text;\n")
            .Append("BEGIN\n")
            .Append("  SELECT string_agg(pg_catalog.format('%I', c.relname), ', ' ORDER BY c.relname),\n")
            .Append("         string_agg(pg_catalog.format('DROP INDEX CONCURRENTLY %I;', c.relname), ' ' ORDER BY c.relname) INTO invalid, drops\n")
            .Append("  FROM pg_catalog.pg_index i\n")
            .Append("  JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid\n")
            .Append("  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n")
            .Append("  WHERE NOT i.indisvalid AND n.nspname = pg_catalog.current_schema() AND c.relname IN (").Append(list).Append(");\n")
            .Append("  IF invalid IS NOT NULL THEN\n")
            .Append("    RAISE EXCEPTION 'invalid index % in schema % (pg_index.indisvalid is false): an interrupted or failed CREATE INDEX CONCURRENTLY left it, ")
            .Append("and the step is not recorded as applied with it; drop it (%), fix what made the build fail (for a UNIQUE index: the duplicate rows), ")
            .Append("then run ''ledger apply --resume''', invalid, pg_catalog.current_schema(), drops;\n")
            .Append("  END IF;\n")
            .Append("END\n")
            .Append(tag);
        return sql.ToString();
    }
}
