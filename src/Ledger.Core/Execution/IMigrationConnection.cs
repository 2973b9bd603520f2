using Ledger.Journal;
using Ledger.Planning;

namespace Ledger.Execution;

/// <summary>
/// An open database. Core runs a plan's statements on it one by one (<see cref="ExecuteAsync"/>), in the order of the
/// plan: the engine only runs them, and reads the journal when asked.
/// </summary>
public interface IMigrationConnection : IAsyncDisposable
{
    /// <summary>The database.</summary>
    DatabaseTarget Target { get; }

    /// <summary>Reads the journal; a database without one is at <c>baseline</c> (<see cref="JournalState.TableExists"/> false).</summary>
    /// <exception cref="JournalFormatException">A row Ledger cannot have written.</exception>
    Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inside a step's transaction: the journal read again when another connection may have changed the database since
    /// this connection last read it; null when none can have (this connection's own commits do not count: the caller
    /// knows them). An engine that cannot tell reads it every time.
    /// </summary>
    Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one statement of a plan. The engine may run an equivalent faster form (a prepared statement), never other
    /// SQL. A journal insert (or update, or delete) writes the row of <see cref="PlanStatement.Entry"/>, which holds the
    /// run's values.
    /// </summary>
    /// <remarks>
    /// A no-transaction step's unit (<see cref="PlanUnit.InTransaction"/> false; its statements and their order are in
    /// <see cref="ExecutionPlan.Build"/>'s remarks) asks more of the connection:
    /// <list type="bullet">
    /// <item><see cref="StatementKind.SessionLock"/>: take the session lock the statement names and return only once it
    /// is held. Poll for it (a try-lock, with a growing pause between tries), never a blocking wait: a blocking wait
    /// deadlocks with statements that wait for other sessions (<c>CREATE INDEX CONCURRENTLY</c>). Honour
    /// <paramref name="cancellationToken"/> while polling (throw <see cref="OperationCanceledException"/>). The migrator
    /// also takes and releases it outside a plan, to wait for a run under way before it reports a database incomplete.
    /// The lock must not depend on <see cref="StatementKind.SessionSetup"/> having run.</item>
    /// <item><see cref="StatementKind.SessionUnlock"/>: release it. The migrator runs it when the unit stops early too.</item>
    /// <item><see cref="StatementKind.Block"/>, <see cref="StatementKind.JournalInsert"/>,
    /// <see cref="StatementKind.JournalUpdate"/>, <see cref="StatementKind.JournalDelete"/> and
    /// <see cref="StatementKind.CreateJournal"/> outside a <see cref="StatementKind.Begin"/>: no transaction is open, so
    /// each commits on its own. Send each as one command of one statement (a command of several statements is one
    /// implicit transaction on some servers, which is what such statements refuse).</item>
    /// </list>
    /// </remarks>
    /// <exception cref="System.Data.Common.DbException">The statement failed.</exception>
    Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken);

    /// <summary>
    /// This connection as <typeparamref name="T"/>, or null: how an engine's capabilities reach its own connection
    /// type through connections that wrap it (a wrapper answers with what it wraps).
    /// </summary>
    T? TryGet<T>() where T : class => this as T;
    /// <summary>
    /// Runs a query and streams its rows, each with the query's column names (a set's query: the first column is the
    /// member's name, further columns are placeholders by name). NULL is null. Only the first column and the columns
    /// <paramref name="read"/> picks are read (it is given the column names once, before the first row); every other
    /// value is null, so a column the caller does not use (<c>SELECT *</c> over a table with a range or a geometric
    /// column) costs nothing and cannot fail.
    /// </summary>
    /// <param name="sql">The query.</param>
    /// <param name="read">Given the query's column names, the positions of the further columns to read (the first is always read).</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <exception cref="InvalidDataException">A column to read is of a type the engine cannot read; the message names the column and its type, and says what to do.</exception>
    IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read, CancellationToken cancellationToken);
}
