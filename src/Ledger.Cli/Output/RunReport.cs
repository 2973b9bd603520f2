using System.Text.Json;
using Ledger.Execution;
using Ledger.Planning;
using Ledger.Versions;

namespace Ledger.Cli.Output;

/// <summary>Prints the result of <c>apply</c> and <c>rollback</c> (and lines for <c>baseline</c>): a summary for people, or JSON.</summary>
public static class RunReport
{
    /// <summary>One line for a database.</summary>
    /// <param name="r">The database's result.</param>
    /// <param name="shown">Makes a path short for people.</param>
    /// <param name="downTo">For a rollback: the version it goes back to (a database below it says so).</param>
    public static string Line(DatabaseResult r, Func<string, string> shown, SemVersion? downTo = null) => $"{Printing.Name(r.Target, shown)}: {Body(r, shown, downTo)}";

    /// <summary>What <see cref="Line"/> says after the database's name (the same words for every database it is true of).</summary>
    private static string Body(DatabaseResult r, Func<string, string> shown, SemVersion? downTo)
    {
        string body = r.Outcome switch
        {
            DatabaseOutcome.Migrated or DatabaseOutcome.RolledBack =>
                $"{Describe(r.Outcome, r.Direction == PlanDirection.Down)} {r.From} → {r.To} ({r.Applied.Count} step{(r.Applied.Count == 1 ? "" : "s")}, {r.DurationMs} ms)" +
                (r.BackupPath is null ? "" : $", backup {shown(r.BackupPath)}"),
            DatabaseOutcome.Stamped => $"stamped at {r.To} ({r.Applied.Count} edge(s) recorded as baselined)",
            DatabaseOutcome.Current when IsBelow(r, downTo) => $"at {r.To}, below {downTo}: nothing to roll back",
            DatabaseOutcome.Current => $"already at {r.To}",
            DatabaseOutcome.Failed when r.Failure is not null => $"FAILED: {r.Failure}" + LeftAt(r),
            DatabaseOutcome.Failed => $"FAILED: {r.Message}" + LeftAt(r),
            DatabaseOutcome.Drift => "DRIFT, not changed: " + string.Join("; ", r.Drift.Select(d => d.Describe())),
            DatabaseOutcome.Ahead => $"AHEAD, not changed: {r.Message}",
            _ => $"skipped: {r.Message}" + LeftAt(r),
        };
        IEnumerable<string> notes = r.Outcome == DatabaseOutcome.Drift ? r.Warnings : r.Drift.Select(d => $"drift allowed: {d.Describe()}").Concat(r.Warnings);
        string warnings = string.Concat(notes.Select(w => $"\n  warning: {w}"));
        return body + (r.Hint is null ? "" : $"\n  hint: {r.Hint}") + warnings;
    }

    /// <summary>True for a database a rollback found below the version it goes back to (not at it).</summary>
    private static bool IsBelow(DatabaseResult r, SemVersion? downTo) =>
        r.Direction == PlanDirection.Down && downTo is not null && r.To is not null && r.To < downTo;

    /// <summary>The version a rollback goes back to, or null for apply and baseline.</summary>
    private static SemVersion? DownTo(RunResult result) =>
        result.Direction == PlanDirection.Down ? result.Target : null;

