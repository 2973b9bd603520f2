using System.Data.Common;

namespace Ledger.Journal;

/// <summary>
/// A journal row Ledger cannot read: a NULL where Ledger always writes a value, a value of another type than the one
/// Ledger writes, a version that is not a version, or a kind Ledger does not know. Ledger never writes such a row, so
/// the table was changed by something else (recreated without its constraints, edited by hand or by another tool).
/// It is a <see cref="DbException"/> (bad contents of the database), so every path that makes a database's errors that
/// database's failure treats it like any other error reading it.
/// </summary>
public sealed class JournalFormatException : DbException
{
    /// <summary>Describes one bad row.</summary>
    /// <param name="table">The journal table's name.</param>
    /// <param name="row">The row's position in the table (1 for the first).</param>
    /// <param name="problem">What is wrong with it, e.g. <c>has NULL in from_version</c>.</param>
    public JournalFormatException(string table, int row, string problem)
        : base($"row {row} of {table} {problem} (Ledger never writes such a row: the table was changed outside Ledger)")
    {
    }
}
