using System.Text.Json;
using Ledger.Inspection;
using Ledger.Planning;
using Ledger.Versions;

namespace Ledger.Cli.Output;

/// <summary>Prints inspections: the <c>status</c> table, <c>verify</c> findings and <c>plan</c> text, or JSON.</summary>
public static class InspectionReport
{
    /// <summary>
    /// A table: database, version, pending steps, drift, in aligned columns under a rule (drawn with box characters on a
    /// terminal, with dashes in a log). Rows of <see cref="Grouping.GroupFrom"/> or more databases of a set that read the
    /// same are one row (<c>1,999 user databases</c>); <c>--format json</c> lists every database.
    /// </summary>
    public static void WriteStatusTable(TextWriter output, InspectionResult result, Func<string, string> shown, bool terminal = false)
    {
        var rows = new List<string[]>();
        int grouped = 0;
        foreach (IReadOnlyList<DatabaseInspection> group in Grouping.Groups(result.All, i => Grouping.Key(i.Target.Scope, Grouping.Kind(i.Target), Version(i), Pending(i), Drift(i))))
        {
            DatabaseInspection i = group[0];
            if (group.Count > 1) grouped++;
            rows.Add([group.Count == 1 ? Name(i) : Grouping.Databases(group.Count, i.Target.Scope), Version(i), Pending(i), Drift(i)]);
        }

        TextTable.Write(output, ["DATABASE", "VERSION", "PENDING", "DRIFT"], rows, terminal);
        int all = result.All.Count();
        output.WriteLine($"target {result.Target}; {Grouping.Count(all)} database(s), " +
                         $"{Grouping.Count(result.All.Count(i => i.Plan?.Status == PlanStatus.Pending))} with pending steps, " +
                         $"{Grouping.Count(result.All.Count(i => i.HasDrift))} with drift" +
                         (result.All.Count(i => i.Problem is not null) is int unreadable and > 0 ? $", {Grouping.Count(unreadable)} unreadable" : "") +
                         (result.All.Count(i => i.IsIncomplete) is int incomplete and > 0 ? $", {Grouping.Count(incomplete)} incomplete" : ""));
        if (grouped > 0) output.WriteLine($"rows of {Grouping.GroupFrom} or more databases in the same state are shown once; --format json lists every database");
        var problems = result.All.Where(i => i.Problem is not null).Select(i => (i, $"cannot be read: {i.Problem}"))
            .Concat(result.All.Where(i => i.Plan?.Untracked is not null).Select(i => (i, i.Plan!.Untracked!)))
            .Concat(result.All.Where(i => i.IsIncomplete).Select(i => (i, i.Plan!.Problem ?? "incomplete")));
        WriteProblems(output, problems, shown);
        DriftNote(output, result);
        if (result.UsersNote is not null) output.WriteLine($"note: {result.UsersNote}");

        string Name(DatabaseInspection i) => Printing.Name(i.Target, shown);
    }

    /// <summary><c>verify</c>: one line per problem of a database (the same problem of many databases once), then a summary.</summary>
    public static void WriteVerify(TextWriter output, InspectionResult result, Func<string, string> shown)
    {
        int bad = 0;
        var lines = new List<(DatabaseInspection, string)>();
        foreach (DatabaseInspection i in result.All)
        {
            var problems = new List<string>();
            if (i.Problem is not null) problems.Add($"cannot be read: {i.Problem}");
            if (i.Plan?.Status == PlanStatus.Ahead) problems.Add($"ahead of the ledger: {i.Plan.Problem}");
            if (i.Plan?.Status == PlanStatus.Refused) problems.Add($"cannot be migrated: {i.Plan.Problem}");
            problems.AddRange(i.Plan?.Drift.Select(d => $"drift: {d.Describe()}") ?? []);
            problems.AddRange(i.IntegrityProblems.Select(p => $"integrity: {p}"));
            if (problems.Count == 0) continue;
            bad++;
            lines.AddRange(problems.Select(p => (i, p)));
        }

        WriteProblems(output, lines, shown);
        output.WriteLine(bad == 0
            ? $"verified {Grouping.Count(result.All.Count())} database(s): no drift, integrity ok"
            : $"{Grouping.Count(bad)} of {Grouping.Count(result.All.Count())} database(s) have problems");
        DriftNote(output, result);
        if (result.UsersNote is not null) output.WriteLine($"note: {result.UsersNote}");
    }

