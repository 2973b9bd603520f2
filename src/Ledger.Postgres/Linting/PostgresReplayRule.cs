using System.Globalization;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Postgres.Engine;
using Ledger.Sql;
using Npgsql;

namespace Ledger.Postgres.Linting;

/// <summary>
/// The SQL check of PostgreSQL scopes, on a development server: each scope's blocks are replayed, in version order, in a
/// scratch database created for the run (named <c>ledger_lint_…</c>) and dropped after it. A statement the server
/// rejects is LDG022, at the statement's line, with PostgreSQL's message and SQLSTATE; the scope's later statements are
/// not replayed (they may depend on it). A down block runs where it would: after its step's up block, in a transaction
/// that is rolled back (a no-transaction down block runs as it is, then its step's up block again), and a schema that
/// differs from the one before the step is LDG028 with the first difference. Scratch databases left by a run that was
/// killed are dropped by the next one (those still in use by another run are left alone).
/// </summary>
public sealed class PostgresReplayRule : ILintRule
{
    /// <summary>The prefix of every scratch database, by which leftovers are recognised.</summary>
    public const string ScratchPrefix = "ledger_lint_";

    /// <summary>How long one statement may run in the scratch database before the replay stops it.</summary>
    public static readonly TimeSpan DefaultStatementLimit = TimeSpan.FromSeconds(10);

    private readonly string _server;
    private readonly string _setting;
    private readonly TimeSpan _statementLimit;

