using System.Text.RegularExpressions;
using Ledger.Execution;
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

    /// <summary>What makes the statement of <paramref name="failure"/> fail on a database with rows.</summary>
    public static string Describe(ReplayFailure failure)
    {
        if (failure.Statement is not SqlStatement statement || failure.Error is not SqliteException error)
        {
            return failure.Error is SqliteException control
                ? $"the step passes on empty tables but its transaction fails when they hold rows: {SqliteMessage.Of(control)}"
                : DescribeViolations(failure);
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
    /// Why the parent of a foreign key is gone, when it is: the rebuild that renames the old table first. SQLite
    /// rewrites the children's keys to follow the rename (unless <c>legacy_alter_table</c> is on), so they reference
    /// the old table, which the step then drops. Empty when every parent exists.
    /// </summary>
    public static string RenamedParents(ReplayFailure failure) =>
        failure.MissingParents is { Count: > 0 } missing
            ? $"; {string.Join(", ", missing)} no longer exist{(missing.Count == 1 ? "s" : "")}: renaming a table (ALTER TABLE t RENAME TO t_old) " +
              "makes SQLite rewrite the foreign keys that reference it to the new name, so the children reference the table the step dropped; " +
              "rebuild by creating the new table, copying, dropping the old one and renaming the new one into place"
            : "";

    private static string DescribeViolations(ReplayFailure failure)
    {
        string pairs = string.Join(", ", failure.Violations.Select(v => $"{v.Table} → {v.Parent}").Distinct().Take(3));
        string start = $"the step passes on empty tables, but with rows it leaves rows whose foreign key has no parent row ({pairs}): " +
                       "apply checks foreign keys before commit and would fail";
        return failure.MissingParents is { Count: > 0 } ? start + RenamedParents(failure) : start + "; keep or copy the parent rows, or delete the child rows first";
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
            if (whole.Keyword(i) == "FROM") return whole.Keyword(i + 2) == "." ? whole.Word(i + 3) : whole.Word(i + 1);
        }

        return null;
    }

    private static string? InsertTarget(SqlStatement statement)
    {
        for (int i = 1; i < statement.Words.Count; i++)
        {
            if (statement.Keyword(i) == "INTO") return statement.Keyword(i + 2) == "." ? statement.Word(i + 3) : statement.Word(i + 1);
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
