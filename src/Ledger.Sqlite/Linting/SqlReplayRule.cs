using System.Diagnostics;
using System.Globalization;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;
using Ledger.Sqlite.Linting.Replay;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// The SQL check: replays every scope's up blocks, in version order, on a fresh in-memory SQLite database, and
/// reports a statement SQLite rejects (LDG022) and a foreign key that references a column that is not unique
/// (LDG023, "foreign key mismatch"). Runs only when the ledger has no structural error, so that the version order
/// is known. Planned steps are replayed too: they are comments today, and their SQL is checked once it is written.
/// A down block is checked where it would run: after the replay reaches its step's version, it runs in a transaction
/// that is then rolled back; a statement it fails on is LDG022, and a schema (<c>sqlite_master</c>) that differs from
/// the one before the step is LDG028, with the first difference.
/// </summary>
public sealed class SqlReplayRule : IJudgesScopes
{
    /// <summary>How long one statement may run on the empty database before the replay stops it.</summary>
    public static readonly TimeSpan DefaultStatementLimit = TimeSpan.FromSeconds(10);

    private const int SqliteInterrupt = 9;

    private readonly TimeSpan _statementLimit;

    /// <summary>Creates the rule with <see cref="DefaultStatementLimit"/>.</summary>
    public SqlReplayRule()
        : this(DefaultStatementLimit)
    {
    }

