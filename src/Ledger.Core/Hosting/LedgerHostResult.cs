using Ledger.Diagnostics;
using Ledger.Execution;

namespace Ledger.Hosting;

/// <summary>What <see cref="LedgerHost.MigrateAsync"/> did: plain data, never an exception for a migration's problem.</summary>
/// <param name="Succeeded">True when every database ended migrated or already current.</param>
/// <param name="Message">One line for a log or an exception message.</param>
/// <param name="LedgerErrors">The ledger's errors when it could not be used (nothing was touched); otherwise empty.</param>
/// <param name="Run">Every scope's and database's result, when the ledger was usable.</param>
public record LedgerHostResult(bool Succeeded, string Message, IReadOnlyList<Diagnostic> LedgerErrors, RunResult? Run)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
