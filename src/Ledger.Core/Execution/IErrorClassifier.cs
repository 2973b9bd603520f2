using System.Data.Common;

namespace Ledger.Execution;

/// <summary>
/// An engine capability: what an engine's error means, where Ledger words its report by it. Only the engine can read
/// its own errors (their codes and wording); Ledger's hints depend on what it says here, never on a message's text.
/// </summary>
public interface IErrorClassifier
{
    /// <summary>
    /// The name of the table <paramref name="error"/> says already exists (SQLite's <c>table users already exists</c>),
    /// or null for any other error.
    /// </summary>
    string? ExistingTable(DbException error);
}
