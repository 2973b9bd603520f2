namespace Ledger.Linting;

/// <summary>
/// The development database an engine's SQL check replays on (<see cref="SqlCheckSettings.DevDatabase"/>) cannot be
/// used: not a connection string, unreachable, or refusing to create a scratch database. A configuration problem, not a
/// finding: <see cref="LedgerLoader.Load"/> lets it through, and the tool reports it as a usage error (exit 2).
/// </summary>
public sealed class DevDatabaseException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> names the setting it came from.</summary>
    public DevDatabaseException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
