using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>A step that was committed to a database, in the direction it was walked.</summary>
/// <param name="From">The version it left (going down, the step's upper version).</param>
/// <param name="To">The version it reached.</param>
/// <param name="Kind"><c>applied</c>, <c>empty</c> or <c>baselined</c>.</param>
/// <param name="DurationMs">Time in the step.</param>
public sealed record AppliedStep(SemVersion From, SemVersion To, string Kind, long DurationMs);
