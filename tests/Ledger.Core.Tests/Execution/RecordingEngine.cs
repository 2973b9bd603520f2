using System.Data.Common;
using System.Runtime.CompilerServices;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Planning;

namespace Ledger.Tests.Execution;

/// <summary>
/// An engine that keeps its databases in memory and records every statement it is given: the contracts an engine
/// implements (dialect, connection, capabilities) and nothing else, so that Core's algorithm runs with no database
/// behind it. A database is its journal rows and the block statements it committed; a transaction works on copies of
/// both until COMMIT. A statement can be made to fail, and another runner can be made to commit between two units.
/// Outside a transaction (a no-transaction step's unit) each statement commits on its own, and only while the
/// connection holds the database's session lock.
/// </summary>
internal sealed class RecordingEngine : IDatabaseEngine, IPreCommitVerification, IIntegrityCheck, IDatabaseBackup
{
    private readonly Dictionary<string, RecordingDatabase> _databases = new(StringComparer.Ordinal);

    public string Name => "recording";

    public IJournalDialect Dialect { get; } = new RecordingDialect();

    /// <summary>
    /// A single-database scope's database is <c>memory:&lt;scope&gt;</c>, so that <see cref="MigrationRunner"/> and
    /// <see cref="Inspection.LedgerInspector"/> can run over a layout; sets are not listed here (the tests that need
    /// them wrap this engine with a resolver of their own).
    /// </summary>
    public Ledger.Targets.ITargetResolver Targets { get; } = new MemoryTargets();

    /// <summary>A statement whose text this matches fails (with a <see cref="DbException"/>).</summary>
    public Func<string, bool>? FailOn { get; set; }

    /// <summary>Runs as each statement reaches a database: e.g. the time a statement takes, on a clock the test owns.</summary>
    public Action<PlanStatement>? OnExecute { get; set; }

    /// <summary>Runs just before each BEGIN reaches a database: what another runner does meanwhile.</summary>
    public Action<RecordingDatabase>? BeforeBegin { get; set; }

    /// <summary>What the pre-commit verification reports.</summary>
    public ForeignKeyReport Verification { get; set; } = ForeignKeyReport.Clean;

    /// <summary>The database at <paramref name="location"/> (made, not existing, when asked for the first time).</summary>
    public RecordingDatabase Database(string location)
    {
        if (!_databases.TryGetValue(location, out RecordingDatabase? db)) _databases[location] = db = new RecordingDatabase();
        return db;
    }

    public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => Task.FromResult(Database(target.Location).Exists);

    public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
    {
        RecordingDatabase db = Database(target.Location);
        if (!db.Exists && !create) throw new RecordedFailure($"{target.Location}: no such database");
        db.Exists = true;
        return Task.FromResult<IMigrationConnection>(new Connection(this, target, db));
    }

