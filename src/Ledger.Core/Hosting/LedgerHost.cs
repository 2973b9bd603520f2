using System.Reflection;
using System.Text;
using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Hosting;

/// <summary>
/// Ledger as a library, for an application's start-up, whatever the engines: one ledger (from a file, an embedded
/// resource or text), the app's scopes (<see cref="ScopeTargets"/>: where each scope's databases are, and the engines
/// that serve them), <see cref="MigrateAsync"/> at start-up and <see cref="EnsureAsync"/> when a database is first
/// needed. Migration problems come back as results, not exceptions. No global state: create one per ledger and keep it
/// for the app's lifetime (it is thread-safe). An engine's own facade (<c>SqliteLedger</c>) builds the scopes from its
/// settings and hands them here.
/// </summary>
public sealed class LedgerHost
{
    private readonly LoadedLedger _loaded;
    private readonly ILogger _logger;
    private readonly MigrationRunner _runner;
    private readonly KeyedLock _locks = new();
    private readonly SemVersion? _target;
    private readonly string? _targetProblem;

    private LedgerHost(LoadedLedger loaded, ScopeTargets targets, LedgerHostOptions options, ILogger? logger)
    {
        _loaded = loaded;
        Options = options;
        _logger = logger ?? NullLogger.Instance;
        _runner = new MigrationRunner(targets, _logger);
        if (loaded.Set is MigrationSet set)
        {
            if (options.Target is null) _target = set.DefaultTarget;
            else if (!SemVersion.TryParse(options.Target, out SemVersion v, out string error)) _targetProblem = $"Target: {error}";
            else if (!set.Contains(v)) _targetProblem = $"Target {v} is not a version of the ledger";
            else _target = v;
        }
    }

    /// <summary>The settings.</summary>
    public LedgerHostOptions Options { get; }

    /// <summary>Every finding of the ledger's checks (without an engine's SQL replay); errors make it unusable.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _loaded.Diagnostics;

    /// <summary>The validated ledger, or null when it has errors (see <see cref="Diagnostics"/>).</summary>
    public MigrationSet? Set => _loaded.Set;

    /// <summary>The version databases are brought to, or null when the ledger or <see cref="LedgerHostOptions.Target"/> is unusable.</summary>
    public SemVersion? Target => _target;

