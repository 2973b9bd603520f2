using Ledger.Execution;

namespace Ledger.Targets;

/// <summary>A user found by a user source: its database, or why it was rejected.</summary>
/// <param name="Name">The user name as found (shown escaped when hostile).</param>
/// <param name="Target">The database, or null when the name was rejected.</param>
/// <param name="Problem">Why the name was rejected, or null.</param>
public sealed record UserDatabase(string Name, DatabaseTarget? Target, string? Problem);