    /// <summary>Creates the rule.</summary>
    /// <param name="statementLimit">
    /// How long one statement may run. The SQL comes from the ledger, which a pull request controls: a statement that
    /// never ends (an unbounded recursive query) must not hang <c>ledger lint</c>, and on an empty database nothing
    /// legitimate takes long.
    /// </param>
    public SqlReplayRule(TimeSpan statementLimit)
    {
        _statementLimit = statementLimit;
    }

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        RuleCatalog.SqlError, RuleCatalog.ForeignKeyMismatch, RuleCatalog.DownBlockMismatch, RuleCatalog.DestructiveStatement,
        RuleCatalog.FailsWithData, RuleCatalog.RebuildLostObject, RuleCatalog.DanglingReference, RuleCatalog.RenameWhileDeployed,
        RuleCatalog.ForeignKeyDropped,
    ];

    /// <inheritdoc />
    public string Engine => SqliteLintRules.Instance.Engine;

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Judges { get; } = [RuleCatalog.DestructiveStatement];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        if (context.Set is not MigrationSet set)
        {
            return;
        }

        // A scope of another engine (PostgreSQL) is not SQLite's SQL: its engine checks it.
        foreach (string scope in set.ScopesUsed.Where(s => context.EngineOf(s) is null || context.EngineOf(s) == SqliteLintRules.Instance.Engine))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            ReplayScope(set, scope, context);
        }
    }

    private void ReplayScope(MigrationSet set, string scope, LintContext context)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        // SQLite calls the handler every few thousand instructions; a non-zero answer interrupts the statement.
        long deadline = long.MaxValue;
        raw.sqlite3_progress_handler(connection.Handle, 10_000, _ => Stopwatch.GetTimestamp() > Volatile.Read(ref deadline) ? 1 : 0, null);
        using SqliteCommand command = connection.CreateCommand();
        // As apply runs steps: with foreign keys off, so that a table rebuild's DROP TABLE does not cascade.
        command.CommandText = "PRAGMA foreign_keys=OFF";
        command.ExecuteNonQuery();
        using EffectsRecorder recorder = EffectsRecorder.Attach(connection);

        var creators = new TableCreators();
        SourceLocation? firstBlock = null;
        for (int s = 0; s < set.Steps.Count; s++)
        {
            MigrationBlock? down = set.Steps[s].Down.GetValueOrDefault(scope);
            SchemaSnapshot before = SchemaSnapshot.Read(connection);
            if (set.Steps[s].For(scope).Block is not MigrationBlock block)
            {
                if (down is not null) CheckDownBlock(command, set.Steps[s], down, before.Definitions(), context);
                continue;
            }

            firstBlock ??= block.Start;
            for (int i = 0; i < block.Statements.Count; i++)
            {
                SqlStatement statement = block.Statements[i];
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!IsReplayable(statement))
                {
                    continue;
                }

                command.CommandText = statement.Text;
                try
                {
                    Volatile.Write(ref deadline, Stopwatch.GetTimestamp() + (long)(_statementLimit.TotalSeconds * Stopwatch.Frequency));
                    using (recorder.Statement(statement, block.LocationOf(statement)))
                    {
                        command.ExecuteNonQuery();
                    }
                }
                catch (SqliteException ex)
                {
                    bool more = i + 1 < block.Statements.Count || set.Steps.Skip(s + 1).Any(later => later.For(scope).HasSql);
                    string problem = ex.SqliteErrorCode == SqliteInterrupt
                        ? string.Create(CultureInfo.InvariantCulture, $"the statement did not finish within {_statementLimit.TotalSeconds:0.#} s on an empty database (a query that never ends?)")
                        : SqliteMessage.Of(ex);
                    context.Report(RuleCatalog.SqlError.Create(block.LocationOf(statement),
                        $"{problem} in '{SqlScript.Abbreviate(statement.Text, 80)}' (replaying the {scope} blocks on an empty database)" +
                        (more ? $"; the {scope} statements after it were not checked, as they may depend on it" : "")));
                    // Whatever follows would fail in cascade or run against a schema apply would never build.
                    return;
                }

                creators.Track(statement, block.LocationOf(statement));
            }

            StepChanges.Report(new ReplayedStep(scope, set.Steps[s], block, before, SchemaSnapshot.Read(connection), recorder.TakeStep(), connection), context);
            if (down is not null) CheckDownBlock(command, set.Steps[s], down, before.Definitions(), context);
        }

        Volatile.Write(ref deadline, long.MaxValue);
        if (firstBlock is not null)
        {
            ForeignKeyCheck.Report(command, scope, creators, firstBlock, context);
        }
    }

    /// <summary>
    /// Runs a down block on the schema its step reached, inside a transaction that is rolled back whatever happens, and
    /// compares the schema it leaves with <paramref name="before"/>, the schema before the step's up block.
    /// </summary>
    private static void CheckDownBlock(SqliteCommand command, MigrationStep step, MigrationBlock down, SortedDictionary<string, string> before,
        LintContext context)
    {
        command.CommandText = "BEGIN";
        command.ExecuteNonQuery();
        try
        {
            foreach (SqlStatement statement in down.Statements)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!IsReplayable(statement)) continue;
                command.CommandText = statement.Text;
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (SqliteException ex)
                {
                    context.Report(RuleCatalog.SqlError.Create(down.LocationOf(statement),
                        $"{SqliteMessage.Of(ex)} in '{SqlScript.Abbreviate(statement.Text, 80)}' (running the down block of {down.Scope} {step} " +
                        $"on the schema of {step.To})"));
                    return;
                }
            }

            if (SchemaDifference.Describe(before, SchemaSnapshot.Read(command.Connection!).Definitions()) is string difference)
            {
                context.Report(RuleCatalog.DownBlockMismatch.Create(down.Start,
                    $"the down block of {down.Scope} {step} does not bring the schema back to {step.From}: {difference}"));
            }
        }
        finally
        {
            command.CommandText = "ROLLBACK";
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // SQLite already rolled the transaction back after the error.
            }
        }
    }

    /// <summary>
    /// Statements the replay skips: transaction control and VACUUM are reported by their own rules (and would fail
    /// here for reasons unrelated to the schema); ATTACH/DETACH would touch files, which a lint must never do.
    /// </summary>
    private static bool IsReplayable(SqlStatement statement) =>
        !statement.ControlsTransaction && Rules.ForbiddenStatementRule.Finding(statement) is null;
}
