namespace Ledger.Execution;

/// <summary>How one database ended.</summary>
public enum DatabaseOutcome
{
    /// <summary>Steps were applied.</summary>
    Migrated,

    /// <summary>Nothing to do.</summary>
    Current,

    /// <summary>A step failed (rolled back), or the database could not be used.</summary>
    Failed,

    /// <summary>Not processed: missing without <c>--create-missing</c>, or not started after <c>--fail-fast</c>.</summary>
    Skipped,

    /// <summary>Recorded edges disagree with the ledger: not changed.</summary>
    Drift,

    /// <summary>Above the target or off the version line: not changed.</summary>
    Ahead,
}
