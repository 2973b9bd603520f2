using Ledger.Scoping;

namespace Ledger.Execution;

/// <summary>Hears about a run as it goes, for progress displays. Called from several threads at once.</summary>
public interface IRunObserver
{
    /// <summary>
    /// A scope starts: <paramref name="databases"/> results follow (1 for a single-database scope, the members listed
    /// for a set).
    /// </summary>
    void ScopeStarted(ScopeDefinition scope, int databases);

    /// <summary>A database is done.</summary>
    void Finished(DatabaseResult result);
}
