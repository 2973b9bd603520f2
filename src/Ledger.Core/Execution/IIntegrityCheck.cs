namespace Ledger.Execution;

/// <summary>An engine capability: a check of the whole database, run after a database's last step and by <c>verify</c>.</summary>
public interface IIntegrityCheck
{
    /// <summary>The check's name for messages (quick, or <paramref name="full"/>).</summary>
    string Name(bool full);

    /// <summary>The check's statement as a plan prints it.</summary>
    string Sql(bool full);

    /// <summary>The problems found; empty when the database is sound.</summary>
    Task<IReadOnlyList<string>> CheckAsync(IMigrationConnection connection, bool full, CancellationToken cancellationToken);
}
