using System.Text.Json;
using Ledger.Execution;
using Ledger.Planning;

namespace Ledger.Cli.Output;

/// <summary>Prints the result of <c>apply</c> and <c>rollback</c> (and lines for <c>baseline</c>): a summary for people, or JSON.</summary>
public static class RunReport
{
    /// <summary>One line for a database.</summary>
    public static string Line(DatabaseResult r, Func<string, string> shown)
    {
        string name = Printing.Name(r.Target, shown);
        string body = r.Outcome switch
        {
            DatabaseOutcome.Migrated or DatabaseOutcome.RolledBack =>
                $"{Describe(r.Outcome, r.Direction == PlanDirection.Down)} {r.From} → {r.To} ({r.Applied.Count} step{(r.Applied.Count == 1 ? "" : "s")}, {r.DurationMs} ms)" +
                (r.BackupPath is null ? "" : $", backup {shown(r.BackupPath)}"),
            DatabaseOutcome.Stamped => $"stamped at {r.To} ({r.Applied.Count} edge(s) recorded as baselined)",
            DatabaseOutcome.Current => $"already at {r.To}",
            DatabaseOutcome.Failed when r.Failure is not null => $"FAILED: {r.Failure}" + LeftAt(r),
            DatabaseOutcome.Failed => $"FAILED: {r.Message}" + LeftAt(r),
            DatabaseOutcome.Drift => "DRIFT, not changed: " + string.Join("; ", r.Drift.Select(d => d.Describe())),
            DatabaseOutcome.Ahead => $"AHEAD, not changed: {r.Message}",
            _ => $"skipped: {r.Message}" + LeftAt(r),
        };
        IEnumerable<string> notes = r.Outcome == DatabaseOutcome.Drift ? r.Warnings : r.Drift.Select(d => $"drift allowed: {d.Describe()}").Concat(r.Warnings);
        string warnings = string.Concat(notes.Select(w => $"\n  warning: {w}"));
        return $"{name}: {body}{warnings}";
    }

