using System.Reflection;
using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Execution;
using Ledger.Hosting;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Targets;
using Ledger.Targets;
using Ledger.Versions;
using Microsoft.Extensions.Logging;

namespace Ledger.Sqlite.Hosting;

/// <summary>
/// Ledger as a library for an application whose databases are SQLite files: the settings of <see cref="SqliteLedgerOptions"/>
/// (a system database and user databases, as <c>ledger.json</c>'s legacy shorthand) made into scopes and handed to the
/// engine-agnostic <see cref="LedgerHost"/>; what is SQLite's here is the user name → file path rule of
/// <see cref="EnsureUserAsync"/>. <see cref="MigrateAsync"/> at start-up and <see cref="EnsureUserAsync"/> when a user's
/// database is first needed. Migration problems come back as results, not exceptions. No global state: create one per
/// ledger and keep it for the app's lifetime (it is thread-safe).
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
    private readonly LedgerHost _host;

    private SqliteLedger(LedgerHost host, SqliteLedgerOptions options)
    {
        _host = host;
        Options = options;
    }

    /// <summary>The settings.</summary>
    public SqliteLedgerOptions Options { get; }

    /// <summary>Every finding of the ledger's checks (without the SQL replay); errors make it unusable.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _host.Diagnostics;

    /// <summary>The validated ledger, or null when it has errors (see <see cref="Diagnostics"/>).</summary>
    public MigrationSet? Set => _host.Set;

    /// <summary>The version databases are brought to, or null when the ledger or <see cref="SqliteLedgerOptions.Target"/> is unusable.</summary>
    public SemVersion? Target => _host.Target;

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
    public static SqliteLedger FromEmbeddedResource(Assembly assembly, string name, SqliteLedgerOptions options, ILogger? logger = null) =>
        FromText(LedgerHost.ReadEmbeddedResource(assembly, name), name, options, logger);

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

        // Users are listed at start-up only with a glob (which wins, as the options say), or with a query on an existing
        // system database setting and a template.
        string? query = options.UsersGlob is null && options.SystemDatabase is not null && options.UserDatabasePath is not null ? options.UsersQuery : null;
        ScopeLayout layout = ScopeLayout.Legacy(options.SystemDatabase, query, options.UserDatabasePath, options.UsersGlob,
            options.CreateMissingUsers, options.AllowSymlinksOutside);
        var targets = new ScopeTargets(layout, new EngineRegistry(engine ?? new SqliteEngine(options.BusyTimeout)), options.BackupDirectory);
        if (query is null && options.UserDatabasePath is string template)
        {
            // The layout checks (in LedgerHost) what it holds; a template used only by EnsureUserAsync is not in it.
            CheckOnDemandTemplate(template, options);
        }

        var host = LedgerHost.FromText(text, name, targets, new LedgerHostOptions
        {
            Target = options.Target,
            IncludePlanned = options.IncludePlanned,
            Backup = options.Backup,
            BackupDirectory = options.BackupDirectory,
            Parallelism = options.Parallelism,
            CreateMissing = options.CreateMissingUsers,
            TransactionMode = options.TransactionMode,
            Scopes = Scopes.Known,
        }, logger);
        return new SqliteLedger(host, options);
    }

    /// <summary>The template <see cref="EnsureUserAsync"/> resolves, when no user scope of the layout holds it.</summary>
    private static void CheckOnDemandTemplate(string template, SqliteLedgerOptions options)
    {
        if (PathTemplate.Problem(template) is string problem)
        {
            throw new ArgumentException($"{nameof(SqliteLedgerOptions.UserDatabasePath)} {problem}", nameof(options));
        }

        string folder = PathTemplate.Root(template);
        if (options.UsersGlob is null && UserFolder.BackupOverlap(folder, options.BackupDirectory) is string overlap)
        {
            throw new ArgumentException($"the users' folder {folder} cannot hold user databases: {overlap}; keep the backups in a folder of their own", nameof(options));
        }
    }

    /// <summary>
    /// Brings the system database to the target, then — with <see cref="SqliteLedgerOptions.UsersQuery"/> or
    /// <see cref="SqliteLedgerOptions.UsersGlob"/> — every listed user database, as <c>ledger apply</c> does. Without
    /// either, user databases are left to <see cref="EnsureUserAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<SqliteLedgerResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        LedgerHostResult result = await _host.MigrateAsync(cancellationToken);
        return new SqliteLedgerResult(result.Succeeded, result.Message, result.LedgerErrors, result.Run);
    }

    /// <summary>
    /// Makes sure <paramref name="user"/>'s database exists and is at the target: a new one is created and migrated from
    /// <c>baseline</c>, an older one is migrated. When it is already current this costs one journal query. Calls for the
    /// same user wait for each other (one async lock per database); other processes are kept apart by each step's
    /// <c>BEGIN IMMEDIATE</c> and the journal re-read inside it. A rejected user name, a failed step or an unusable
    /// ledger is a <see cref="DatabaseOutcome.Failed"/> result; <see cref="DatabaseTarget.Location"/> is the file to open.
    /// </summary>
    /// <param name="user">The user name (<c>^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$</c>).</param>
    /// <param name="cancellationToken">Stops waiting; a running step finishes or rolls back.</param>
    /// <exception cref="InvalidOperationException"><see cref="SqliteLedgerOptions.UserDatabasePath"/> is not set.</exception>
    public Task<DatabaseResult> EnsureUserAsync(string user, CancellationToken cancellationToken = default)
    {
        string template = Options.UserDatabasePath
            ?? throw new InvalidOperationException("SqliteLedgerOptions.UserDatabasePath is not set: there is no way to find a user's database");
        var rules = new UserFolderRules { AllowSymlinksOutside = Options.AllowSymlinksOutside, BackupDirectory = Options.BackupDirectory };
        UserDatabase resolved = PathTemplate.Resolve(Scopes.User, user, template, null, new UserFolder(PathTemplate.Root(template), rules));
        return resolved.Target is DatabaseTarget target
            ? _host.EnsureAsync(target, cancellationToken)
            : Task.FromResult(DatabaseResult.Of(new DatabaseTarget(Scopes.User, MemberNames.Printable(user), "(none)"), DatabaseOutcome.Failed, resolved.Problem));
    }
}
