using System.Text.Json;
using Ledger.Inspection;
using Ledger.Planning;

namespace Ledger.Cli.Output;

/// <summary>Prints inspections: the <c>status</c> table, <c>verify</c> findings and <c>plan</c> text, or JSON.</summary>
public static class InspectionReport
{
    /// <summary>A table: database, version, pending steps, drift.</summary>
    public static void WriteStatusTable(TextWriter output, InspectionResult result, Func<string, string> shown)
    {
        var rows = result.All.Select(i => new[]
        {
            Name(i), Version(i), Pending(i), Drift(i),
        }).ToList();
        string[] header = ["DATABASE", "VERSION", "PENDING", "DRIFT"];
        int[] widths = header.Select((h, c) => Math.Min(60, rows.Select(r => r[c].Length).Append(h.Length).Max())).ToArray();
        output.WriteLine(Row(header, widths));
        foreach (string[] row in rows) output.WriteLine(Row(row, widths));
        output.WriteLine($"target {result.Target}; {result.All.Count()} database(s), " +
                         $"{result.All.Count(i => i.Plan?.Status == PlanStatus.Pending)} with pending steps, " +
                         $"{result.All.Count(i => i.HasDrift)} with drift" +
                         (result.All.Count(i => i.Problem is not null) is int unreadable and > 0 ? $", {unreadable} unreadable" : "") +
                         (result.All.Count(i => i.IsIncomplete) is int incomplete and > 0 ? $", {incomplete} incomplete" : ""));
        foreach (DatabaseInspection i in result.All.Where(i => i.Problem is not null))
        {
            output.WriteLine($"{Printing.Name(i.Target, shown, userPath: true)}: cannot be read: {i.Problem}");
        }

        foreach (DatabaseInspection i in result.All.Where(i => i.Plan?.Untracked is not null))
        {
            output.WriteLine($"{Printing.Name(i.Target, shown, userPath: true)}: {i.Plan!.Untracked}");
        }

        foreach (DatabaseInspection i in result.All.Where(i => i.IsIncomplete))
        {
            output.WriteLine($"{Printing.Name(i.Target, shown, userPath: true)}: {i.Plan!.Problem}");
        }

        DriftNote(output, result);
        if (result.UsersNote is not null) output.WriteLine($"note: {result.UsersNote}");

        string Name(DatabaseInspection i) => Printing.Name(i.Target, shown);
    }

    /// <summary><c>verify</c>: one line per database with a problem, then a summary.</summary>
    public static void WriteVerify(TextWriter output, InspectionResult result, Func<string, string> shown)
    {
        int bad = 0;
        foreach (DatabaseInspection i in result.All)
        {
            string name = Printing.Name(i.Target, shown, userPath: true);
            var problems = new List<string>();
            if (i.Problem is not null) problems.Add($"cannot be read: {i.Problem}");
            if (i.Plan?.Status == PlanStatus.Ahead) problems.Add($"ahead of the ledger: {i.Plan.Problem}");
            if (i.Plan?.Status == PlanStatus.Refused) problems.Add($"cannot be migrated: {i.Plan.Problem}");
            problems.AddRange(i.Plan?.Drift.Select(d => $"drift: {d.Describe()}") ?? []);
            problems.AddRange(i.IntegrityProblems.Select(p => $"integrity: {p}"));
            if (problems.Count == 0) continue;
            bad++;
            foreach (string p in problems) output.WriteLine($"{name}: {p}");
        }

        output.WriteLine(bad == 0
            ? $"verified {result.All.Count()} database(s): no drift, integrity ok"
            : $"{bad} of {result.All.Count()} database(s) have problems");
        DriftNote(output, result);
        if (result.UsersNote is not null) output.WriteLine($"note: {result.UsersNote}");
    }

    /// <summary><c>plan</c> as text: per database, the steps it would get, scope by scope as they run (for a rollback: in reverse).</summary>
    public static void WritePlan(TextWriter output, InspectionResult result, Func<string, string> shown)
    {
        bool down = result.All.Any(i => i.Plan?.Direction == PlanDirection.Down);
        foreach (DatabaseInspection i in InRunOrder(result, down))
        {
            string name = Printing.Name(i.Target, shown);
            string created = i.Exists ? "" : " (would be created)";
            output.WriteLine($"{name}{created}: {Summary(i)}");
            foreach (var step in i.Plan?.Pending ?? [])
            {
                Model.MigrationBlock? block = i.Plan!.BlockOf(step);
                bool up = i.Plan.Direction == PlanDirection.Up;
                string what = block?.HasSql == true ? $"{block.Statements.Count} statement(s) from {block.Start.Path}:{block.Start.Line}"
                    : up ? "empty (no SQL for this scope)" : "no down block needed (no SQL for this scope): only its row in the history table is deleted";
                output.WriteLine(up ? $"  {step.Step.From} → {step.Step.To}  {what}  {step.Title}" : $"  {step.Step.To} → {step.Step.From}  {what}  {step.Title}");
            }
        }

        DriftNote(output, result);
        if (result.UsersNote is not null) output.WriteLine($"note: {result.UsersNote}");
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
            Target: result.Target,
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

    private static string Summary(DatabaseInspection i) => i.Problem is not null ? $"cannot be read: {i.Problem}" : i.Plan!.Status switch
    {
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

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, k) => (c.Length > widths[k] ? c[..(widths[k] - 1)] + "…" : c).PadRight(widths[k]))).TrimEnd();
}
