using System.Runtime.CompilerServices;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Planning;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Postgres.Engine;

/// <summary>
/// An open PostgreSQL database (a pooled connection, its <c>search_path</c> set to the target's schema). It runs a
/// plan's statements in the plan's order, but sends them together where no answer is needed in between, so a step
/// costs three round trips whatever its number of statements: <c>BEGIN</c>, the step lock and the journal's read;
/// then the block's statements; then the journal's row and <c>COMMIT</c>. A failure among statements sent together is
/// the first one PostgreSQL did not complete, reported as that statement's (<see cref="DeferredStatementException"/>).
/// Each step's statements are sent before its journal row is written, so the row's duration is the time they took.
/// Outside a transaction (a no-transaction block) every statement is sent alone. Nothing is sent out of order, and
/// nothing but the plan's SQL (with the journal row's values as parameters) and the journal's read.
/// </summary>
internal sealed class PostgresMigrationConnection : IMigrationConnection
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(100);

    private readonly NpgsqlConnection _connection;
    private readonly PostgresJournalDialect _dialect;

    // Statements Core has handed over that have not been sent yet, in order.
    private readonly List<NpgsqlBatchCommand> _pending = [];

    // The session setup statement already sent when the connection opened (Core's own copy of it is then not sent again).
    private readonly string _setup;

    // Where the step lock is in _pending (-1: none pending); its text, to poll it again.
    private int _lockAt = -1;

    // BEGIN has been sent and neither COMMIT nor ROLLBACK since.
    private bool _begun;

    private bool _opened;

    // Block statements among _pending (accepted, not sent yet), for naming the one that fails; and their step.
    private readonly Dictionary<NpgsqlBatchCommand, PlanStatement> _blocks = [];
    private int _blockStep = -1;

    // Milliseconds each step's block statements took to run, in this transaction (added to its journal row's duration).
    private readonly Dictionary<int, long> _ran = [];

    /// <param name="target">The database.</param>
    /// <param name="connection">An open connection (owned; back to its pool when disposed).</param>
    /// <param name="dialect">The journal's SQL.</param>
    /// <param name="schema">The target's schema.</param>
    /// <param name="createSchema">Create the schema if it does not exist (sent with the first read).</param>
    /// <param name="readOnly">Every transaction of this session is read-only (plan, status, verify).</param>
    public PostgresMigrationConnection(DatabaseTarget target, NpgsqlConnection connection, PostgresJournalDialect dialect, string schema,
        bool createSchema, bool readOnly)
    {
        Target = target;
        _connection = connection;
        _dialect = dialect;
        _setup = PostgresJournalDialect.SearchPath(schema);
        if (createSchema) _pending.Add(new NpgsqlBatchCommand($"CREATE SCHEMA IF NOT EXISTS {PostgresJournalDialect.Identifier(schema)}"));
        _pending.Add(new NpgsqlBatchCommand(_setup));
        if (readOnly) _pending.Add(new NpgsqlBatchCommand("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
    }

    public DatabaseTarget Target { get; }

    /// <summary>The connection itself (for the engine's capabilities and tests).</summary>
    internal NpgsqlConnection Connection => _connection;

    /// <summary>
    /// Reads the journal. The first read also sends the connection's setup, each statement on its own (an error
    /// barrier after each), so a missing journal table (a new schema) leaves the setup in place.
    /// </summary>
    public async Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken)
    {
        if (_opened) return await ReadAsync(cancellationToken);
        try
        {
            return await ReadAsync(cancellationToken, barriers: true);
        }
        catch (PostgresFailure e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema)
        {
            // Another runner created the schema at the same moment: it exists now, which is all that was asked.
            _pending.Clear();
            _pending.Add(new NpgsqlBatchCommand(_setup));
            return await ReadAsync(cancellationToken, barriers: true);
        }
    }

    /// <summary>
    /// Inside a step's transaction: sends what is pending (<c>BEGIN</c>, the step lock) with the journal's read in one
    /// round trip. When the lock was not free, the read is thrown away and the lock waited for
    /// (<see cref="WaitForStepLockAsync"/>), then the journal read again. Statements after the lock (creating the
    /// journal table) are sent only once it is held.
    /// </summary>
    public async Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_lockAt < 0) return await ReadAsync(cancellationToken);
        string lockSql = _pending[_lockAt].CommandText;
        if (_lockAt < _pending.Count - 1)
        {
            List<NpgsqlBatchCommand> after = _pending.GetRange(_lockAt + 1, _pending.Count - _lockAt - 1);
            _pending.RemoveRange(_lockAt + 1, after.Count);
            if ((await SendAsync(null, cancellationToken)).Lock != true) await WaitForStepLockAsync(lockSql, cancellationToken);
            _pending.AddRange(after);
            return await ReadAsync(cancellationToken);
        }

        Results first = await SendAsync(SelectJournal(), cancellationToken);
        if (first.Lock == true) return first.Journal;
        await WaitForStepLockAsync(lockSql, cancellationToken);
        return await ReadAsync(cancellationToken);
    }

    public async Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken)
    {
        bool inTransaction = InTransaction;
        if (statement.Kind == StatementKind.Block && inTransaction)
        {
            if (_blockStep >= 0 && _blockStep != statement.Step) await SendBlocksAsync(cancellationToken);
            var command = new NpgsqlBatchCommand(statement.Sql);
            _pending.Add(command);
            _blocks.Add(command, statement);
            _blockStep = statement.Step;
            return;
        }

        if (_blockStep >= 0 && statement.Kind != StatementKind.Rollback) await SendBlocksAsync(cancellationToken);
        switch (statement.Kind)
        {
            case StatementKind.SessionSetup when statement.Sql == _setup:
                break; // sent when the connection opened
            case StatementKind.Begin:
                _ran.Clear();
                _pending.Add(new NpgsqlBatchCommand(statement.Sql));
                break;
            case StatementKind.SessionSetup:
                _pending.Add(new NpgsqlBatchCommand(statement.Sql));
                break;
            case StatementKind.StepLock:
                _lockAt = _pending.Count;
                _pending.Add(new NpgsqlBatchCommand(statement.Sql));
                break;
            case StatementKind.JournalInsert when statement.Entry is { } entry && inTransaction:
                // Sent with COMMIT; the step's duration includes the time its statements took once sent.
                _pending.Add(Insert(entry with { DurationMs = entry.DurationMs + _ran.GetValueOrDefault(statement.Step) }));
                break;
            case StatementKind.CreateJournal or StatementKind.JournalDelete or StatementKind.JournalUpdate or StatementKind.JournalInsert when inTransaction:
                _pending.Add(new NpgsqlBatchCommand(statement.Sql));
                break;
            case StatementKind.Rollback:
                bool sent = _begun;
                Clear();
                if (sent) await SendAsync(new NpgsqlBatchCommand(statement.Sql), cancellationToken);
                break;
            case StatementKind.SessionLock:
                await SendPendingAloneAsync(cancellationToken);
                await PollAsync(statement.Sql, cancellationToken);
                break;
            case StatementKind.JournalInsert when statement.Entry is { } entry:
                await SendPendingAloneAsync(cancellationToken);
                await SendAsync(Insert(entry), cancellationToken);
                break;
            default:
                // COMMIT (with what is pending: the journal's row); outside a transaction, every statement as one
                // command of its own, committing on its own.
                if (!inTransaction) await SendPendingAloneAsync(cancellationToken);
                await SendAsync(new NpgsqlBatchCommand(statement.Sql), cancellationToken);
                break;
        }
    }

    /// <summary>Sends the block statements accepted so far (one step's), timing them for the step's journal row.</summary>
    private async Task SendBlocksAsync(CancellationToken cancellationToken)
    {
        int step = _blockStep;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await SendAsync(null, cancellationToken);
        _ran[step] = _ran.GetValueOrDefault(step) + (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Outside a transaction: sends what is pending (the connection's setup) before a statement that must go alone.</summary>
    private async Task SendPendingAloneAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count > 0) await SendAsync(null, cancellationToken, barriers: true);
    }

    /// <summary>True when a transaction is open or about to be (its BEGIN pending).</summary>
    private bool InTransaction => _begun || _pending.Any(c => c.CommandText == _dialect.Begin);

    private void Clear()
    {
        _pending.Clear();
        _blocks.Clear();
        _blockStep = -1;
        _lockAt = -1;
    }

    /// <summary>
    /// The step lock was not free: the transaction is rolled back (it has done nothing yet), and begun again with the
    /// lock tried again, waiting longer each time, until the lock is held. Between two tries the session is outside any
    /// transaction: an idle transaction would keep the snapshot of its last statement (PostgreSQL keeps a finished
    /// statement's portal until the next one), and a <c>CREATE INDEX CONCURRENTLY</c> on the same database, which
    /// waits for every older snapshot, would wait for this runner while this runner waits for the lock its block holds.
    /// </summary>
    private async Task WaitForStepLockAsync(string lockSql, CancellationToken cancellationToken)
    {
        TimeSpan wait = FirstWait;
        do
        {
            await SendAsync(new NpgsqlBatchCommand(_dialect.Rollback), cancellationToken);
            await Task.Delay(wait, cancellationToken);
            wait = Longer(wait);
            _pending.Add(new NpgsqlBatchCommand(_dialect.Begin));
        }
        while ((await SendAsync(new NpgsqlBatchCommand(lockSql), cancellationToken)).Lock != true);
    }

    /// <summary>Runs <paramref name="sql"/> (a <c>SELECT pg_try_advisory_lock(…)</c>, outside any transaction) until it returns true, waiting longer each time.</summary>
    private async Task PollAsync(string sql, CancellationToken cancellationToken)
    {
        TimeSpan wait = FirstWait;
        while ((await SendAsync(new NpgsqlBatchCommand(sql), cancellationToken)).Lock != true)
        {
            await Task.Delay(wait, cancellationToken);
            wait = Longer(wait);
        }
    }

    private static TimeSpan Longer(TimeSpan wait) => TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, wait.Ticks * 2));

    private async Task<JournalState> ReadAsync(CancellationToken cancellationToken, bool barriers = false)
    {
        try
        {
            return (await SendAsync(SelectJournal(), cancellationToken, barriers)).Journal!;
        }
        catch (PostgresFailure e) when (e.SqlState == PostgresErrorCodes.UndefinedTable && _pending.Count == 0 && !_begun)
        {
            // Only the journal's read can name a missing table here: what was pending is the connection's own setup.
            return JournalState.Empty;
        }
    }

    private NpgsqlBatchCommand SelectJournal() => new(_dialect.SelectAll);

    private static NpgsqlBatchCommand Insert(JournalEntry e) => new(PostgresJournalDialect.ParameterizedInsert)
    {
        Parameters =
        {
            new NpgsqlParameter<string> { TypedValue = e.Scope, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<string> { TypedValue = e.From, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<string> { TypedValue = e.To, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<string> { TypedValue = e.Checksum, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter { Value = (object?)e.Title ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<string> { TypedValue = e.AppliedAt, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<long> { TypedValue = e.DurationMs, NpgsqlDbType = NpgsqlDbType.Bigint },
            new NpgsqlParameter<string> { TypedValue = e.Kind, NpgsqlDbType = NpgsqlDbType.Text },
        },
    };

    private static readonly Dictionary<NpgsqlBatchCommand, PlanStatement> NoBlocks = [];

    // How every lock Ledger tries begins (the step lock and the session lock).
    private const string TryLock = "SELECT pg_try_advisory_";

    /// <summary>What a batch answered: the lock's result and the journal, when it held them.</summary>
    private readonly record struct Results(bool? Lock, JournalState? Journal);

    /// <summary>
    /// Sends what is pending, then <paramref name="last"/>, in one round trip, and reads the answers: a one-column
    /// boolean result is the lock's, an eight-column one the journal. Whatever happens, nothing stays pending.
    /// </summary>
    private async Task<Results> SendAsync(NpgsqlBatchCommand? last, CancellationToken cancellationToken, bool barriers = false)
    {
        await using var batch = new NpgsqlBatch(_connection) { EnableErrorBarriers = barriers };
        foreach (NpgsqlBatchCommand command in _pending) batch.BatchCommands.Add(command);
        if (last is not null) batch.BatchCommands.Add(last);
        bool begins = false, ends = false, answers = false;
        foreach (NpgsqlBatchCommand command in batch.BatchCommands)
        {
            if (command.CommandText == _dialect.Begin) begins = true;
            else if (command.CommandText == _dialect.Commit || command.CommandText == _dialect.Rollback) ends = true;
            else if (command.CommandText == _dialect.SelectAll || command.CommandText.StartsWith(TryLock, StringComparison.Ordinal)) answers = true;
        }

        Dictionary<NpgsqlBatchCommand, PlanStatement> blocks = _blocks.Count == 0 ? NoBlocks : new(_blocks);
        Clear();
        if (batch.BatchCommands.Count == 0) return default;
        _opened = true;
        if (begins) _begun = true;
        bool? locked = null;
        JournalState? journal = null;
        try
        {
            await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken);
            // Only a batch of Ledger's own statements (a lock tried, the journal read) has answers to read; a block's
            // results are passed over.
            do
            {
                if (!answers)
                {
                    continue;
                }

                if (reader.FieldCount == 1 && reader.GetFieldType(0) == typeof(bool))
                {
                    if (await reader.ReadAsync(cancellationToken)) locked = reader.GetBoolean(0);
                }
                else if (reader.FieldCount == 8)
                {
                    journal = await PostgresJournalRows.ReadAsync(reader, _dialect.TableName, cancellationToken);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        catch (PostgresException e)
        {
            // The failing statement is the first PostgreSQL did not complete (a completed one has its statement type).
            NpgsqlBatchCommand? failing = batch.BatchCommands.FirstOrDefault<NpgsqlBatchCommand>(c => c.StatementType == StatementType.Unknown);
            var failure = new PostgresFailure(e, failing?.CommandText);
            if (failing is not null && blocks.TryGetValue(failing, out PlanStatement? statement)) throw new DeferredStatementException(statement, failure);
            throw failure;
        }
        catch (NpgsqlException e) when (e.InnerException is AggregateException all && all.InnerExceptions.FirstOrDefault() is PostgresException first)
        {
            // With error barriers several statements can fail (a schema another runner created at the same moment,
            // then the journal not there yet): the first says what to do.
            throw new PostgresFailure(first, null);
        }

        // After a failure the transaction may still be open (aborted): it stays "begun", so the ROLLBACK that follows
        // is sent (PostgreSQL only warns when there is none).
        if (ends) _begun = false;
        return new Results(locked, journal);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only the columns asked for are read: the data source leaves out types Ledger never reads (arrays, ranges,
    /// geometric and full-text types, records; <see cref="PostgresPools.Builder"/>), and reading one of those throws. A column asked
    /// for that is of such a type is reported as what the user can change (select fewer columns, or cast it to text).
    /// </remarks>
    public async IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_pending.Count > 0) await SendAsync(null, cancellationToken, barriers: !_opened);
        await using var command = new NpgsqlCommand(sql, _connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        if (reader.FieldCount < 1) yield break;
        var columns = new string[reader.FieldCount];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        int[] wanted = [0, .. read(columns)];
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[columns.Length];
            foreach (int i in wanted) values[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : Value(reader, i);
            yield return new QueryRow(columns, values);
        }
    }

    /// <summary>Column <paramref name="i"/>'s value; a type the data source cannot read is the user's to change, said so.</summary>
    /// <exception cref="InvalidDataException">The column's type cannot be read.</exception>
    private static object Value(NpgsqlDataReader reader, int i)
    {
        try
        {
            return reader.GetValue(i);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidCastException)
        {
            string name = reader.GetName(i);
            throw new InvalidDataException(
                $"the query's column '{name}' is of type {reader.GetDataTypeName(i)}, which Ledger does not read; " +
                $"select only the columns the set uses (the name and its template's placeholders), or cast this one to text ({PostgresJournalDialect.Identifier(name)}::text AS {PostgresJournalDialect.Identifier(name)})", e);
        }
    }

    /// <summary>Back to the pool: an open transaction is rolled back and the session's settings and locks are reset there.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