    /// <summary>Reads the ledger from text; <paramref name="name"/> is what diagnostics call the file.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="LedgerHostOptions.Parallelism"/> is negative.</exception>
    /// <exception cref="ArgumentException">
    /// The scopes cannot be used (<see cref="ScopeTargets.Problems"/>: a scope without a database, an engine that is not
    /// registered, a set looked for among the backups…; the message names each scope and setting), or no engine is registered.
    /// </exception>
    public static LedgerHost FromText(string text, string name, ScopeTargets targets, LedgerHostOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        if (Execution.ApplyOptions.ParallelismProblem(options.Parallelism) is string parallelism)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallelism, $"{nameof(LedgerHostOptions.Parallelism)} {parallelism}");
        }

        if (targets.Engines.Names.Count == 0)
        {
            throw new ArgumentException("no engine is registered: give the scope targets at least one engine", nameof(targets));
        }

        if (targets.Problems() is { Count: > 0 } problems)
        {
            // The CLI says the same problems as configuration errors; a library caller gets them when the host is created.
            throw new ArgumentException("the scopes cannot be used: " + string.Join("; ", problems.Select(p =>
                p.Clash is null ? p.ToString() : $"{p}; keep the backups in a folder of their own")), nameof(targets));
        }

        LintOptions lintOptions = LintOptions.For(targets.Layout.Whole, targets.Engines);
        if (options.Scopes is { } scopes) lintOptions = lintOptions with { Scopes = scopes };
        return new LedgerHost(LedgerLoader.Load(text, name, lintOptions), targets, options, logger);
    }

    /// <summary>Reads the ledger from a file. A ledger with errors does not throw: <see cref="MigrateAsync"/> reports them.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static LedgerHost FromFile(string path, ScopeTargets targets, LedgerHostOptions options, ILogger? logger = null) =>
        FromText(LedgerDocumentReader.ReadText(path), path, targets, options, logger);

    /// <summary>
    /// Reads the ledger from a resource embedded in <paramref name="assembly"/> (see <see cref="ReadEmbeddedResource"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No resource, or more than one, has that name (the message lists them).</exception>
    public static LedgerHost FromEmbeddedResource(Assembly assembly, string name, ScopeTargets targets, LedgerHostOptions options, ILogger? logger = null) =>
        FromText(ReadEmbeddedResource(assembly, name), name, targets, options, logger);

    /// <summary>
    /// The text of a resource embedded in <paramref name="assembly"/> (in the project file:
    /// <c>&lt;EmbeddedResource Include="MIGRATIONS.md" /&gt;</c>). <paramref name="name"/> is the manifest resource name,
    /// or its end after a dot (<c>MIGRATIONS.md</c> finds <c>MyApp.MIGRATIONS.md</c>) when exactly one resource matches.
    /// </summary>
    /// <exception cref="FileNotFoundException">No resource, or more than one, has that name (the message lists them).</exception>
    public static string ReadEmbeddedResource(Assembly assembly, string name)
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
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Brings every scope to the target, in declared order, as <c>ledger apply</c> does: each single database, and every
    /// listed member of each set.
    /// </summary>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<LedgerHostResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (Unusable() is LedgerHostResult refused)
        {
            return refused;
        }

        RunResult run = await _runner.ApplyAsync(Set!, ApplyOptions(Options.CreateMissing), new LoggingObserver(_logger), cancellationToken);
        bool ok = run.ExitCode == 0;
        int done = run.All.Count(r => r.Succeeded);
        string message = ok
            ? $"ledger: {done} database(s) at {run.Target}"
            : run.PlannedRefusal is string planned
            ? $"ledger: Target {planned}; nothing was changed. Write the SQL first, or set IncludePlanned to record the planned step(s) as empty"
            : AheadMessage(run) is string ahead ? ahead
            : $"ledger: migration to {run.Target} did not finish: " +
              string.Join("; ", run.All.Where(r => !r.Succeeded).Take(3).Select(r => r.Describe())) + (run.UsersNotReached is null ? "" : $"; {run.UsersNotReached}");
        if (ok) _logger.LogInformation("{Message}", message);
        else _logger.LogError("{Message}", message);
        return new LedgerHostResult(ok, message, [], run);
    }

    /// <summary>
    /// Makes sure one database exists and is at the target: a new one is created and migrated from <c>baseline</c>, an
    /// older one is migrated. When it is already current this costs one journal query. Calls for the same database wait
    /// for each other (one async lock per database); other processes are kept apart by each step's transaction and the
    /// journal re-read inside it. A failed step or an unusable ledger is a <see cref="DatabaseOutcome.Failed"/> result.
    /// </summary>
    /// <param name="target">The database (its scope names the engine).</param>
    /// <param name="cancellationToken">Stops waiting; a running step finishes or rolls back.</param>
    public async Task<DatabaseResult> EnsureAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        if (Unusable() is LedgerHostResult refused)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, refused.Message);
        }

        using (await _locks.EnterAsync(target.Location, cancellationToken))
        {
            DatabaseResult result = await _runner.MigrateOneAsync(target, Set!, ApplyOptions(createMissing: true), create: true, cancellationToken);
            if (result.Outcome == DatabaseOutcome.Ahead) result = result with { Message = $"{result.Message}; {AheadAdvice}" };
            LoggingObserver.Log(_logger, result);
            return result;
        }
    }

    /// <summary>What to do about a database ahead of the app's ledger: the app cannot know which is right, its user can.</summary>
    private const string AheadAdvice =
        "nothing was changed. It was migrated by a newer version of this app or by another ledger: run the version of " +
        "the app that matches it, give this app databases of its own, or restore the database from the backup taken " +
        "before it was migrated";

    /// <summary>
    /// The message of a run stopped by a database ahead of the ledger (what is ahead, which database, what to do), or
    /// null when none is: an app meeting a newer database must be able to say so plainly, not as a failed migration.
    /// </summary>
    private string? AheadMessage(RunResult run)
    {
        DatabaseResult[] ahead = [.. run.All.Where(r => r.Outcome == DatabaseOutcome.Ahead)];
        if (ahead.Length == 0) return null;
        string more = ahead.Length == 1 ? "" : $" (and {ahead.Length - 1} more database(s) ahead)";
        return $"ledger: {ahead[0].Target} is ahead of this app's ledger {_loaded.Document.Path} (its last version is {Set!.Latest}" +
               $"{(run.Target == Set.Latest ? "" : $", the target {run.Target}")}): {ahead[0].Message}{more}; {AheadAdvice}";
    }

    private ApplyOptions ApplyOptions(bool createMissing) => new()
    {
        Target = _target,
        Parallelism = Options.Parallelism,
        CreateMissing = createMissing,
        Backup = Options.Backup,
        BackupDirectory = Options.BackupDirectory,
        TransactionMode = Options.TransactionMode,
        IncludePlanned = Options.IncludePlanned,
    };

    private LedgerHostResult? Unusable()
    {
        if (Set is null)
        {
            Diagnostic[] errors = [.. Diagnostics.Where(d => d.Severity == Severity.Error)];
            string message = $"ledger: {errors.Length} error(s) in the ledger, nothing was changed; first: {errors.FirstOrDefault()}";
            _logger.LogError("{Message}", message);
            return new LedgerHostResult(false, message, errors, null);
        }

        if (_targetProblem is not null)
        {
            _logger.LogError("ledger: {Problem}", _targetProblem);
            return new LedgerHostResult(false, $"ledger: {_targetProblem}; nothing was changed", [], null);
        }

        return null;
    }

    /// <summary>Logs each database as it finishes: migrations at information, problems at warning, the rest at debug.</summary>
    private sealed class LoggingObserver(ILogger logger) : IRunObserver
    {
        public void ScopeStarted(Scoping.ScopeDefinition scope, int databases)
        {
        }

        public void Finished(DatabaseResult result) => Log(logger, result);

        public static void Log(ILogger logger, DatabaseResult result)
        {
            LogLevel level = result.Outcome switch
            {
                DatabaseOutcome.Current => LogLevel.Debug,
                _ when result.Succeeded => LogLevel.Information,
                _ => LogLevel.Warning,
            };
            if (logger.IsEnabled(level)) logger.Log(level, "ledger: {Result}", result.Describe());
        }
    }
}
