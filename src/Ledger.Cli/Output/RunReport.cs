using System.Text.Json;
using Ledger.Execution;

namespace Ledger.Cli.Output;

/// <summary>Prints the result of <c>apply</c> (and of <c>baseline</c>): a summary for people, or JSON.</summary>
public static class RunReport
{
    /// <summary>One line for a database.</summary>
    public static string Line(DatabaseResult r, Func<string, string> shown)
    {
        string name = Printing.Name(r.Target, shown);
        string body = r.Outcome switch
        {
            DatabaseOutcome.Migrated => $"{(IsDown(r) ? "rolled back" : "migrated")} {r.From} → {r.To} ({r.Applied.Count} step{(r.Applied.Count == 1 ? "" : "s")}, {r.DurationMs} ms)" +
                                        (r.BackupPath is null ? "" : $", backup {shown(r.BackupPath)}"),
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

    /// <summary>The end-of-run summary: counts, then every database that did not end well.</summary>
    public static void WriteText(TextWriter output, RunResult result, Func<string, string> shown)
    {
        var users = result.Users;
        int listed = users.Count + result.UsersNotStarted;
        bool down = result.Direction == Planning.PlanDirection.Down;
        output.WriteLine(
            $"{(down ? "rollback to" : "target")} {result.Target}: " +
            $"{Count(users, DatabaseOutcome.Migrated)} {(down ? "rolled back" : "migrated")}, {Count(users, DatabaseOutcome.Current)} already {(down ? "there" : "current")}, " +
            $"{Count(users, DatabaseOutcome.Failed)} failed, {Count(users, DatabaseOutcome.Skipped)} skipped" +
            Extra(users, DatabaseOutcome.Drift, "drift") + Extra(users, DatabaseOutcome.Ahead, "ahead") +
            (result.UsersNotStarted > 0 ? $", {result.UsersNotStarted} not started" : "") +
            $" (of {listed} user database{(listed == 1 ? "" : "s")})" +
            (result.System is null ? "" : $"; system {Describe(result.System.Outcome, down)}"));
        if (result.UsersNotReached is not null)
        {
            output.WriteLine($"note: {result.UsersNotReached}");
        }

        // The system database first: when it fails, its reason (statement, line, SQLite's message) must be in the summary
        // too, not only in the progress lines on stderr, which a deploy log may not keep.
        var notWell = users.Where(r => r.Outcome is not (DatabaseOutcome.Migrated or DatabaseOutcome.Current)).OrderBy(r => r.Target.Name, StringComparer.Ordinal)
            .Prepend(result.System).OfType<DatabaseResult>().Where(r => r.Outcome is not (DatabaseOutcome.Migrated or DatabaseOutcome.Current)).ToList();
        if (notWell.Count > 0)
        {
            output.WriteLine("not done:");
            foreach (DatabaseResult r in notWell.Take(50))
            {
                output.WriteLine("  " + Line(r, shown).Replace("\n", "\n  ", StringComparison.Ordinal));
            }

            if (notWell.Count > 50) output.WriteLine($"  … and {notWell.Count - 50} more (use --format json for all)");
        }

        foreach (DatabaseResult r in users.Where(r => r.Outcome is DatabaseOutcome.Migrated or DatabaseOutcome.Current && (r.Warnings.Count > 0 || r.Drift.Count > 0)).Take(20))
        {
            foreach (string w in r.Drift.Select(d => $"drift allowed: {d.Describe()}").Concat(r.Warnings)) output.WriteLine($"warning: user {r.Target.Name}: {w}");
        }
    }

    /// <summary>The whole result as JSON.</summary>
    public static void WriteJson(TextWriter output, RunResult result, Func<string, string> shown)
    {
        var document = new
        {
            direction = result.Direction == Planning.PlanDirection.Down ? "down" : null,
            target = result.Target,
            exitCode = result.ExitCode,
            summary = new
            {
                migrated = Count(result.Users, DatabaseOutcome.Migrated),
                current = Count(result.Users, DatabaseOutcome.Current),
                failed = Count(result.Users, DatabaseOutcome.Failed),
                skipped = Count(result.Users, DatabaseOutcome.Skipped),
                drift = Count(result.Users, DatabaseOutcome.Drift),
                ahead = Count(result.Users, DatabaseOutcome.Ahead),
                notStarted = result.UsersNotStarted,
            },
            usersNotReached = result.UsersNotReached,
            system = result.System is null ? null : Dto(result.System, shown),
            users = result.Users.OrderBy(r => r.Target.Name, StringComparer.Ordinal).Select(r => Dto(r, shown)),
        };
        output.WriteLine(JsonSerializer.Serialize(document, Printing.Json));
    }

    private static object Dto(DatabaseResult r, Func<string, string> shown) => new
    {
        scope = r.Target.Scope,
        name = r.Target.Name,
        path = shown(r.Target.Location),
        outcome = r.Outcome,
        from = r.From,
        to = r.To,
        steps = r.Applied.Select(s => new { from = s.From, to = s.To, kind = s.Kind, durationMs = s.DurationMs }),
        failure = r.Failure is null ? null : new
        {
            edge = r.Failure.Edge,
            statement = r.Failure.Statement,
            file = r.Failure.Location?.Path,
            line = r.Failure.Location?.Line,
            message = r.Failure.Message,
        },
        drift = r.Drift.Count == 0 ? null : r.Drift.Select(d => d.Describe()),
        message = r.Message,
        warnings = r.Warnings.Count == 0 ? null : r.Warnings,
        backup = r.BackupPath is null ? null : shown(r.BackupPath),
        durationMs = r.DurationMs,
    };

    private static string LeftAt(DatabaseResult r) => r.LeftAt is string left ? $" ({left})" : "";

    private static int Count(IReadOnlyList<DatabaseResult> results, DatabaseOutcome outcome) => results.Count(r => r.Outcome == outcome);

    private static string Extra(IReadOnlyList<DatabaseResult> results, DatabaseOutcome outcome, string word) =>
        Count(results, outcome) is int n and > 0 ? $", {n} {word}" : "";

    /// <summary>True for a database a rollback moved down.</summary>
    private static bool IsDown(DatabaseResult r) =>
        r.Applied.Count > 0 && Versions.SemVersion.TryParse(r.Applied[0].From, out var from, out _) &&
        Versions.SemVersion.TryParse(r.Applied[0].To, out var to, out _) && to < from;

    private static string Describe(DatabaseOutcome outcome, bool down) => outcome switch
    {
        DatabaseOutcome.Migrated => down ? "rolled back" : "migrated",
        DatabaseOutcome.Current => down ? "already there" : "already current",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
