namespace Ledger.Execution;

/// <summary>
/// An engine capability: a check run inside a step's transaction before its journal write and commit (on SQLite, the
/// foreign-key check, since foreign keys are off while steps run). Core fails a step that leaves violations that were
/// not there before it; to know which were, it rolls the step back once, checks the database as it was, and runs the
/// step again.
/// </summary>
public interface IPreCommitVerification
{
    /// <summary>The check's statement as a plan prints it.</summary>
    string Sql { get; }

    /// <summary>Violations and schema defects as <paramref name="connection"/> sees the database (inside a step or outside).</summary>
    Task<ForeignKeyReport> VerifyAsync(IMigrationConnection connection, CancellationToken cancellationToken);
}
