using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Execution;
using Ledger.Model;
using Ledger.Sql;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// Says, from SQLite's error and the statement, which data makes a statement fail that passes on empty tables
/// (LDG047): a NOT NULL column added without a default, a copy into a rebuilt table whose column became NOT NULL,
/// UNIQUE or CHECK-constrained, a unique index over duplicates, rows left without their parent.
/// </summary>
internal static partial class DataFailure
{
    /// <summary>True when SQLite refused the statement because it runs inside a transaction.</summary>
    public static bool NeedsNoTransaction(SqliteException ex) => InTransaction().IsMatch(SqliteMessage.Of(ex));

    /// <summary>What makes the statement of <paramref name="failure"/> (a statement of <paramref name="block"/>) fail on a database with rows.</summary>
    public static string Describe(ReplayFailure failure, MigrationBlock block)
    {
        if (failure.Statement is not SqlStatement statement || failure.Error is not SqliteException error)
        {
            return failure.Error is SqliteException control
                ? $"the step passes on empty tables but its transaction fails when they hold rows: {SqliteMessage.Of(control)}"
                : DescribeViolations(failure, block);
        }

        string text = SqlScript.Abbreviate(statement.Text, 80);
        string message = SqliteMessage.Of(error);
        if (message.StartsWith("Cannot add a NOT NULL column with default value NULL", StringComparison.Ordinal))
        {
            return $"'{text}' adds a NOT NULL column without a default: it passes on an empty table but fails on a table that has rows " +
                   "(SQLite refuses it on any non-empty table); give the column a DEFAULT";
        }

        Match constraint = Constraint().Match(message);
        if (!constraint.Success)
        {
            return $"'{text}' passes on empty tables but fails when they hold rows: {message}";
        }

        string kind = constraint.Groups["kind"].Value;
        string column = constraint.Groups["column"].Value; // "t.c", "t.a, t.b" or a CHECK's name
        string? source = CopySource(statement);
        string? target = statement.Keyword(0) is "INSERT" or "REPLACE" ? InsertTarget(statement) : null;
        string into = target is null ? $"'{text}'" : $"the copy into {target}";
        return kind switch
        {
            "NOT NULL" when source is not null =>
                $"{into} fails when {Column(source, column)} holds NULL ({column} is NOT NULL, and the rows copied may not have a value); " +
                "fill the NULLs first (COALESCE or an UPDATE) or give the column a DEFAULT",
            "NOT NULL" => $"{into} fails when a row has no value for {column} ({column} is NOT NULL); give it a value or a DEFAULT",
            "UNIQUE" when IsCreateUniqueIndex(statement) =>
                $"'{text}' fails when the table already holds duplicate values in {column}: the table existed before the step and may hold them; " +
                "remove the duplicates first",
            "UNIQUE" or "PRIMARY KEY" when source is not null =>
                $"{into} fails when {Column(source, column)} holds duplicate values (the new {kind} on {column}); remove the duplicates first",
            "UNIQUE" or "PRIMARY KEY" => $"'{text}' fails when the table holds duplicate values in {column} (the {kind} on {column})",
            "CHECK" when source is not null =>
                $"{into} fails when a value copied from {source} breaks the new CHECK ({column}); fix or remove those rows first",
            "CHECK" => $"'{text}' fails when a row's value breaks the CHECK ({column}); fix or remove those rows first",
            _ => $"'{text}' passes on empty tables but fails when they hold rows: {message}",
        };
    }

    /// <summary>
    /// Why the parent of a foreign key is gone, when it is. A parent the step renamed to (the rebuild that renames the
    /// old table first): SQLite rewrites the children's keys to follow the rename (unless <c>legacy_alter_table</c> is
    /// on), so they reference the old table, which the step then drops. Any other: the step dropped it while its
    /// children still have rows. Empty when every parent exists.
    /// </summary>
    public static string RenamedParents(ReplayFailure failure, MigrationBlock block)
    {
        if (failure.MissingParents is not { Count: > 0 } missing) return "";
        List<string> renamed = [.. missing.Where(p => block.Statements.Any(s => RenamesTo(s, p)))];
        List<string> dropped = [.. missing.Where(p => !renamed.Contains(p))];
        string text = "";
        if (renamed.Count > 0)
        {
            text += $"; {string.Join(", ", renamed)} no longer exist{(renamed.Count == 1 ? "s" : "")}: renaming a table (ALTER TABLE t RENAME TO t_old) " +
                    "makes SQLite rewrite the foreign keys that reference it to the new name, so the children reference the table the step dropped; " +
                    "rebuild by creating the new table, copying, dropping the old one and renaming the new one into place";
        }

        foreach (string parent in dropped)
        {
            string children = string.Join(", ", failure.Violations.Where(v => v.Parent.Equals(parent, StringComparison.OrdinalIgnoreCase))
                .Select(v => v.Table).Distinct(StringComparer.OrdinalIgnoreCase));
            text += $"; the step dropped {parent} while {children} still {(children.Contains(',', StringComparison.Ordinal) ? "have" : "has")} rows that reference it: " +
                    $"delete or move those rows, or drop the foreign key (rebuild {children}), before dropping {parent}";
        }

        return text;
    }

