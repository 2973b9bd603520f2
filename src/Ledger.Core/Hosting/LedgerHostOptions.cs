using Ledger.Execution;

namespace Ledger.Hosting;

/// <summary>How <see cref="LedgerHost"/> migrates: the engine-agnostic settings of <c>ledger apply</c>. Plain data.</summary>
public sealed record LedgerHostOptions
{
    /// <summary>The version to reach; null for the ledger's default target (the last step that is not planned).</summary>
    public string? Target { get; init; }

    /// <summary>Back up an existing database before its first change. On by default, as in the CLI.</summary>
    public bool Backup { get; init; } = true;

    /// <summary>Where backups go; null for a <c>.ledger-backups</c> folder beside each database.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>Members of a set migrated at once by <see cref="LedgerHost.MigrateAsync"/>; 0 means the processor count.</summary>
    public int Parallelism { get; init; }

    /// <summary>Create a listed member's database that does not exist (also per scope: <see cref="Scoping.ScopeDefinition.CreateMissing"/>).</summary>
    public bool CreateMissing { get; init; }

    /// <summary>
    /// Pass planned steps (blocks holding only comments) on the way to <see cref="Target"/>, recording them as empty, as
    /// <c>ledger apply --include-planned</c> does. Without it a <see cref="Target"/> that would make a database pass a
    /// planned step is refused and nothing is changed: SQL written into such a step later would be drift.
    /// </summary>
    public bool IncludePlanned { get; init; }

    /// <summary>Steps per transaction.</summary>
    public TransactionMode TransactionMode { get; init; } = TransactionMode.PerStep;

    /// <summary>
    /// The scopes the ledger's tags may name; null (the default) for the scopes of the host's layout. An engine's facade
    /// that leaves a scope out of the layout (its databases are only found on demand) names it here.
    /// </summary>
    public IReadOnlyList<string>? Scopes { get; init; }
}