    public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) =>
        OpenAsync(target, create: false, cancellationToken);

    string IPreCommitVerification.Sql => "VERIFY";

    public Task<ForeignKeyReport> VerifyAsync(IMigrationConnection connection, CancellationToken cancellationToken)
    {
        ((Connection)connection).Db.Log.Add("VERIFY");
        return Task.FromResult(Verification);
    }

    string IIntegrityCheck.Name(bool full) => full ? "full recount" : "recount";

    string IIntegrityCheck.Sql(bool full) => full ? "CHECK INTEGRITY FULLY" : "CHECK INTEGRITY";

    public Task<IReadOnlyList<string>> CheckAsync(IMigrationConnection connection, bool full, CancellationToken cancellationToken)
    {
        ((Connection)connection).Db.Log.Add(full ? "CHECK INTEGRITY FULLY" : "CHECK INTEGRITY");
        return Task.FromResult<IReadOnlyList<string>>([]);
    }

    public Task<string?> BackupAsync(IMigrationConnection connection, string? directory, string version, WriteAccessCache cache, CancellationToken cancellationToken)
    {
        ((Connection)connection).Db.Backups.Add(version);
        return Task.FromResult<string?>($"backup of {connection.Target.Name} at {version}");
    }

    /// <summary>Where the recording engine's single databases are: <c>memory:&lt;scope&gt;</c>.</summary>
    private sealed class MemoryTargets : Ledger.Targets.ITargetResolver
    {
        public Scoping.ScopeDefinition Anchored(Scoping.ScopeDefinition scope, string directory) => scope;

        public IReadOnlyList<Ledger.Targets.LocationProblem> Problems(Scoping.ScopeDefinition scope) => [];

        public Ledger.Targets.BackupClash? BackupClash(Scoping.ScopeDefinition set, string? backupDirectory) => null;

        public DatabaseTarget One(Scoping.ScopeDefinition scope) => DatabaseTarget.Single(scope.Name, "memory:" + scope.Name);

        public Ledger.Targets.IMemberResolver Members(Scoping.ScopeDefinition set, string? backupDirectory) =>
            throw new NotSupportedException("the recording engine lists no set; wrap it with a member resolver");
    }

    /// <summary>The dialect: short SQL-like strings, so a test can read the log.</summary>
    private sealed class RecordingDialect : IJournalDialect
    {
        public string TableName => "journal";

        public string CreateTable => "CREATE JOURNAL";

        public string SelectAll => "SELECT JOURNAL";

        public IReadOnlyList<string> SessionSetup(DatabaseTarget target) => ["SET SESSION"];

        public string Begin => "BEGIN";

        public string? StepLock(DatabaseTarget target) => "LOCK STEP";

        public string SessionLock(DatabaseTarget target) => "LOCK SESSION";

        public string SessionUnlock(DatabaseTarget target) => "UNLOCK SESSION";

        public string Commit => "COMMIT";

        public string Rollback => "ROLLBACK";

        // applied_at and duration_ms are left out: they are known only when the step has run, and the log is compared
        // with the plan's statements. The rows keep them.
        public string Insert(JournalEntry e) => $"INSERT JOURNAL {e.Scope} {e.From} {e.To} {e.Checksum} {e.Kind}";

        public string Update(JournalEntry e) => $"UPDATE JOURNAL {e.Scope} {e.From} {e.To} {e.Checksum} {e.Kind}";

        public string Delete(JournalEntry e) => $"DELETE JOURNAL {e.Scope} {e.From} {e.To}";
    }

    private sealed class Connection(RecordingEngine engine, DatabaseTarget target, RecordingDatabase db) : IMigrationConnection
    {
        private long _readAt = -1;
        private List<JournalEntry>? _rows; // inside a transaction: the rows as it sees them
        private List<string>? _ran;

        public RecordingDatabase Db => db;

        public DatabaseTarget Target => target;

        public Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken)
        {
            _readAt = db.Version;
            return Task.FromResult(db.HasJournal || _rows is not null ? new JournalState(_rows ?? db.Rows) : JournalState.Empty);
        }

        public Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken)
        {
            if (_readAt == db.Version) return Task.FromResult<JournalState?>(null);
            _readAt = db.Version;
            db.JournalReads++;
            return Task.FromResult<JournalState?>(new JournalState(_rows ?? db.Rows));
        }

        private bool _locked; // holds the database's session lock

        public Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken)
        {
            if (statement.Kind is StatementKind.Begin or StatementKind.SessionLock) engine.BeforeBegin?.Invoke(db);
            cancellationToken.ThrowIfCancellationRequested(); // as a driver does: a cancelled statement is not sent
            db.Log.Add(statement.Sql);
            engine.OnExecute?.Invoke(statement);
            if (engine.FailOn?.Invoke(statement.Sql) == true) throw new RecordedFailure($"injected failure at: {statement.Sql}");
            if (_rows is null && statement.Kind is not (StatementKind.Begin or StatementKind.SessionLock or StatementKind.SessionUnlock or StatementKind.SessionSetup
                    or StatementKind.Rollback))
            {
                // Outside a transaction: the statement commits on its own, under the session lock only.
                if (!_locked) throw new InvalidOperationException($"outside a transaction without the session lock: {statement.Sql}");
                _rows = [.. db.Rows];
                _ran = [];
                Run(statement);
                db.Rows.Clear();
                db.Rows.AddRange(_rows);
                db.Ran.AddRange(_ran);
                db.HasJournal |= statement.Kind is StatementKind.CreateJournal or StatementKind.JournalInsert;
                _rows = null;
                _ran = null;
                return Task.CompletedTask;
            }

            Run(statement);
            return Task.CompletedTask;
        }

        private void Run(PlanStatement statement)
        {
            switch (statement.Kind)
            {
                case StatementKind.SessionLock:
                    if (db.SessionLocked) throw new InvalidOperationException("the session lock is held by another connection (the recording engine does not wait)");
                    db.SessionLocked = _locked = true;
                    break;
                case StatementKind.SessionUnlock:
                    if (!_locked) throw new InvalidOperationException("unlocking a session lock this connection does not hold");
                    db.SessionLocked = _locked = false;
                    break;
                case StatementKind.Begin:
                    if (_rows is not null) throw new InvalidOperationException("BEGIN inside a transaction");
                    _rows = [.. db.Rows];
                    _ran = [];
                    break;
                case StatementKind.Commit:
                    db.Rows.Clear();
                    db.Rows.AddRange(Open(_rows));
                    db.Ran.AddRange(_ran!);
                    db.HasJournal = true;
                    _rows = null;
                    _ran = null;
                    break;
                case StatementKind.Rollback:
                    _rows = null;
                    _ran = null;
                    break;
                case StatementKind.JournalInsert:
                    JournalEntry row = statement.Entry ?? throw new InvalidOperationException("a journal insert without its row");
                    if (Open(_rows).Any(r => (r.Scope, r.From, r.To) == (row.Scope, row.From, row.To))) throw new RecordedFailure("the same edge twice");
                    _rows!.Add(row);
                    break;
                case StatementKind.JournalDelete:
                    JournalEntry gone = statement.Entry!;
                    Open(_rows).RemoveAll(r => (r.Scope, r.From, r.To) == (gone.Scope, gone.From, gone.To));
                    break;
                case StatementKind.JournalUpdate:
                    JournalEntry changed = statement.Entry!;
                    int at = Open(_rows).FindIndex(r => (r.Scope, r.From, r.To) == (changed.Scope, changed.From, changed.To));
                    if (at < 0) throw new RecordedFailure("no row to update");
                    _rows![at] = changed;
                    break;
                case StatementKind.Block:
                    Open(_ran).Add(statement.Sql);
                    break;
            }
        }

        private static List<T> Open<T>(List<T>? inside) => inside ?? throw new InvalidOperationException("outside a transaction");

        // No set of this engine lists its members by a query: the tests name the databases.
        public async IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }

        public ValueTask DisposeAsync()
        {
            if (_rows is not null) throw new InvalidOperationException("closed inside a transaction: Core left it open");
            if (_locked) throw new InvalidOperationException("closed holding the session lock: Core left it held");
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A database of the <see cref="RecordingEngine"/>.</summary>
internal sealed class RecordingDatabase
{
    public bool Exists { get; set; }

    public bool HasJournal { get; set; }

    /// <summary>A connection holds the database's session lock (a no-transaction step runs).</summary>
    public bool SessionLocked { get; set; }

    /// <summary>Committed journal rows.</summary>
    public List<JournalEntry> Rows { get; } = [];

    /// <summary>Committed block statements, in order.</summary>
    public List<string> Ran { get; } = [];

    /// <summary>Every statement given to the database, in order (rolled back or not), and the checks run.</summary>
    public List<string> Log { get; } = [];

    /// <summary>Versions backed up.</summary>
    public List<string> Backups { get; } = [];

    /// <summary>Changes when another runner commits (what SQLite's data_version tells).</summary>
    public long Version { get; private set; }

    /// <summary>How many times a connection read the journal again inside a transaction.</summary>
    public int JournalReads { get; set; }

    /// <summary>Another runner commits these rows (and the blocks they ran).</summary>
    public void CommitByAnother(IEnumerable<JournalEntry> rows, IEnumerable<string> ran)
    {
        Rows.AddRange(rows);
        Ran.AddRange(ran);
        HasJournal = true;
        Version++;
    }
}

/// <summary>
/// The <see cref="RecordingEngine"/> with none of its optional capabilities (no pre-commit verification, no integrity
/// check, no backup): an engine that implements only the contracts every engine must.
/// </summary>
internal sealed class PlainEngine(RecordingEngine inner) : IDatabaseEngine
{
    public string Name => inner.Name;

    public IJournalDialect Dialect => inner.Dialect;

    public Ledger.Targets.ITargetResolver Targets => inner.Targets;

    public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

    public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken) =>
        inner.OpenAsync(target, create, cancellationToken);

    public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) =>
        inner.OpenReadOnlyAsync(target, cancellationToken);
}

/// <summary>A clock that moves only when the test moves it, in milliseconds.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ms;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => Interlocked.Read(ref _ms);

    public void Advance(long ms) => Interlocked.Add(ref _ms, ms);
}

/// <summary>A statement the recording engine was told to fail.</summary>
internal sealed class RecordedFailure(string message) : DbException(message);
