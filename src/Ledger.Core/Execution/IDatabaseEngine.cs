using Ledger.Journal;
using Ledger.Targets;

namespace Ledger.Execution;

/// <summary>
/// A database engine (SQLite today, PostgreSQL later): opens connections and says which SQL Ledger's own statements
/// use. Core holds the migration algorithm; an engine provides these primitives, and optional capabilities
/// (<see cref="IPreCommitVerification"/>, <see cref="IIntegrityCheck"/>, <see cref="IDatabaseBackup"/>,
/// <see cref="Sql.IStatementSplitter"/>, <see cref="Linting.IEngineLintRules"/>) that Core asks for with <see cref="TryGet{T}"/>.
/// </summary>
public interface IDatabaseEngine
{
    /// <summary>The name scopes use to choose this engine (<c>"engine"</c> in ledger.json): <c>sqlite</c>, <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>The SQL of the journal and of the transaction around a step.</summary>
    IJournalDialect Dialect { get; }

    /// <summary>Where this engine's databases are: a scope's one database, a set's members (names, placeholders, patterns).</summary>
    ITargetResolver Targets { get; }

    /// <summary>True when the database exists (a file; a PostgreSQL database, or its tenant's schema).</summary>
    /// <exception cref="System.Data.Common.DbException">The server cannot be asked.</exception>
    Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken);

    /// <summary>Opens a database. With <paramref name="create"/>, a missing database is created empty.</summary>
    /// <exception cref="System.Data.Common.DbException">The database cannot be opened.</exception>
    /// <exception cref="IOException">The file or its directory cannot be used.</exception>
    Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken);

    /// <summary>Opens a database read-only (for <c>plan</c>, <c>status</c>, <c>verify</c>).</summary>
    Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken);

    /// <summary>An optional capability of this engine, or null when it has none of that kind.</summary>
    T? TryGet<T>() where T : class => this as T;
}
