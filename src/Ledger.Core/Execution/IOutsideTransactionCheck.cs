using Ledger.Sql;

namespace Ledger.Execution;

/// <summary>
/// An engine capability: a statement run after the last statement of a no-transaction block going up, before the step's
/// journal row becomes <c>applied</c>. It fails (an error from the database, with a message saying what is wrong and
/// what to do) when the block left something the engine knows to be broken although every statement succeeded: a
/// statement rerun by <c>apply --resume</c> may skip an object an interrupted run left half made. The step then fails
/// like a statement of the block would, its row stays <c>started</c>, and the plan shows the check
/// (<see cref="Planning.StatementKind.Verify"/> in the no-transaction unit).
/// </summary>
public interface IOutsideTransactionCheck
{
    /// <summary>The check for a block with these statements (as the engine splits them), or null when it needs none.</summary>
    string? Sql(IReadOnlyList<SqlStatement> block);
}
