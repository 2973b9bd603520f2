namespace Ledger.Execution;

/// <summary>
/// An engine capability: how many of its databases this process can have open at once, when the engine's databases hold
/// resources of the process that are limited (SQLite: each open database holds files, within the process's limit of
/// open files). The tool lowers <c>--parallel</c> to the smallest capacity of the engines of the scopes in the run
/// (<see cref="Targets.ScopeTargets.OpenDatabaseCapacity"/>); an engine without it lowers nothing. PostgreSQL has none:
/// each of its connections holds one descriptor, and a server's <c>max_connections</c> (100 by default) is reached long
/// before a process's open-file limit (1,024 or more), so the connections are for the user to size with the server in mind.
/// </summary>
public interface IOpenDatabaseLimit
{
    /// <summary>
    /// How many databases can be open at once with what the process has left, at least 1; null when the limit is not
    /// known or there is none. Asked once per run, after the process has opened what it needs before the databases.
    /// </summary>
    int? OpenDatabaseCapacity();
}
