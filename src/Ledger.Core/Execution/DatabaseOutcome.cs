namespace Ledger.Execution;

/// <summary>
/// How one database ended. Printed (text and JSON) as the camelCase word: <c>migrated</c>, <c>rolledBack</c>,
/// <c>stamped</c>, <c>current</c>, <c>failed</c>, <c>skipped</c>, <c>drift</c>, <c>ahead</c>.
/// </summary>
public enum DatabaseOutcome
{
    /// <summary>Steps were applied (<c>apply</c>).</summary>
    Migrated,

    /// <summary>Nothing to do: already at the target.</summary>
    Current,

    /// <summary>A step failed (rolled back), or the database could not be used.</summary>
    Failed,

    /// <summary>Not processed: missing without <c>--create-missing</c>, not reached, or interrupted.</summary>
    Skipped,

    /// <summary>Recorded edges disagree with the ledger: not changed.</summary>
    Drift,

    /// <summary>Above the target or off the version line: not changed.</summary>
    Ahead,

    /// <summary>Down blocks were run and their journal rows deleted (<c>rollback</c>).</summary>
    RolledBack,

    /// <summary>Journal rows were written as <c>baselined</c>, running no block (<c>baseline</c>).</summary>
    Stamped,
}

/// <summary>The words for outcomes.</summary>
public static class DatabaseOutcomeWords
{
    /// <summary>The outcome as text and JSON write it: <c>migrated</c>, <c>rolledBack</c>, <c>stamped</c>.</summary>
    public static string Word(this DatabaseOutcome outcome)
    {
        string name = outcome.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