    /// <summary>
    /// The end-of-run summary: one line with, for each set, the counts of its members, then each single-database
    /// scope's outcome; a note for every reason databases were not reached; then every database that did not end well.
    /// </summary>
    public static void WriteText(TextWriter output, RunResult result, Func<string, string> shown)
    {
        bool down = result.Direction == PlanDirection.Down;
        SemVersion? downTo = DownTo(result);
        IEnumerable<ScopeResult> inRunOrder = ScopeOrder.InRunOrder(result.Scopes, result.Direction);
        var parts = inRunOrder.Where(s => s.IsSet).Select(s => SetCounts(s, down, downTo))
            .Concat(result.Scopes.Where(s => !s.IsSet).Select(s => $"{s.Name} {(s.Databases.SingleOrDefault() is { } one ? (IsBelow(one, downTo) ? $"at {one.To}, below {downTo}" : Describe(one.Outcome, down)) : "not reached")}"));
        output.WriteLine($"{(down ? "rollback to" : "target")} {result.Target}: {string.Join("; ", parts)}");
        if (result.Interrupted) output.WriteLine(Interrupted(result, down));
        foreach (string note in result.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        // Single databases first: when one fails, its reason (statement, line, the engine's message) must be in the
        // summary too, not only in the progress lines on stderr, which a deploy log may not keep. Databases that did
        // not end well for the same reason are one line: at 2,000 databases, one reason is one line, not 2,000.
        var notWell = result.Scopes.Where(s => !s.IsSet).Concat(result.Scopes.Where(s => s.IsSet))
            .SelectMany(s => s.Databases.Where(r => !r.Succeeded).OrderBy(r => r.Target.Name, StringComparer.Ordinal)).ToList();
        if (notWell.Count > 0)
        {
            output.WriteLine("not done:");
            IReadOnlyList<IReadOnlyList<DatabaseResult>> groups = Grouping.Groups(notWell, r => Grouping.Key(r.Target.Scope, Grouping.Kind(r.Target), Body(r, shown, downTo)));
            foreach (IReadOnlyList<DatabaseResult> group in groups.Take(NotDoneShown))
            {
                DatabaseResult first = group[0];
                string line = group.Count == 1 ? Line(first, shown, downTo)
                    : $"{Grouping.Databases(group.Count, first.Target.Scope)}: {Body(first, shown, downTo)}\n  {Grouping.ExampleNames(group.Select(r => r.Target.Name).ToList())}";
                output.WriteLine("  " + line.Replace("\n", "\n  ", StringComparison.Ordinal));
            }

            if (groups.Count > NotDoneShown)
            {
                int left = groups.Skip(NotDoneShown).Sum(g => g.Count);
                output.WriteLine($"  {Grouping.LeftOut(left, left == 1 ? "database" : "databases")}");
            }
        }

        if (result.Scopes.Any(s => s.Databases.Any(r => r.Outcome == DatabaseOutcome.Drift))) output.WriteLine($"note: {DriftedEdge.WhatToDo}");

        // Warnings of databases that ended well: the same warning of many databases is one line.
        var warnings = result.Users.Where(r => r.Succeeded)
            .SelectMany(r => r.Drift.Select(d => $"drift allowed: {d.Describe()}").Concat(r.Warnings).Select(w => (r.Target, Warning: w))).ToList();
        IReadOnlyList<IReadOnlyList<(DatabaseTarget Target, string Warning)>> warned = Grouping.Groups(warnings, w => Grouping.Key(w.Target.Scope, w.Warning));
        foreach (var group in warned.Take(WarningsShown))
        {
            DatabaseTarget target = group[0].Target;
            output.WriteLine(group.Count == 1 ? $"warning: {target.Scope} {target.Name}: {group[0].Warning}"
                : $"warning: {Grouping.Databases(group.Count, target.Scope)}: {group[0].Warning} ({Grouping.ExampleNames(group.Select(w => w.Target.Name).ToList())})");
        }

        if (warned.Count > WarningsShown)
        {
            int left = warned.Count - WarningsShown;
            output.WriteLine(Grouping.LeftOut(left, left == 1 ? "warning" : "warnings"));
        }
    }

    /// <summary>How many lines (a database, or a group of databases with the same reason) "not done:" shows.</summary>
    private const int NotDoneShown = 50;

    /// <summary>How many warning lines the summary shows.</summary>
    private const int WarningsShown = 20;

    /// <summary>
    /// After Ctrl+C: what the run did before it stopped, with the databases it never started:
    /// <c>interrupted: 312 migrated, 4 rolled back (stopped mid-step), 1,684 never started</c>.
    /// </summary>
    private static string Interrupted(RunResult result, bool down)
    {
        var all = result.All.ToList();
        int moved = all.Count(r => r.Outcome == DatabaseResult.Moved(result.Direction));
        int midStep = all.Count(r => r.Interrupted);
        int never = result.UsersNotStarted + result.Scopes.Count(s => !s.IsSet && s.NotReached is not null);
        var parts = new List<string> { $"{Grouping.Count(moved)} {(down ? "rolled back" : "migrated")}" };
        if (all.Count(r => r.Outcome == DatabaseOutcome.Current) is int current and > 0) parts.Add($"{Grouping.Count(current)} already {(down ? "there" : "current")}");
        if (all.Count(r => r.Outcome == DatabaseOutcome.Failed) is int failed and > 0) parts.Add($"{Grouping.Count(failed)} failed");
        parts.Add(down ? $"{Grouping.Count(midStep)} stopped mid-step (that step rolled back)" : $"{Grouping.Count(midStep)} rolled back (stopped mid-step)");
        parts.Add($"{Grouping.Count(never)} never started");
        return $"interrupted: {string.Join(", ", parts)}";
    }

    /// <summary>A set's counts: <c>3 migrated, 0 already current, 0 failed, 0 skipped (of 3 user databases)</c>.</summary>
    private static string SetCounts(ScopeResult s, bool down, SemVersion? downTo)
    {
        int listed = s.Databases.Count + s.NotStarted;
        int below = s.Databases.Count(r => r.Outcome == DatabaseOutcome.Current && IsBelow(r, downTo));
        return $"{N(s.Count(down ? DatabaseOutcome.RolledBack : DatabaseOutcome.Migrated))} {(down ? "rolled back" : "migrated")}, " +
               $"{N(s.Count(DatabaseOutcome.Current) - below)} already {(down ? "there" : "current")}, " +
               (below > 0 ? $"{N(below)} below {downTo} (nothing to roll back), " : "") +
               $"{N(s.Count(DatabaseOutcome.Failed))} failed, {N(s.Count(DatabaseOutcome.Skipped))} skipped" +
               Extra(s, DatabaseOutcome.Drift, "drift") + Extra(s, DatabaseOutcome.Ahead, "ahead") +
               (s.NotStarted > 0 ? $", {N(s.NotStarted)} not started" : "") +
               $" (of {N(listed)} {s.Name} database{(listed == 1 ? "" : "s")})";

        static string N(int n) => Grouping.Count(n);
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
            Target: result.Target.Normalized,
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

    private static string Extra(ScopeResult s, DatabaseOutcome outcome, string word) => s.Count(outcome) is int n and > 0 ? $", {Grouping.Count(n)} {word}" : "";

    /// <summary>An outcome in the summary: <c>migrated</c>, <c>rolled back</c>, <c>already current</c>, <c>failed</c>.</summary>
    private static string Describe(DatabaseOutcome outcome, bool down) => outcome switch
    {
        DatabaseOutcome.RolledBack => "rolled back",
        DatabaseOutcome.Current => down ? "already there" : "already current",
        _ => outcome.Word(),
    };
}