    /// <summary>
    /// Problems, one line each (<c>user alice (data/users/alice.db): …</c>); the same problem of
    /// <see cref="Grouping.GroupFrom"/> or more databases of a set once, with how many and a few names.
    /// </summary>
    private static void WriteProblems(TextWriter output, IEnumerable<(DatabaseInspection Database, string Problem)> problems, Func<string, string> shown)
    {
        foreach (var group in Grouping.Groups(problems, p => Grouping.Key(p.Database.Target.Scope, Grouping.Kind(p.Database.Target), p.Problem)))
        {
            var (i, problem) = group[0];
            output.WriteLine(group.Count == 1 ? $"{Printing.Name(i.Target, shown, userPath: true)}: {problem}"
                : $"{Grouping.Databases(group.Count, i.Target.Scope)}: {problem}\n  {Grouping.ExampleNames(group.Select(p => p.Database.Target.Name).ToList())}");
        }
    }

    /// <summary>
    /// <c>plan</c> as text: per database, the steps it would get, scope by scope as they run (for a rollback: in reverse).
    /// <see cref="Grouping.GroupFrom"/> or more databases of a set that would get the same steps are one entry
    /// (<c>1,999 user databases: 0.3.0 → 0.4.0, 3 step(s)</c>, a few of their names, then the steps once).
    /// </summary>
    /// <param name="output">stdout.</param>
    /// <param name="result">The inspection.</param>
    /// <param name="shown">Makes a path short for people.</param>
    /// <param name="downTo">For <c>plan --rollback-to</c>: the version it goes back to (a database below it says so).</param>
    public static void WritePlan(TextWriter output, InspectionResult result, Func<string, string> shown, SemVersion? downTo = null)
    {
        bool down = result.All.Any(i => i.Plan?.Direction == PlanDirection.Down);
        foreach (IReadOnlyList<DatabaseInspection> group in Grouping.Groups(InRunOrder(result, down),
                     i => Grouping.Key(i.Target.Scope, Grouping.Kind(i.Target), i.Exists ? "exists" : "new", Summary(i, downTo), string.Join("\n", Steps(i)))))
        {
            DatabaseInspection i = group[0];
            string created = i.Exists ? "" : " (would be created)";
            if (group.Count == 1)
            {
                output.WriteLine($"{Printing.Name(i.Target, shown)}{created}: {Summary(i, downTo)}");
            }
            else
            {
                output.WriteLine($"{Grouping.Databases(group.Count, i.Target.Scope)}{created}: {Summary(i, downTo)}");
                output.WriteLine($"  ({Grouping.ExampleNames(group.Select(g => g.Target.Name).ToList())})");
            }

            foreach (string step in Steps(i)) output.WriteLine(step);
        }

        DriftNote(output, result);
        if (result.UsersNote is not null) output.WriteLine($"note: {result.UsersNote}");
    }

    /// <summary>A database's pending steps, one line each as <c>plan</c> prints them.</summary>
    private static IEnumerable<string> Steps(DatabaseInspection i)
    {
        foreach (var step in i.Plan?.Pending ?? [])
        {
            Model.MigrationBlock? block = i.Plan!.BlockOf(step);
            bool up = i.Plan.Direction == PlanDirection.Up;
            string what = block?.HasSql == true ? $"{block.Statements.Count} statement(s) from {block.Start.Path}:{block.Start.Line}"
                : up ? "empty (no SQL for this scope)" : "no down block needed (no SQL for this scope): only its row in the history table is deleted";
            yield return up ? $"  {step.Step.From} → {step.Step.To}  {what}  {step.Title}" : $"  {step.Step.To} → {step.Step.From}  {what}  {step.Title}";
        }
    }

    /// <summary>What to do about drift, once, when a database has drifted.</summary>
    private static void DriftNote(TextWriter output, InspectionResult result)
    {
        if (result.All.Any(i => i.HasDrift)) output.WriteLine($"note: {DriftedEdge.WhatToDo}");
    }