    /// <summary>
    /// The end-of-run summary: one line with, for each set, the counts of its members, then each single-database
    /// scope's outcome; a note for every reason databases were not reached; then every database that did not end well.
    /// </summary>
    public static void WriteText(TextWriter output, RunResult result, Func<string, string> shown)
    {
        bool down = result.Direction == PlanDirection.Down;
        IEnumerable<ScopeResult> inRunOrder = ScopeOrder.InRunOrder(result.Scopes, result.Direction);
        var parts = inRunOrder.Where(s => s.IsSet).Select(s => SetCounts(s, down))
            .Concat(result.Scopes.Where(s => !s.IsSet).Select(s => $"{s.Name} {(s.Databases.SingleOrDefault() is { } one ? Describe(one.Outcome, down) : "not reached")}"));
        output.WriteLine($"{(down ? "rollback to" : "target")} {result.Target}: {string.Join("; ", parts)}");
        foreach (string note in result.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        // Single databases first: when one fails, its reason (statement, line, the engine's message) must be in the
        // summary too, not only in the progress lines on stderr, which a deploy log may not keep.
        var notWell = result.Scopes.Where(s => !s.IsSet).Concat(result.Scopes.Where(s => s.IsSet))
            .SelectMany(s => s.Databases.Where(r => !r.Succeeded).OrderBy(r => r.Target.Name, StringComparer.Ordinal)).ToList();
        if (notWell.Count > 0)
        {
            output.WriteLine("not done:");
            foreach (DatabaseResult r in notWell.Take(50))
            {
                output.WriteLine("  " + Line(r, shown).Replace("\n", "\n  ", StringComparison.Ordinal));
            }

            if (notWell.Count > 50) output.WriteLine($"  … and {notWell.Count - 50} more (use --format json for all)");
        }

        if (result.Scopes.Any(s => s.Databases.Any(r => r.Outcome == DatabaseOutcome.Drift))) output.WriteLine($"note: {DriftedEdge.WhatToDo}");

        foreach (DatabaseResult r in result.Users.Where(r => r.Succeeded && (r.Warnings.Count > 0 || r.Drift.Count > 0)).Take(20))
        {
            foreach (string w in r.Drift.Select(d => $"drift allowed: {d.Describe()}").Concat(r.Warnings)) output.WriteLine($"warning: {r.Target.Scope} {r.Target.Name}: {w}");
        }
    }

    /// <summary>A set's counts: <c>3 migrated, 0 already current, 0 failed, 0 skipped (of 3 user databases)</c>.</summary>
    private static string SetCounts(ScopeResult s, bool down)
    {
        int listed = s.Databases.Count + s.NotStarted;
        return $"{s.Count(down ? DatabaseOutcome.RolledBack : DatabaseOutcome.Migrated)} {(down ? "rolled back" : "migrated")}, " +
               $"{s.Count(DatabaseOutcome.Current)} already {(down ? "there" : "current")}, " +
               $"{s.Count(DatabaseOutcome.Failed)} failed, {s.Count(DatabaseOutcome.Skipped)} skipped" +
               Extra(s, DatabaseOutcome.Drift, "drift") + Extra(s, DatabaseOutcome.Ahead, "ahead") +
               (s.NotStarted > 0 ? $", {s.NotStarted} not started" : "") +
               $" (of {listed} {s.Name} database{(listed == 1 ? "" : "s")})";
    }

    /// <summary>
    /// The whole result as JSON: <c>summary</c>, <c>system</c> and <c>users</c> as for the two legacy scopes (the
    /// counts and entries of every set's members, the <c>system</c> scope's database), and <c>scopes</c>, every scope in
    /// declared order with its own counts and, for a single-database scope, its database.
    /// </summary>
    public static void WriteJson(TextWriter output, RunResult result, Func<string, string> shown)
    {
        bool down = result.Direction == PlanDirection.Down;
        var document = new RunDocument(
            Direction: down ? "down" : null,
            Target: result.Target,
            ExitCode: result.ExitCode,
            Summary: Summary(result.Users, result.UsersNotStarted, down),
            UsersNotReached: result.UsersNotReached,
            System: result.System is null ? null : Dto(result.System, shown),
            Users: result.Users.OrderBy(r => r.Target.Scope, StringComparer.Ordinal).ThenBy(r => r.Target.Name, StringComparer.Ordinal).Select(r => Dto(r, shown)),
            Scopes: result.Scopes.Select(s => new RunScope(
                Name: s.Name,
                Set: s.IsSet,
                Engine: s.Scope.Engine,
                Summary: s.IsSet ? Summary(s.Databases, s.NotStarted, down) : null,
                NotReached: s.NotReached,
                Database: s.IsSet || s.Databases.Count == 0 ? null : Dto(s.Databases[0], shown))));
        output.WriteLine(JsonSerializer.Serialize(document, ReportJson.Default.RunDocument));
    }

    private static RunCounts Summary(IReadOnlyList<DatabaseResult> results, int notStarted, bool down) => new(
        Migrated: Count(results, DatabaseOutcome.Migrated),
        RolledBack: down ? Count(results, DatabaseOutcome.RolledBack) : null,
        Stamped: Count(results, DatabaseOutcome.Stamped) is int n and > 0 ? n : null,
        Current: Count(results, DatabaseOutcome.Current),
        Failed: Count(results, DatabaseOutcome.Failed),
        Skipped: Count(results, DatabaseOutcome.Skipped),
        Drift: Count(results, DatabaseOutcome.Drift),
        Ahead: Count(results, DatabaseOutcome.Ahead),
        NotStarted: notStarted);

    private static RunDatabase Dto(DatabaseResult r, Func<string, string> shown) => new(
        Scope: r.Target.Scope,
        Name: r.Target.Name,
        Path: shown(r.Target.Display),
        Outcome: r.Outcome,
        From: r.From?.Normalized,
        To: r.To?.Normalized,
        Steps: r.Applied.Select(s => new RunStep(s.From.Normalized, s.To.Normalized, s.Kind, s.DurationMs)),
        Failure: r.Failure is null ? null : new RunFailure(
            Edge: r.Failure.Edge,
            Statement: r.Failure.Statement,
            File: r.Failure.Location?.Path,
            Line: r.Failure.Location?.Line,
            Message: r.Failure.Message),
        Drift: r.Drift.Count == 0 ? null : r.Drift.Select(d => d.Describe()),
        Message: r.Message,
        Warnings: r.Warnings.Count == 0 ? null : r.Warnings,
        Backup: r.BackupPath is null ? null : shown(r.BackupPath),
        DurationMs: r.DurationMs);

    private static string LeftAt(DatabaseResult r) => r.LeftAt is string left ? $" ({left})" : "";

    private static int Count(IReadOnlyList<DatabaseResult> results, DatabaseOutcome outcome) => results.Count(r => r.Outcome == outcome);

    private static string Extra(ScopeResult s, DatabaseOutcome outcome, string word) => s.Count(outcome) is int n and > 0 ? $", {n} {word}" : "";

    /// <summary>An outcome in the summary: <c>migrated</c>, <c>rolled back</c>, <c>already current</c>, <c>failed</c>.</summary>
    private static string Describe(DatabaseOutcome outcome, bool down) => outcome switch
    {
        DatabaseOutcome.RolledBack => "rolled back",
        DatabaseOutcome.Current => down ? "already there" : "already current",
        _ => outcome.Word(),
    };
}
