using Ledger.Execution;

namespace Ledger.Cli.Output;

/// <summary>What every report prints the same way: a database's name, an incomplete step (JSON in <see cref="ReportJson"/>).</summary>
public static class Printing
{
    /// <summary>
    /// <c>system (data/system.db)</c> for the one database of a single-database scope, <c>user alice</c> for a member of a
    /// set (with its path when <paramref name="userPath"/>).
    /// </summary>
    public static string Name(DatabaseTarget target, Func<string, string> shown, bool userPath = false) =>
        target.IsSingle ? $"{target.Scope} ({shown(target.Display)})"
        : userPath ? $"{target.Scope} {target.Name} ({shown(target.Display)})"
        : $"{target.Scope} {target.Name}";

    /// <summary>An incomplete database's started step, for JSON: the edge, whether a rollback was running, and the statement.</summary>
    internal static IncompleteJson Incomplete(Planning.IncompleteStep incomplete) => new(
        From: incomplete.Row.From,
        To: incomplete.Row.To,
        StartedAt: incomplete.Row.AppliedAt,
        Rollback: incomplete.Down,
        StatementNumber: incomplete.Number,
        Statement: incomplete.Statement is null ? null : Sql.SqlScript.Abbreviate(incomplete.Statement.Text),
        File: incomplete.Location?.Path,
        Line: incomplete.Location?.Line);
}
