using System.Globalization;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// The replay of one scope. One database holds rows (seeded before the first step and topped up after each step for
/// the tables the step created, changed or wrote) and runs each step as apply runs it. When a step fails there, the
/// same step is run on the ledger's SQL alone (an unseeded database, built on demand and then kept, that has only the
/// ledger's own rows): failing there too, it is LDG022 and the scope's replay stops; passing, it is LDG047 (fails
/// with data) and the replay goes on from the unseeded database with the step applied, seeded again.
/// </summary>
internal sealed class ScopeReplay : IDisposable
{
    private readonly MigrationSet _set;
    private readonly string _scope;
    private readonly LintContext _context;
    private readonly TimeSpan _statementLimit;
    private readonly Func<SqlStatement, bool> _replayable;
    private readonly Seeder _seeder = new();
    private readonly TableCreators _creators = new();
    private ReplayDatabase _seeded;

    /// <summary>The last schema read, of which connection and at which <c>schema_version</c> (<see cref="ReadSchema"/>).</summary>
    private (SqliteConnection Connection, long Version, SchemaSnapshot Snapshot)? _schema;
    private EffectsRecorder _recorder;

    /// <summary>The database that replays the ledger's SQL alone, at step <see cref="_plainAt"/>; null until needed.</summary>
    private ReplayDatabase? _plain;

    private int _plainAt;

    /// <summary>The start of the block being replayed.</summary>
    private SourceLocation? _current;
    private bool _plainFailed;

    public ScopeReplay(MigrationSet set, string scope, LintContext context, TimeSpan statementLimit, Func<SqlStatement, bool> replayable)
    {
        _set = set;
        _scope = scope;
        _context = context;
        _statementLimit = statementLimit;
        _replayable = replayable;
        _seeded = ReplayDatabase.Create(statementLimit);
        _recorder = EffectsRecorder.Attach(_seeded.Connection);
    }

