using System.Data.Common;
using Ledger.Planning;

namespace Ledger.Execution;

/// <summary>
/// A block's statement that a connection accepted earlier without running it at once failed when it ran. An engine may
/// send several statements of a transaction together (fewer round trips); a failure then surfaces in
/// <see cref="IMigrationConnection.ExecuteAsync"/> of a later statement of the same unit (the journal write, the
/// commit), and this exception names the statement that failed, so the failure is reported as that statement's, with
/// its line in the ledger.
/// </summary>
/// <param name="statement">The statement that failed (a <see cref="StatementKind.Block"/> one).</param>
/// <param name="failure">The engine's error.</param>
public sealed class DeferredStatementException(PlanStatement statement, DbException failure) : DbException(failure.Message, failure)
{
    /// <summary>The statement that failed.</summary>
    public PlanStatement Statement { get; } = statement;
}
