namespace Ledger.Execution;

/// <summary>
/// An engine capability: whether a set's query (the SQL that lists its members, run on a database of this engine) is
/// well formed, checked without any database before a run starts. A query that does not parse is a mistake in the
/// configuration, and is reported as that before any database is changed, not after the earlier scopes were migrated.
/// Names the query uses (its tables and columns) are not checked: the database may not have them until its own steps ran.
/// </summary>
public interface IQuerySyntaxCheck
{
    /// <summary>Why <paramref name="query"/> does not parse, in the engine's words, or null when it parses.</summary>
    string? Problem(string query);
}