    /// <summary>
    /// Where a failure of the foreign-key check is best shown: the <c>DROP TABLE</c> of a missing parent the step did
    /// not rename to (the statement that removed the rows' parent), else the failure's own location (the block's start).
    /// </summary>
    public static SourceLocation Location(ReplayFailure failure, MigrationBlock block)
    {
        if (failure.Statement is not null || failure.MissingParents is not { Count: > 0 } missing) return failure.Location;
        foreach (SqlStatement statement in block.Statements)
        {
            if (statement.Keyword(0) == "DROP" && statement.Keyword(1) == "TABLE" &&
                missing.Any(p => p.Equals(TableName(statement, 2), StringComparison.OrdinalIgnoreCase) && !block.Statements.Any(s => RenamesTo(s, p))))
            {
                return block.LocationOf(statement);
            }
        }

        return failure.Location;
    }

    /// <summary>True when <paramref name="statement"/> is <c>ALTER TABLE … RENAME TO <paramref name="table"/></c>.</summary>
    private static bool RenamesTo(SqlStatement statement, string table)
    {
        if (statement.Keyword(0) != "ALTER" || statement.Keyword(1) != "TABLE") return false;
        for (int i = 2; i + 1 < statement.Words.Count; i++)
        {
            if (statement.Keyword(i) == "RENAME" && statement.Keyword(i + 1) == "TO") return Unquote(statement.Word(i + 2)).Equals(table, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    /// <summary>The table named at word <paramref name="at"/> (after <c>IF EXISTS</c> and a schema), unquoted.</summary>
    private static string TableName(SqlStatement statement, int at) => Unquote(statement.NameAt(at).Name);

    /// <summary>A name as SQLite reads it: <c>"new""t"</c> is <c>new"t</c>, <c>[a b]</c> and <c>`a`</c> lose their quotes.</summary>
    internal static string Unquote(string word)
    {
        if (word.Length >= 2)
        {
            char open = word[0], close = word[^1];
            if ((open, close) is ('"', '"') or ('\'', '\'') or ('`', '`'))
            {
                return word[1..^1].Replace(new string(open, 2), open.ToString(), StringComparison.Ordinal);
            }

            if ((open, close) is ('[', ']')) return word[1..^1];
        }

        // A statement's words hold a quoted name's content as written: a doubled quote is one (no unquoted name has one).
        return word.Replace("\"\"", "\"", StringComparison.Ordinal).Replace("``", "`", StringComparison.Ordinal);
    }

    private static string DescribeViolations(ReplayFailure failure, MigrationBlock block)
    {
        string pairs = string.Join(", ", failure.Violations.Select(v => $"{v.Table} → {v.Parent}").Distinct().Take(3));
        string start = $"the step passes on empty tables, but with rows it leaves rows whose foreign key has no parent row ({pairs}): " +
                       "apply checks foreign keys before commit and would fail";
        return failure.MissingParents is { Count: > 0 } ? start + RenamedParents(failure, block) : start + "; keep or copy the parent rows, or delete the child rows first";
    }

    /// <summary>"src.c" for the column "t.c" of a constraint message, when the copy reads a table.</summary>
    private static string Column(string source, string constrained)
    {
        string first = constrained.Split(',')[0].Trim();
        int dot = first.LastIndexOf('.');
        return dot < 0 ? source : $"{source}.{first[(dot + 1)..]}";
    }

    /// <summary>The table an <c>INSERT … SELECT … FROM t</c> reads, or null when the statement is not such a copy.</summary>
    private static string? CopySource(SqlStatement statement)
    {
        if (statement.Keyword(0) is not ("INSERT" or "REPLACE")) return null;
        SqlStatement whole = statement.Whole();
        for (int i = 0; i + 1 < whole.Words.Count; i++)
        {
            if (whole.Keyword(i) == "FROM") return TableName(whole, i + 1);
        }

        return null;
    }

    private static string? InsertTarget(SqlStatement statement)
    {
        for (int i = 1; i < statement.Words.Count; i++)
        {
            if (statement.Keyword(i) == "INTO") return TableName(statement, i + 1);
        }

        return null;
    }

    private static bool IsCreateUniqueIndex(SqlStatement statement) =>
        statement.Keyword(0) == "CREATE" && statement.Keyword(1) == "UNIQUE" && statement.Keyword(2) == "INDEX";

    [GeneratedRegex("^(?<kind>NOT NULL|UNIQUE|CHECK|PRIMARY KEY) constraint failed: (?<column>.+)$")]
    private static partial Regex Constraint();

    [GeneratedRegex("(inside|within) a transaction", RegexOptions.IgnoreCase)]
    private static partial Regex InTransaction();
}
