using Ledger.Diagnostics;
using Ledger.Execution;
using Ledger.Hosting;

namespace Ledger.Sqlite.Hosting;

/// <summary>
/// What <see cref="SqliteLedger.MigrateAsync"/> did: plain data, never an exception for a migration's problem (the
/// <see cref="LedgerHostResult"/> of the engine-agnostic host, under the name existing callers use).
/// </summary>
/// <param name="Succeeded">True when every database ended migrated or already current.</param>
/// <param name="Message">One line for a log or an exception message.</param>
/// <param name="LedgerErrors">The ledger's errors when it could not be used (nothing was touched); otherwise empty.</param>
/// <param name="Run">Every database's result, when the ledger was usable.</param>
public sealed record SqliteLedgerResult(bool Succeeded, string Message, IReadOnlyList<Diagnostic> LedgerErrors, RunResult? Run)
    : LedgerHostResult(Succeeded, Message, LedgerErrors, Run);
