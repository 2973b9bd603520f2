using System.Diagnostics;
using Ledger.Diagnostics;
using Ledger.Execution;
using Ledger.Model;
using Ledger.Sql;
using Ledger.Sqlite.Engine;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// Why a block did not get through on a replay database: the statement SQLite refused, or, at the end of a block that
/// runs in a transaction, rows that violate a foreign key (apply checks them before commit).
/// </summary>
/// <param name="Statement">The statement refused, or null for the foreign-key check.</param>
/// <param name="Location">Where the statement is, or the block's start for the foreign-key check.</param>
/// <param name="Error">SQLite's error, or null for the foreign-key check.</param>
/// <param name="Violations">The rows the block left violating a foreign key, or empty.</param>
/// <param name="MissingParents">The parent tables of <paramref name="Violations"/> that did not exist when the block ended.</param>
internal sealed record ReplayFailure(SqlStatement? Statement, SourceLocation Location, SqliteException? Error, IReadOnlyList<ForeignKeyViolation> Violations,
    IReadOnlyList<string>? MissingParents = null)
{
    /// <summary>SQLite interrupted the statement: it ran past the statement limit.</summary>
    public bool TimedOut => Error?.SqliteErrorCode == 9;
}

/// <summary>
/// One in-memory replay database, run as apply runs a SQLite database: foreign keys off, each up block in a
/// transaction (or statement by statement outside one for a no-transaction block) with the foreign-key check before
/// commit. The connection lives for the whole scope, so a pragma a block sets stays set for the later blocks, as on
/// apply's connection. Every statement is stopped after the statement limit (SQLite's progress handler): the
/// ledger's, and the replay's own (seeding, schema reads, the foreign-key check), since a trigger or CHECK of the
/// ledger runs inside those too (<see cref="Limit"/>).
/// </summary>
internal sealed class ReplayDatabase : IDisposable
{
    /// <summary>The replay database of each open replay connection, for <see cref="Limit"/>.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, ReplayDatabase> Databases = new();

    private readonly TimeSpan _statementLimit;
    private readonly List<string> _pragmas = [];
    private long _deadline = long.MaxValue;

    private ReplayDatabase(TimeSpan statementLimit)
    {
        _statementLimit = statementLimit;
        Connection = new SqliteConnection("Data Source=:memory:");
        Connection.Open();
        // SQLite calls the handler every few thousand instructions; a non-zero answer interrupts the statement.
        raw.sqlite3_progress_handler(Connection.Handle, 10_000, _ => Stopwatch.GetTimestamp() > Volatile.Read(ref _deadline) ? 1 : 0, null);
        Command = Connection.CreateCommand();
        Databases.AddOrUpdate(Connection, this);
        // As apply runs steps: with foreign keys off, so that a table rebuild's DROP TABLE does not cascade.
        Execute("PRAGMA foreign_keys=OFF");
    }

    /// <summary>The connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>A command of the connection, free for the replay's own statements.</summary>
    public SqliteCommand Command { get; }

    /// <summary>A new, empty database.</summary>
    public static ReplayDatabase Create(TimeSpan statementLimit) => new(statementLimit);

    /// <summary>
    /// A new database with this one's schema and rows (SQLite's backup) and the connection settings its blocks made
    /// (<see cref="PersistentPragmas"/>), which a backup does not carry.
    /// </summary>
    public ReplayDatabase Copy()
    {
        var copy = new ReplayDatabase(_statementLimit);
        Connection.BackupDatabase(copy.Connection);
        foreach (string pragma in _pragmas)
        {
            copy.TryExecute(pragma);
        }

        copy._pragmas.AddRange(_pragmas);
        return copy;
    }

    /// <summary>
    /// Runs an up block as apply runs it. Returns null when it got through (committed), or why not (the block's
    /// transaction rolled back; a no-transaction block keeps the statements before the one that failed).
    /// </summary>
    /// <param name="block">The block.</param>
    /// <param name="replayable">Which statements to run (the others are skipped).</param>
    /// <param name="recorder">Attributes each statement's effects, or null.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public ReplayFailure? RunUp(MigrationBlock block, Func<SqlStatement, bool> replayable, EffectsRecorder? recorder, CancellationToken cancellationToken)
    {
        if (RunStatements(block, replayable, recorder, cancellationToken) is ReplayFailure failure) return failure;
        if (block.NoTransaction) return null;
        // The whole database's foreign-key check costs a scan of every table with a key, at every step: skipped when the
        // recorded statements cannot have left an orphan (the database was clean before the step).
        if (recorder is not null && !recorder.StepMayBreakForeignKeys()) return Control("COMMIT", block);

        ForeignKeyReport after = CheckForeignKeys();
        if (after.Violations.Count > 0)
        {
            // As apply: were the violations there before the block? Roll back, look, and run the block again.
            List<string> missing = MissingTables(after.Violations);
            Rollback();
            ForeignKeyReport before = CheckForeignKeys();
            if (before.Violations.Count == 0) return new ReplayFailure(null, block.Start, null, after.Violations, missing);
            if (RunStatements(block, replayable, null, cancellationToken) is ReplayFailure again) return again;
            if (CheckForeignKeys().IntroducedSince(before) is { Count: > 0 } introduced)
            {
                missing = MissingTables(introduced);
                Rollback();
                return new ReplayFailure(null, block.Start, null, introduced, missing);
            }
        }

        return Control("COMMIT", block);
    }

