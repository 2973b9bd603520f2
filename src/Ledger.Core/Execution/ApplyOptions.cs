using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>How <c>apply</c> runs. Plain data; the CLI fills it from flags and ledger.json.</summary>
public sealed record ApplyOptions
{
    /// <summary>The folder beside each database that backups go to when <see cref="BackupDirectory"/> is null.</summary>
    public const string DefaultBackupFolderName = ".ledger-backups";

    /// <summary>The version to reach; null means the ledger's default target (the last step that is not planned).</summary>
    public SemVersion? Target { get; init; }

    /// <summary>User databases migrated at once; 0 means the processor count (see <see cref="ParallelismProblem"/>).</summary>
    public int Parallelism { get; init; }

    /// <summary>Stop starting user databases after the first failure.</summary>
    public bool FailFast { get; init; }

    /// <summary>Apply pending steps even when recorded edges drifted.</summary>
    public bool AllowDrift { get; init; }

    /// <summary>Create a user database that the users query names but that does not exist.</summary>
    public bool CreateMissing { get; init; }

    /// <summary>Run the engine's full integrity check (<see cref="IIntegrityCheck"/>) instead of its quick one after a database's last step.</summary>
    public bool FullCheck { get; init; }

    /// <summary>Back up a database before its first change.</summary>
    public bool Backup { get; init; } = true;

    /// <summary>Where backups go; null means a <c>.ledger-backups</c> folder beside each database.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>
    /// Run an interrupted no-transaction block again (<c>apply --resume</c>): a database whose journal holds a
    /// <c>started</c> row runs that step's block again from its first statement, then carries on. Without it such a
    /// database is refused. Not used by rollback.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Pass planned steps (blocks holding only comments) on the way to <see cref="Target"/>, recording them as empty
    /// (<c>apply --include-planned</c>). Without it a run that would make some database pass one is refused before any
    /// database is changed (<see cref="Planning.PlannedSteps"/>).
    /// </summary>
    public bool IncludePlanned { get; init; }

    /// <summary>Steps per transaction.</summary>
    public TransactionMode TransactionMode { get; init; } = TransactionMode.PerStep;

    /// <summary>
    /// Why <paramref name="value"/> cannot be a parallelism, or null when it can: 0 (one database per processor) or a
    /// positive number. The one rule for every place a parallelism is given (the flag, <c>ledger.json</c>).
    /// </summary>
    public static string? ParallelismProblem(int value) =>
        value < 0 ? $"must be 0 (one database per processor) or a positive number of databases, not {value}" : null;

    /// <summary>The parallelism actually used.</summary>
    public int EffectiveParallelism => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;
}
