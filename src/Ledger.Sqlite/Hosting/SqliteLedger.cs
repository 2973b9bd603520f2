using System.Reflection;
using System.Text;
using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Targets;
using Ledger.Targets;
using Ledger.Versions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Sqlite.Hosting;

/// <summary>
/// Ledger as a library, for an application's start-up: one ledger (from a file, an embedded resource or text), the
/// app's SQLite databases, <see cref="MigrateAsync"/> at start-up and <see cref="EnsureUserAsync"/> when a user's
/// database is first needed. Migration problems come back as results, not exceptions. No global state: create one
/// per ledger and keep it for the app's lifetime (it is thread-safe).
/// </summary>
/// <example>
/// <code>
/// var ledger = SqliteLedger.FromEmbeddedResource(typeof(Program).Assembly, "MIGRATIONS.md", new SqliteLedgerOptions
/// {
///     SystemDatabase = Path.Combine(dataDir, "system.db"),
///     UserDatabasePath = Path.Combine(dataDir, "users", "{user}.db"),
/// }, logger);
/// SqliteLedgerResult started = await ledger.MigrateAsync(cancellationToken);
/// if (!started.Succeeded) throw new InvalidOperationException(started.Message);
/// DatabaseResult alice = await ledger.EnsureUserAsync("alice", cancellationToken); // created and migrated when new
/// </code>
/// </example>
public sealed class SqliteLedger
{
    private readonly LoadedLedger _loaded;
    private readonly ILogger _logger;
    private readonly IDatabaseEngine _engine;
    private readonly MigrationRunner _runner;
    private readonly DatabaseMigrator _migrator;
    private readonly KeyedLock _userLocks = new();
    private readonly SemVersion? _target;
    private readonly string? _targetProblem;

    private SqliteLedger(LoadedLedger loaded, SqliteLedgerOptions options, ILogger? logger, IDatabaseEngine? engine)
    {
        _loaded = loaded;
        Options = options;
        _logger = logger ?? NullLogger.Instance;
        _engine = engine ?? new SqliteEngine(options.BusyTimeout);
        _runner = new MigrationRunner(_engine, _logger);
        _migrator = new DatabaseMigrator(_engine, _logger, TimeProvider.System);
        if (loaded.Set is MigrationSet set)
        {
            if (options.Target is null) _target = set.DefaultTarget;
            else if (!SemVersion.TryParse(options.Target, out SemVersion v, out string error)) _targetProblem = $"Target: {error}";
            else if (!set.Contains(v)) _targetProblem = $"Target {v} is not a version of the ledger";
            else _target = v;
        }
    }

    /// <summary>The settings.</summary>
    public SqliteLedgerOptions Options { get; }

    /// <summary>Every finding of the ledger's checks (without the SQL replay); errors make it unusable.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _loaded.Diagnostics;

    /// <summary>The validated ledger, or null when it has errors (see <see cref="Diagnostics"/>).</summary>
    public MigrationSet? Set => _loaded.Set;

    /// <summary>The version databases are brought to, or null when the ledger or <see cref="SqliteLedgerOptions.Target"/> is unusable.</summary>
    public SemVersion? Target => _target;

    /// <summary>Reads the ledger from a file. A ledger with errors does not throw: <see cref="MigrateAsync"/> reports them.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static SqliteLedger FromFile(string path, SqliteLedgerOptions options, ILogger? logger = null) =>
        FromText(LedgerDocumentReader.ReadText(path), path, options, logger);

