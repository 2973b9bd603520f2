namespace Ledger.Execution;

/// <summary>A step that was committed to a database.</summary>
/// <param name="From">From version.</param>
/// <param name="To">To version.</param>
/// <param name="Kind"><c>applied</c> or <c>empty</c>.</param>
/// <param name="DurationMs">Time in the step.</param>
public sealed record AppliedStep(string From, string To, string Kind, long DurationMs);