    /// <summary>Creates the rule.</summary>
    /// <param name="connectionString">A connection to the development server (its database is where scratch databases are created from).</param>
    /// <param name="setting">Where the connection string came from (<c>lint.devDatabase</c>, <c>--dev-database</c>), for messages.</param>
    /// <param name="statementLimit">How long one statement may run (default <see cref="DefaultStatementLimit"/>).</param>
    public PostgresReplayRule(string connectionString, string setting, TimeSpan? statementLimit = null)
    {
        _server = connectionString;
        _setting = setting;
        _statementLimit = statementLimit ?? DefaultStatementLimit;
    }

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.SqlError, RuleCatalog.DownBlockMismatch];

    /// <inheritdoc />
    /// <exception cref="DevDatabaseException">The development server cannot be reached, or refuses to create a database.</exception>
    public void Analyze(LintContext context)
    {
        if (context.Set is not MigrationSet set) return;
        string[] scopes = [.. set.ScopesUsed.Where(s => context.EngineOf(s) == PostgresEngine.EngineName)];
        if (scopes.Length == 0) return;

        NpgsqlConnectionStringBuilder server;
        try
        {
            server = new NpgsqlConnectionStringBuilder(_server) { Pooling = false };
        }
        catch (ArgumentException ex)
        {
            throw new DevDatabaseException($"{_setting} is not a connection string: {ex.Message}", ex);
        }

        // Pooling is off, so a data source holds no connection: one per connection string of this run (the server's,
        // each scratch database's), disposed when the run is done with it.
        using NpgsqlDataSource adminSource = Source(server.ConnectionString);
        using NpgsqlConnection admin = Open(adminSource);
        DropLeftovers(admin);
        foreach (string scope in scopes)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            string scratch = ScratchPrefix + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
            Execute(admin, $"CREATE DATABASE {scratch}", "create a scratch database");
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = scratch, SearchPath = null };
                using NpgsqlDataSource source = Source(builder.ConnectionString);
                using NpgsqlConnection connection = Open(source);
                new ScopeReplay(connection, set, scope, context, _statementLimit).Run();
            }
            finally
            {
                Execute(admin, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", "drop the scratch database");
            }
        }
    }

    /// <summary>A data source for <paramref name="connectionString"/>: Npgsql's slim builder, as the engine's (<see cref="PostgresPools.Builder"/>).</summary>
    private NpgsqlDataSource Source(string connectionString)
    {
        try
        {
            return PostgresPools.Builder(connectionString).Build();
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new DevDatabaseException($"{_setting}: the development server cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>A connection of <paramref name="source"/>.</summary>
    /// <remarks>
    /// <see cref="NotSupportedException"/>: the server asks for something the slim builder leaves out (an
    /// authentication or encryption feature), a problem of the setting, not of the ledger.
    /// </remarks>
    private NpgsqlConnection Open(NpgsqlDataSource source)
    {
        try
        {
            return source.OpenConnection();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new DevDatabaseException($"{_setting}: the development server cannot be reached: {ex.Message}", ex);
        }
    }

    private void Execute(NpgsqlConnection admin, string sql, string what)
    {
        try
        {
            using var command = new NpgsqlCommand(sql, admin);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException ex)
        {
            throw new DevDatabaseException($"{_setting}: could not {what} on the development server: {Describe(ex)}", ex);
        }
    }

    /// <summary>Drops the scratch databases of earlier runs that nobody is connected to (a run killed before its cleanup).</summary>
    private static void DropLeftovers(NpgsqlConnection admin)
    {
        var leftovers = new List<string>();
        using (var command = new NpgsqlCommand(
            "SELECT datname FROM pg_database d WHERE datname LIKE 'ledger\\_lint\\_%' AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.datid = d.oid)", admin))
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read()) leftovers.Add(reader.GetString(0));
        }

        foreach (string name in leftovers.Where(IsOld))
        {
            try
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PostgresJournalDialect.Identifier(name)}", admin);
                drop.ExecuteNonQuery();
            }
            catch (PostgresException)
            {
                // Another run connected to it meanwhile: it is that run's to drop.
            }
        }
    }

    // A scratch database is named ledger_lint_<UTC yyyyMMddHHmmss>_<random>: one younger than ten minutes may belong to a
    // run that created it and has not connected yet.
    private static bool IsOld(string name) =>
        name.Length >= ScratchPrefix.Length + 14 &&
        DateTime.TryParseExact(name.AsSpan(ScratchPrefix.Length, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime created) &&
        DateTime.UtcNow - created > TimeSpan.FromMinutes(10);

    /// <summary>PostgreSQL's message and SQLSTATE, with its detail when it gives one.</summary>
    internal static string Describe(NpgsqlException ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})" + (string.IsNullOrEmpty(pg.Detail) ? "" : $"; {pg.Detail}"),
        _ => ex.Message,
    };

    /// <summary>One scope replayed in its scratch database.</summary>
    private sealed class ScopeReplay(NpgsqlConnection connection, MigrationSet set, string scope, LintContext context, TimeSpan limit)
    {
        public void Run()
        {
            for (int s = 0; s < set.Steps.Count; s++)
            {
                MigrationStep step = set.Steps[s];
                MigrationBlock? down = step.Down.GetValueOrDefault(scope);
                SortedDictionary<string, string>? before = down is null ? null : PostgresSchema.Read(connection);
                if (step.For(scope).Block is MigrationBlock block && !RunUp(block, s, again: false)) return;
                if (down is not null && !CheckDown(step, s, down, before!)) return;
            }
        }

        private bool RunUp(MigrationBlock block, int stepIndex, bool again)
        {
            IReadOnlyList<SqlStatement> statements = context.StatementsOf(block);
            for (int i = 0; i < statements.Count; i++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (Failure(statements[i]) is not string problem) continue;
                bool more = i + 1 < statements.Count || set.Steps.Skip(stepIndex + 1).Any(later => later.For(scope).HasSql);
                context.Report(RuleCatalog.SqlError.Create(block.LocationOf(statements[i]),
                    $"{problem} in '{SqlScript.Abbreviate(statements[i].Text, 80)}' (replaying the {scope} blocks in a scratch database on the development server" +
                    (again ? ", again after its down block" : "") + ")" +
                    (more ? $"; the {scope} statements after it were not checked, as they may depend on it" : "")));
                return false;
            }

            return true;
        }

        private bool CheckDown(MigrationStep step, int stepIndex, MigrationBlock down, SortedDictionary<string, string> before)
        {
            bool inTransaction = !down.NoTransaction;
            if (inTransaction) Execute("BEGIN");
            try
            {
                foreach (SqlStatement statement in context.StatementsOf(down))
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    if (Failure(statement) is not string problem) continue;
                    context.Report(RuleCatalog.SqlError.Create(down.LocationOf(statement),
                        $"{problem} in '{SqlScript.Abbreviate(statement.Text, 80)}' (running the down block of {down.Scope} {step} on the schema of {step.To}, " +
                        "in a scratch database on the development server)"));
                    return inTransaction;
                }

                if (SchemaDifference.Describe(before, PostgresSchema.Read(connection)) is string difference)
                {
                    context.Report(RuleCatalog.DownBlockMismatch.Create(down.Start,
                        $"the down block of {down.Scope} {step} does not bring the schema back to {step.From}: {difference}"));
                }
            }
            finally
            {
                if (inTransaction) Execute("ROLLBACK");
            }

            // Run outside a transaction, the down block changed the schema: the step's up block brings it back.
            return inTransaction || step.For(scope).Block is not MigrationBlock up || RunUp(up, stepIndex, again: true);
        }

        /// <summary>Runs one statement; PostgreSQL's message and SQLSTATE when it fails, or null.</summary>
        private string? Failure(SqlStatement statement)
        {
            try
            {
                // A batch of one command: Npgsql sends its text as it is, where a command's text would be split again at
                // every ';' outside quotes (a BEGIN ATOMIC body's too).
                using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(statement.Text) }, Timeout = Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds)) };
                batch.ExecuteNonQuery();
                return null;
            }
            catch (NpgsqlException ex) when (ex.InnerException is TimeoutException || (ex is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }))
            {
                return string.Create(CultureInfo.InvariantCulture, $"the statement did not finish within {limit.TotalSeconds:0.#} s on an empty database (a query that never ends?)");
            }
            catch (PostgresException ex)
            {
                return Describe(ex);
            }
        }

        private void Execute(string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
