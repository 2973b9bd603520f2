namespace Ledger.Execution;

/// <summary>Hears about a run as it goes, for progress displays. Called from several threads at once.</summary>
public interface IRunObserver
{
    /// <summary>How many user databases there are, when the source can tell (null otherwise).</summary>
    void UsersCounted(long? total);

    /// <summary>A database is done.</summary>
    void Finished(DatabaseResult result);
}