    private ForeignKeyReport CheckForeignKeys()
    {
        using (Arm())
        {
            return SqliteForeignKeys.Check(Command);
        }
    }

    /// <summary>The parents of <paramref name="violations"/> that are not tables of the database.</summary>
    private List<string> MissingTables(IReadOnlyList<ForeignKeyViolation> violations)
    {
        using Deadline limit = Arm();
        var tables = new HashSet<string>(SqliteSchema.UserTables(Connection), StringComparer.OrdinalIgnoreCase);
        return [.. violations.Select(v => v.Parent).Distinct(StringComparer.OrdinalIgnoreCase).Where(p => !tables.Contains(p))];
    }

    /// <summary>BEGIN or COMMIT, which a setting an earlier step left on the connection (<c>query_only</c>) can make fail, as on apply's.</summary>
    private ReplayFailure? Control(string sql, MigrationBlock block)
    {
        try
        {
            Execute(sql);
            return null;
        }
        catch (SqliteException ex)
        {
            Rollback();
            return new ReplayFailure(null, block.Start, ex, []);
        }
    }

    private ReplayFailure? RunStatements(MigrationBlock block, Func<SqlStatement, bool> replayable, EffectsRecorder? recorder, CancellationToken cancellationToken)
    {
        bool transaction = !block.NoTransaction;
        if (transaction && Control("BEGIN IMMEDIATE", block) is ReplayFailure refused) return refused;
        foreach (SqlStatement statement in block.Statements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!replayable(statement)) continue;
            SourceLocation location = block.LocationOf(statement);
            try
            {
                using (recorder?.Statement(statement, location))
                {
                    Run(statement.Text);
                }
            }
            catch (SqliteException ex)
            {
                if (transaction) Rollback();
                return new ReplayFailure(statement, location, ex, []);
            }

            if (PersistentPragmas.Sets(statement) is not null) _pragmas.Add(statement.Text);
        }

        return null;
    }

    /// <summary>
    /// Runs a down block in a transaction that is then rolled back, with the connection's persistent settings put back
    /// as they were, and returns the schema it left (<paramref name="schema"/>) or why it failed.
    /// </summary>
    public ReplayFailure? RunDownRolledBack(MigrationBlock down, Func<SqlStatement, bool> replayable, CancellationToken cancellationToken,
        out SortedDictionary<string, string>? schema)
    {
        schema = null;
        List<(string Name, object? Value)> settings = [.. down.Statements.Select(PersistentPragmas.Sets).OfType<string>().Distinct()
            .Select(name => (name, Scalar($"PRAGMA {name}")))];
        Execute("BEGIN");
        try
        {
            foreach (SqlStatement statement in down.Statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!replayable(statement)) continue;
                try
                {
                    Run(statement.Text);
                }
                catch (SqliteException ex) when (down.NoTransaction && DataFailure.NeedsNoTransaction(ex))
                {
                    // The block runs outside a transaction on apply; only this check needs one, to roll back.
                }
                catch (SqliteException ex)
                {
                    return new ReplayFailure(statement, down.LocationOf(statement), ex, []);
                }
            }

            using (Arm())
            {
                schema = SchemaSnapshot.Read(Connection).Definitions();
            }
            return null;
        }
        finally
        {
            Rollback();
            foreach ((string name, object? value) in settings)
            {
                TryExecute($"PRAGMA {name} = {value}");
            }
        }
    }

    /// <summary>Runs the replay's own statement (not the ledger's).</summary>
    public void Execute(string sql)
    {
        Command.Parameters.Clear();
        Command.CommandText = sql;
        using (Limit(Connection))
        {
            Command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Puts the statements run on <paramref name="connection"/> until the result is disposed under the statement
    /// limit, when it is a replay database's connection (a no-op on any other): SQLite interrupts a statement that
    /// runs past it (error 9, "interrupted"). For the replay's own statements, which run the ledger's triggers and
    /// CHECKs as well (a seed row's insert fires the table's triggers), so that they cannot hang the lint either.
    /// </summary>
    public static Deadline Limit(SqliteConnection connection) =>
        Databases.TryGetValue(connection, out ReplayDatabase? database) ? database.Arm() : default;

    private Deadline Arm()
    {
        // Already armed: the outer limit holds (the replay's own work on a step counts as one statement).
        if (Volatile.Read(ref _deadline) != long.MaxValue) return default;
        Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(_statementLimit.TotalSeconds * Stopwatch.Frequency));
        return new Deadline(this);
    }

    /// <summary>The statement limit armed by <see cref="Limit"/>, lifted on dispose.</summary>
    internal readonly struct Deadline(ReplayDatabase? database) : IDisposable
    {
        public void Dispose()
        {
            if (database is not null) Volatile.Write(ref database._deadline, long.MaxValue);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Databases.Remove(Connection);
        Command.Dispose();
        Connection.Dispose();
    }

    private void Run(string sql)
    {
        Command.Parameters.Clear();
        Command.CommandText = sql;
        using (Arm())
        {
            Command.ExecuteNonQuery();
        }
    }

    private object? Scalar(string sql)
    {
        Command.Parameters.Clear();
        Command.CommandText = sql;
        using (Arm())
        {
            return Command.ExecuteScalar();
        }
    }

    private void TryExecute(string sql)
    {
        try
        {
            Execute(sql);
        }
        catch (SqliteException)
        {
            // A setting this build of SQLite does not know is not the replay's concern.
        }
    }

    private void Rollback()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // SQLite already rolled the transaction back after the error.
        }
    }
}