    /// <summary>Replays the scope's steps in version order and reports what fails.</summary>
    public void Run()
    {
        try
        {
            RunSteps();
        }
        catch (SqliteException ex)
        {
            // The replay's own statements (schema reads, seeding) on a database a step left in a state they cannot
            // work with (writable_schema edits, a corrupt schema): the ledger's doing, so a finding, never a crash.
            string problem = ex.SqliteErrorCode == 9
                ? string.Create(CultureInfo.InvariantCulture, $"the replay's own work on its tables (seeding rows, reading the schema) did not finish within {_statementLimit.TotalSeconds:0.#} s (a trigger or CHECK that never ends?)")
                : SqliteMessage.Of(ex);
            _context.Report(RuleCatalog.SqlError.Create(_current ?? new SourceLocation("", 1, 1),
                $"the {_scope} replay could not go on after this block: {problem}"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect of the replay itself, on SQL it did not foresee: lint must never crash on a ledger, so the
            // scope's check stops with a finding that says what went wrong, for the ledger's author to report.
            _context.Report(RuleCatalog.SqlError.Create(_current ?? new SourceLocation("", 1, 1),
                $"the {_scope} replay could not go on after this block: an internal problem of the SQL check ({ex.GetType().Name}: {ex.Message}); " +
                "the later steps of this scope were not checked; please report it to Ledger's maintainers"));
        }
    }

    private void RunSteps()
    {
        SourceLocation? firstBlock = null;
        for (int s = 0; s < _set.Steps.Count; s++)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            MigrationStep step = _set.Steps[s];
            MigrationBlock? down = step.Down.GetValueOrDefault(_scope);
            SchemaSnapshot before = ReadSchema(_seeded);
            if (step.For(_scope).Block is not MigrationBlock block)
            {
                if (down is not null) CheckDownBlock(s, down, before);
                continue;
            }

            firstBlock ??= block.Start;
            _current = block.Start;
            if (_seeded.RunUp(block, _replayable, _recorder, _context.CancellationToken) is ReplayFailure failure)
            {
                _recorder.TakeStep();
                if (!Recover(s, block, before, failure)) return;
            }
            else
            {
                bool writesSchema = WritesSchemaTable(block);
                if (writesSchema) ForgetSchema();
                if (writesSchema && SchemaOnFreshConnection(_seeded) is string broken)
                {
                    _context.Report(RuleCatalog.SqlError.Create(block.Start,
                        $"{_scope} {step} writes sqlite_schema and leaves a schema a new connection cannot read: {broken}; apply's next connection " +
                        "would fail to open the database (the change only shows once the schema is read again, so this connection did not notice)"));
                    return;
                }

                SchemaSnapshot after = ReadSchema(_seeded);
                IReadOnlyList<StatementEffects> effects = _recorder.TakeStep();
                (HashSet<string> reshaped, HashSet<string> written) = Touched(before, after, effects);
                _seeder.Seed(_seeded.Connection, written, after, onlyWhenEmpty: true);
                _seeder.Seed(_seeded.Connection, reshaped, after);
                using (ReplayDatabase.Limit(_seeded.Connection))
                {
                    StepChanges.Report(new ReplayedStep(_scope, step, block, before, after, effects, _seeded.Connection), _context);
                }
            }

            foreach (SqlStatement statement in block.Statements.Where(_replayable)) _creators.Track(statement, block.LocationOf(statement));
            if (down is not null) CheckDownBlock(s, down, before);
        }

        if (firstBlock is null) return;
        using (ReplayDatabase.Limit(_seeded.Connection))
        {
            ForeignKeyCheck.Report(_seeded.Command, _scope, _creators, firstBlock, _context);
        }
    }

    /// <summary>
    /// Step <paramref name="s"/> failed on the seeded database: LDG022 when it fails on the ledger's SQL alone too
    /// (returns false: the scope's replay stops), else LDG047 and the replay goes on from the unseeded database.
    /// </summary>
    private bool Recover(int s, MigrationBlock block, SchemaSnapshot before, ReplayFailure failure)
    {
        if (failure.TimedOut || Plain(s) is not ReplayDatabase plain)
        {
            ReportError(s, block, failure);
            return false;
        }

        IReadOnlyList<StatementEffects> effects;
        using (EffectsRecorder recorder = EffectsRecorder.Attach(plain.Connection))
        {
            if (plain.RunUp(block, _replayable, recorder, _context.CancellationToken) is ReplayFailure alone)
            {
                _plainFailed = true;
                ReportError(s, block, alone);
                return false;
            }

            effects = recorder.TakeStep();
        }

        _plainAt = s + 1;
        _context.Report(RuleCatalog.FailsWithData.Create(DataFailure.Location(failure, block), DataFailure.Describe(failure, block)));
        _recorder.Dispose();
        _seeded.Dispose();
        _seeded = plain.Copy();
        _recorder = EffectsRecorder.Attach(_seeded.Connection);
        _seeder.SeedAll(_seeded.Connection);
        // The step's schema diff, from the run that got through.
        SchemaSnapshot after = ReadSchema(_seeded);
        using (ReplayDatabase.Limit(_seeded.Connection))
        {
            StepChanges.Report(new ReplayedStep(_scope, _set.Steps[s], block, before, after, effects, _seeded.Connection), _context);
        }

        return true;
    }

    /// <summary>True when a statement of the block names sqlite_schema or sqlite_master (a writable_schema edit).</summary>
    private bool WritesSchemaTable(MigrationBlock block) =>
        block.Statements.Where(_replayable).Any(s => s.Text.Contains("sqlite_master", StringComparison.OrdinalIgnoreCase) ||
                                                     s.Text.Contains("sqlite_schema", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// SQLite's error when the database's schema, read afresh (on a backup copy, as a new connection reads it), cannot
    /// be parsed; null when it can. An edit of sqlite_schema that does not bump schema_version is not seen by the
    /// connection that made it.
    /// </summary>
    private static string? SchemaOnFreshConnection(ReplayDatabase database)
    {
        using var fresh = new SqliteConnection("Data Source=:memory:");
        fresh.Open();
        try
        {
            using (ReplayDatabase.Limit(database.Connection))
            {
                database.Connection.BackupDatabase(fresh);
            }

            using SqliteCommand command = fresh.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema";
            command.ExecuteScalar();
            return null;
        }
        catch (SqliteException ex)
        {
            return SqliteMessage.Of(ex);
        }
    }

    /// <summary>
    /// The schema of <paramref name="database"/>, read under the statement limit. Reading <c>sqlite_master</c> whole costs
    /// about a millisecond once a ledger has hundreds of tables, and the replay wants it before and after every step: the
    /// snapshot is read again only when <c>PRAGMA schema_version</c>, which SQLite bumps on every schema change and
    /// which a rolled-back transaction puts back, moved (or the connection is another one). A step that writes
    /// <c>sqlite_master</c> itself may change the schema without bumping it: <see cref="ForgetSchema"/> then.
    /// </summary>
    private SchemaSnapshot ReadSchema(ReplayDatabase database)
    {
        using (ReplayDatabase.Limit(database.Connection))
        {
            using SqliteCommand command = database.Connection.CreateCommand();
            command.CommandText = "PRAGMA schema_version";
            long version = (long)command.ExecuteScalar()!;
            if (_schema is { } known && ReferenceEquals(known.Connection, database.Connection) && known.Version == version) return known.Snapshot;
            SchemaSnapshot snapshot = SchemaSnapshot.Read(database.Connection);
            _schema = (database.Connection, version, snapshot);
            return snapshot;
        }
    }

    /// <summary>Makes the next <see cref="ReadSchema"/> read <c>sqlite_master</c> whatever its version says.</summary>
    private void ForgetSchema() => _schema = null;

    /// <summary>The unseeded database brought to the state before step <paramref name="s"/>, or null when it cannot get there.</summary>
    private ReplayDatabase? Plain(int s)
    {
        if (_plainFailed) return null;
        _plain ??= ReplayDatabase.Create(_statementLimit);
        for (; _plainAt < s; _plainAt++)
        {
            if (_set.Steps[_plainAt].For(_scope).Block is MigrationBlock earlier &&
                _plain.RunUp(earlier, _replayable, null, _context.CancellationToken) is not null)
            {
                // A step the seeded replay passed fails without rows: nothing to compare with from here on.
                _plainFailed = true;
                return null;
            }
        }

        return _plain;
    }

    private void ReportError(int s, MigrationBlock block, ReplayFailure failure)
    {
        int index = failure.Statement is null ? block.Statements.Count : block.Statements.ToList().IndexOf(failure.Statement);
        bool more = index + 1 < block.Statements.Count || _set.Steps.Skip(s + 1).Any(later => later.For(_scope).HasSql);
        string rest = more ? $"; the {_scope} statements after it were not checked, as they may depend on it" : "";
        if (failure.Statement is null && failure.Error is not null)
        {
            _context.Report(RuleCatalog.SqlError.Create(failure.Location,
                $"{SqliteMessage.Of(failure.Error)}: the transaction of {_scope} {_set.Steps[s]} could not begin or commit, as apply's would not " +
                $"(a setting an earlier step left on the connection?){rest}"));
            return;
        }

        if (failure.Statement is not SqlStatement statement || failure.Error is null)
        {
            string rows = string.Join(", ", failure.Violations.Take(5)) + (failure.Violations.Count > 5 ? ", …" : "");
            _context.Report(RuleCatalog.SqlError.Create(failure.Location,
                $"the step leaves {failure.Violations.Count} row(s) violating foreign keys ({rows}): apply checks foreign keys before commit " +
                $"and would fail on {_scope} {_set.Steps[s]}{DataFailure.RenamedParents(failure, block)}{rest}"));
            return;
        }

        string problem = failure.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"the statement did not finish within {_statementLimit.TotalSeconds:0.#} s (a query that never ends?)")
            : SqliteMessage.Of(failure.Error);
        string advice = DataFailure.NeedsNoTransaction(failure.Error) && !block.NoTransaction
            ? $": apply runs this block in a transaction and would fail on it; move the statement to a block that holds the line '{MigrationBlock.NoTransactionDirective}'"
            : "";
        _context.Report(RuleCatalog.SqlError.Create(failure.Location,
            $"{problem} in '{SqlScript.Abbreviate(statement.Text, 80)}' (replaying the {_scope} blocks as apply runs them){advice}{rest}"));
    }

    /// <summary>
    /// Runs a down block on the schema and rows its step reached, rolled back whatever happens: a statement that fails
    /// is LDG022 (or LDG047 when it passes without rows), a schema that differs from the one before the step LDG028.
    /// </summary>
    private void CheckDownBlock(int s, MigrationBlock down, SchemaSnapshot before)
    {
        MigrationStep step = _set.Steps[s];
        ReplayFailure? failure = _seeded.RunDownRolledBack(down, _replayable, _context.CancellationToken, out SortedDictionary<string, string>? schema);
        if (failure is not null)
        {
            ReplayFailure? alone = failure;
            if (!failure.TimedOut && Plain(s + 1) is ReplayDatabase plain && _plainAt == s + 1)
            {
                alone = plain.RunDownRolledBack(down, _replayable, _context.CancellationToken, out schema);
            }

            if (alone is not null)
            {
                _context.Report(RuleCatalog.SqlError.Create(alone.Location,
                    $"{SqliteMessage.Of(alone.Error!)} in '{SqlScript.Abbreviate(alone.Statement!.Text, 80)}' (running the down block of {down.Scope} {step} " +
                    $"on the schema of {step.To})"));
                return;
            }

            _context.Report(RuleCatalog.FailsWithData.Create(DataFailure.Location(failure, down), "the down block: " + DataFailure.Describe(failure, down)));
        }

        if (schema is not null && SchemaDifference.Describe(before.Definitions(), schema) is string difference)
        {
            _context.Report(RuleCatalog.DownBlockMismatch.Create(down.Start,
                $"the down block of {down.Scope} {step} does not bring the schema back to {step.From}: {difference}"));
        }
    }

    /// <summary>
    /// The tables to top up after a step. <c>Reshaped</c>: those it created or whose definition it changed, seeded like
    /// any table, since the app writes new rows under the new definition (NULLs where it now allows them). <c>Written</c>:
    /// the others its statements wrote, seeded only when the step left them empty, because their rows are what the
    /// step made of production's: a data fix (<c>UPDATE … SET a = '' WHERE a IS NULL</c>, dates converted to numbers, a
    /// <c>DELETE</c> of duplicates) holds for them, and fresh seeded rows would undo it and make a later step fail on rows
    /// production cannot have.
    /// </summary>
    private static (HashSet<string> Reshaped, HashSet<string> Written) Touched(SchemaSnapshot before, SchemaSnapshot after, IReadOnlyList<StatementEffects> effects)
    {
        var reshaped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (SchemaObject o in after.Objects.Values.Where(o => o.Type == "table"))
        {
            if (!before.Objects.TryGetValue($"table {o.Name}", out SchemaObject? old) || old.Sql != o.Sql) reshaped.Add(o.Name);
        }

        foreach (StatementEffects e in effects)
        {
            reshaped.UnionWith(e.CreatedTables);
            reshaped.UnionWith(e.AlteredTables);
        }

        var written = new HashSet<string>(effects.SelectMany(e => e.Deletes.Concat(e.Updates.Select(u => u.Table))), StringComparer.OrdinalIgnoreCase);
        written.ExceptWith(reshaped);
        return (reshaped, written);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _seeded.Dispose();
        _plain?.Dispose();
    }
}