    /// <summary>
    /// Reads the ledger from a resource embedded in <paramref name="assembly"/> (in the project file:
    /// <c>&lt;EmbeddedResource Include="MIGRATIONS.md" /&gt;</c>). <paramref name="name"/> is the manifest resource name,
    /// or its end after a dot (<c>MIGRATIONS.md</c> finds <c>MyApp.MIGRATIONS.md</c>) when exactly one resource matches.
    /// </summary>
    /// <exception cref="FileNotFoundException">No resource, or more than one, has that name (the message lists them).</exception>
    public static SqliteLedger FromEmbeddedResource(Assembly assembly, string name, SqliteLedgerOptions options, ILogger? logger = null)
    {
        string[] names = assembly.GetManifestResourceNames();
        string[] matches = names.Contains(name, StringComparer.Ordinal)
            ? [name]
            : names.Where(n => n.EndsWith("." + name, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (matches.Length != 1)
        {
            throw new FileNotFoundException(
                $"{(matches.Length == 0 ? "no" : "more than one")} embedded resource named '{name}' in {assembly.GetName().Name}; " +
                $"its resources are: {(names.Length == 0 ? "(none)" : string.Join(", ", names))}", name);
        }

        using Stream stream = assembly.GetManifestResourceStream(matches[0])!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return FromText(reader.ReadToEnd(), name, options, logger);
    }

    /// <summary>Reads the ledger from text; <paramref name="name"/> is what diagnostics call the file.</summary>
    public static SqliteLedger FromText(string text, string name, SqliteLedgerOptions options, ILogger? logger = null) =>
        Create(text, name, options, logger, engine: null);

    /// <summary>For tests: the same with another engine (e.g. one that counts queries).</summary>
    internal static SqliteLedger Create(string text, string name, SqliteLedgerOptions options, ILogger? logger, IDatabaseEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Execution.ApplyOptions.ParallelismProblem(options.Parallelism) is string parallelism)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallelism, $"{nameof(SqliteLedgerOptions.Parallelism)} {parallelism}");
        }

        if (options.UserDatabasePath is not null && PathTemplate.Problem(options.UserDatabasePath) is string problem)
        {
            throw new ArgumentException($"{nameof(SqliteLedgerOptions.UserDatabasePath)} {problem}", nameof(options));
        }

        string? folder = options.UsersGlob is not null ? GlobMembers.FolderOf(options.UsersGlob)
            : options.UserDatabasePath is not null ? PathTemplate.Root(options.UserDatabasePath) : null;
        if (folder is not null && UserFolder.BackupOverlap(folder, options.BackupDirectory) is string overlap)
        {
            throw new ArgumentException($"the users' folder {folder} cannot hold user databases: {overlap}; keep the backups in a folder of their own", nameof(options));
        }

