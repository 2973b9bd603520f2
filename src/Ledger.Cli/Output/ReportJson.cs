using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Execution;
using Ledger.Planning;

namespace Ledger.Cli.Output;

/// <summary>
/// How the reports of <c>apply</c>, <c>rollback</c>, <c>baseline</c>, <c>status</c>, <c>verify</c> and <c>plan</c> are
/// written as JSON: indented, camelCase, enums as camelCase words, nulls left out. The serializer code is generated at
/// build time (System.Text.Json source generation), so the native build needs no reflection to write them; that is why
/// every document is one of the named records below, with concrete property types, and not an anonymous object.
/// The JSON keys are the records' properties in declaration order: reordering or renaming a property changes the
/// output users parse (CLI tests pin whole documents).
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnum<DatabaseOutcome>), typeof(CamelCaseEnum<PlanStatus>)])]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(InspectionDocument))]
internal sealed partial class ReportJson : JsonSerializerContext;

/// <summary>An enum written as its camelCase name (<c>rolledBack</c>), by the generic (trimming-safe) converter.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class CamelCaseEnum<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;

/// <summary>The result of <c>apply</c>, <c>rollback</c> or <c>baseline</c>.</summary>
internal sealed record RunDocument(
    string? Direction,
    string Target,
    int ExitCode,
    RunCounts Summary,
    string? UsersNotReached,
    RunDatabase? System,
    IEnumerable<RunDatabase> Users,
    IEnumerable<RunScope> Scopes);

/// <summary>The counts of a set's members (or of every set's, in <see cref="RunDocument.Summary"/>).</summary>
internal sealed record RunCounts(
    int Migrated,
    int? RolledBack,
    int? Stamped,
    int Current,
    int Failed,
    int Skipped,
    int Drift,
    int Ahead,
    int NotStarted);

/// <summary>One scope of a run: a set's counts, or a single-database scope's database.</summary>
internal sealed record RunScope(string Name, bool Set, string? Engine, RunCounts? Summary, string? NotReached, RunDatabase? Database);

/// <summary>What a run did to one database.</summary>
internal sealed record RunDatabase(
    string Scope,
    string Name,
    string Path,
    DatabaseOutcome Outcome,
    string? From,
    string? To,
    IEnumerable<RunStep> Steps,
    RunFailure? Failure,
    IEnumerable<string>? Drift,
    string? Message,
    IReadOnlyList<string>? Warnings,
    string? Backup,
    long DurationMs);

/// <summary>A step a run committed.</summary>
internal sealed record RunStep(string From, string To, string Kind, long DurationMs);

/// <summary>Why a database failed: the edge, the statement and where it is.</summary>
internal sealed record RunFailure(string Edge, string? Statement, string? File, int? Line, string Message);

/// <summary>The result of <c>status</c>, <c>verify</c> or <c>plan</c>.</summary>
internal sealed record InspectionDocument(
    string Target,
    int ExitCode,
    string? UsersNote,
    IEnumerable<InspectedScope> Scopes,
    IEnumerable<InspectedDatabase> Databases);

/// <summary>One scope, inspected.</summary>
internal sealed record InspectedScope(string Name, bool Set, string? Engine, int Databases, string? Note);

/// <summary>One database, inspected.</summary>
internal sealed record InspectedDatabase(
    string Scope,
    string Name,
    string Path,
    bool Exists,
    string? Version,
    PlanStatus? Status,
    string? Problem,
    IncompleteJson? Incomplete,
    string? Direction,
    IEnumerable<PendingStep>? Pending,
    IEnumerable<DriftJson>? Drift,
    IReadOnlyList<string>? Integrity);

/// <summary>A step a database would get (going down: from its upper version to its lower).</summary>
internal sealed record PendingStep(string From, string To, string Kind, string Title, string Checksum);

/// <summary>A recorded edge that disagrees with the ledger.</summary>
internal sealed record DriftJson(string From, string To, string? Recorded, string? Expected, string Message);

/// <summary>An incomplete database's started step: the edge, whether a rollback was running, and the statement.</summary>
internal sealed record IncompleteJson(
    string From,
    string To,
    string StartedAt,
    bool Rollback,
    int StatementNumber,
    string? Statement,
    string? File,
    int? Line);