    /// <summary>Inspections as JSON (status, verify and plan).</summary>
    public static void WriteJson(TextWriter output, InspectionResult result, Func<string, string> shown, int exitCode)
    {
        var document = new InspectionDocument(
            Target: result.Target.Normalized,
            ExitCode: exitCode,
            UsersNote: result.UsersNote,
            Scopes: result.Scopes.Select(s => new InspectedScope(s.Scope.Name, s.Scope.IsSet, s.Scope.Engine, s.Databases.Count, s.Note)),
            Databases: result.All.Select(i => new InspectedDatabase(
                Scope: i.Target.Scope,
                Name: i.Target.Name,
                Path: shown(i.Target.Display),
                Exists: i.Exists,
                Version: i.Plan?.Current.Normalized,
                Status: i.Plan?.Status,
                Problem: i.Problem ?? i.Plan?.Problem,
                Incomplete: i.IsIncomplete ? Printing.Incomplete(i.Plan!.Incomplete!) : null,
                Direction: i.Plan?.Direction == PlanDirection.Down ? "down" : null,
                Pending: i.Plan?.Pending.Select(s => i.Plan.Direction == PlanDirection.Up
                    ? new PendingStep(From: s.Step.From.Normalized, To: s.Step.To.Normalized, Kind: s.Kind, Title: s.Title, Checksum: s.Checksum)
                    : new PendingStep(From: s.Step.To.Normalized, To: s.Step.From.Normalized, Kind: s.HasDownSql ? "applied" : "empty", Title: s.Title, Checksum: s.DownBlock?.Checksum ?? Model.Checksum.Empty)),
                Drift: i.Plan is { Drift.Count: > 0 } ? i.Plan.Drift.Select(d => new DriftJson(d.From, d.To, d.Recorded, d.Expected, d.Describe())) : null,
                Integrity: i.IntegrityProblems.Count == 0 ? null : i.IntegrityProblems)));
        output.WriteLine(JsonSerializer.Serialize(document, ReportJson.Default.InspectionDocument));
    }

    /// <summary>The databases in the order a run takes them: scopes in declared order, or in reverse for a rollback.</summary>
    public static IEnumerable<DatabaseInspection> InRunOrder(InspectionResult result, bool down) =>
        Execution.ScopeOrder.InRunOrder(result.Scopes, down ? PlanDirection.Down : PlanDirection.Up).SelectMany(s => s.Databases);

    private static string Summary(DatabaseInspection i, SemVersion? downTo) => i.Problem is not null ? $"cannot be read: {i.Problem}" : i.Plan!.Status switch
    {
        PlanStatus.Current when downTo is not null && i.Plan.Current < downTo => $"at {i.Plan.Current}, below {downTo}: nothing to roll back",
        PlanStatus.Current => $"at {i.Plan.Current}, nothing to do",
        PlanStatus.Pending => $"{i.Plan.Current} → {i.Plan.Target}, {i.Plan.Pending.Count} step(s)" + (i.Plan.Direction == PlanDirection.Down ? " back" : ""),
        PlanStatus.Drift => $"drift, would not be changed: {string.Join("; ", i.Plan.Drift.Select(d => d.Describe()))}",
        PlanStatus.Refused => $"REFUSED, would not be changed: {i.Plan.Problem}",
        _ => $"would not be changed: {i.Plan.Problem}",
    };

    private static string Version(DatabaseInspection i) => i.Problem is not null ? "?" : !i.Exists ? "(missing)"
        : i.Plan is { UnrecordedTables.Count: > 0 } ? "(tables, no history table)" : i.Plan!.Current.Normalized;

    private static string Pending(DatabaseInspection i) => i.Plan switch
    {
        null => "-",
        { Status: PlanStatus.Ahead } p => $"ahead of {p.Target}",
        { Status: PlanStatus.Refused, Incomplete: not null } => "INCOMPLETE",
        { Status: PlanStatus.Refused } => "refused",
        { Status: PlanStatus.Drift } => "-",
        var p => p.Pending.Count == 0 ? "0" : $"{p.Pending.Count} (→ {p.Target})",
    };

    private static string Drift(DatabaseInspection i) => i.Problem is not null ? "unreadable" : i.HasDrift ? $"{i.Plan!.Drift.Count} edge(s)" : "no";
}
