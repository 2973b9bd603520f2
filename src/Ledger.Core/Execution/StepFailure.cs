using Ledger.Diagnostics;

namespace Ledger.Execution;

/// <summary>Why a step failed: the edge, the statement and its line in the ledger, and the engine's message.</summary>
/// <param name="Edge">e.g. <c>0.3.19→0.3.20</c>.</param>
/// <param name="Statement">The failing statement, abbreviated; null when the failure is not a statement's.</param>
/// <param name="Location">The statement's place in the ledger, when there is one.</param>
/// <param name="Message">The engine's message, or Ledger's.</param>
public sealed record StepFailure(string Edge, string? Statement, SourceLocation? Location, string Message)
{
    /// <summary>
    /// The table the engine said already exists, when that is the failure (as the engine classifies it:
    /// <see cref="IErrorClassifier"/>); null otherwise.
    /// </summary>
    public string? ExistingTable { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        Location is null
            ? $"step {Edge}: {Message}"
            : $"step {Edge} failed at {Location.Path}:{Location.Line}: {Message}" + (Statement is null ? "" : $" in: {Statement}");
}
