namespace StartupApp;

/// <summary>
/// Ledger could not bring a database to this app's ledger (a failed step, a database ahead of it, a rejected user
/// name): the message says which database, what is wrong and what to do. The app reports it and stops; it is not a bug.
/// </summary>
public sealed class StartupException(string message) : Exception(message);