        return new SqliteLedger(LedgerLoader.Load(text, name, new LintOptions { EngineRules = [Linting.SqliteLintRules.Instance] }), options, logger, engine);
    }

    /// <summary>
    /// Brings the system database to the target, then — with <see cref="SqliteLedgerOptions.UsersQuery"/> or
    /// <see cref="SqliteLedgerOptions.UsersGlob"/> — every listed user database, as <c>ledger apply</c> does. Without
    /// either, user databases are left to <see cref="EnsureUserAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<SqliteLedgerResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (Unusable() is SqliteLedgerResult refused)
        {
            return refused;
        }

        DatabaseTarget? system = Options.SystemDatabase is null ? null : new DatabaseTarget(Scopes.System, "system", Options.SystemDatabase);
        IUserSource? users = Options.UsersGlob is not null ? SqliteTargetResolver.Glob(Options.UsersGlob, FolderRules)
            : Options.UsersQuery is not null && Options.UserDatabasePath is not null ? SqliteTargetResolver.Query(Options.UsersQuery, Options.UserDatabasePath, FolderRules)
            : null;
        RunResult run = await _runner.ApplyAsync(Set!, system, users, ApplyOptions(Options.CreateMissingUsers), new LoggingObserver(_logger), cancellationToken);
        bool ok = run.ExitCode == 0;
        int done = run.All.Count(r => r.Succeeded);
        string message = ok
            ? $"ledger: {done} database(s) at {run.Target}"
            : $"ledger: migration to {run.Target} did not finish: " +
              string.Join("; ", run.All.Where(r => !r.Succeeded).Take(3).Select(r => r.Describe())) + (run.UsersNotReached is null ? "" : $"; {run.UsersNotReached}");
        if (ok) _logger.LogInformation("{Message}", message);
        else _logger.LogError("{Message}", message);
        return new SqliteLedgerResult(ok, message, [], run);
    }

    /// <summary>
    /// Makes sure <paramref name="user"/>'s database exists and is at the target: a new one is created and migrated from
    /// <c>baseline</c>, an older one is migrated. When it is already current this costs one journal query. Calls for the
    /// same user wait for each other (one async lock per user); other processes are kept apart by each step's
    /// <c>BEGIN IMMEDIATE</c> and the journal re-read inside it. A rejected user name, a failed step or an unusable
    /// ledger is a <see cref="DatabaseOutcome.Failed"/> result; <see cref="DatabaseTarget.Location"/> is the file to open.
    /// </summary>
    /// <param name="user">The user name (<c>^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$</c>).</param>
    /// <param name="cancellationToken">Stops waiting; a running step finishes or rolls back.</param>
    /// <exception cref="InvalidOperationException"><see cref="SqliteLedgerOptions.UserDatabasePath"/> is not set.</exception>
    public async Task<DatabaseResult> EnsureUserAsync(string user, CancellationToken cancellationToken = default)
    {
        string template = Options.UserDatabasePath
            ?? throw new InvalidOperationException("SqliteLedgerOptions.UserDatabasePath is not set: there is no way to find a user's database");
        UserDatabase resolved = PathTemplate.Resolve(Scopes.User, user, template, null, new UserFolder(PathTemplate.Root(template), FolderRules));
        if (resolved.Target is not DatabaseTarget target)
        {
            return DatabaseResult.Of(new DatabaseTarget(Scopes.User, MemberNames.Printable(user), "(none)"), DatabaseOutcome.Failed, resolved.Problem);
        }

        if (Unusable() is SqliteLedgerResult refused)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, refused.Message);
        }

        using (await _userLocks.EnterAsync(user, cancellationToken))
        {
            DatabaseResult result = await _migrator.MigrateAsync(target, Set!, _target!, ApplyOptions(createMissing: true), create: true, cancellationToken);
            LoggingObserver.Log(_logger, result);
            return result;
        }
    }

    private UserFolderRules FolderRules => new() { AllowSymlinksOutside = Options.AllowSymlinksOutside, BackupDirectory = Options.BackupDirectory };

    private ApplyOptions ApplyOptions(bool createMissing) => new()
    {
        Target = _target,
        Parallelism = Options.Parallelism,
        CreateMissing = createMissing,
        Backup = Options.Backup,
        BackupDirectory = Options.BackupDirectory,
        TransactionMode = Options.TransactionMode,
    };

    private SqliteLedgerResult? Unusable()
    {
        if (Set is null)
        {
            Diagnostic[] errors = [.. Diagnostics.Where(d => d.Severity == Severity.Error)];
            string message = $"ledger: {errors.Length} error(s) in the ledger, nothing was changed; first: {errors.FirstOrDefault()}";
            _logger.LogError("{Message}", message);
            return new SqliteLedgerResult(false, message, errors, null);
        }

        if (_targetProblem is not null)
        {
            _logger.LogError("ledger: {Problem}", _targetProblem);
            return new SqliteLedgerResult(false, $"ledger: {_targetProblem}; nothing was changed", [], null);
        }

        return null;
    }

    /// <summary>Logs each database as it finishes: migrations at information, problems at warning, the rest at debug.</summary>
    private sealed class LoggingObserver(ILogger logger) : IRunObserver
    {
        public void UsersCounted(long? total)
        {
        }

        public void Finished(DatabaseResult result) => Log(logger, result);

        public static void Log(ILogger logger, DatabaseResult result)
        {
            LogLevel level = result.Outcome switch
            {
                DatabaseOutcome.Migrated => LogLevel.Information,
                DatabaseOutcome.Current => LogLevel.Debug,
                _ => LogLevel.Warning,
            };
            if (logger.IsEnabled(level)) logger.Log(level, "ledger: {Result}", result.Describe());
        }
    }
}
