using Ledger.Cli.Configuration;
using Ledger.Cli.Options;
using Ledger.Diagnostics;
using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Cli.Commands;

/// <summary>
/// What the database verbs share: the configuration with flags applied, the ledger loaded and checked (any error →
/// exit 1 before a database is opened), the system database, the user source and the engine.
/// </summary>
public sealed class Workspace
{
    private Workspace(LedgerConfig config, string ledgerPath, string ledgerShown, string ledgerText, LoadedLedger ledger, MigrationSet set)
    {
        Config = config;
        LedgerPath = ledgerPath;
        LedgerShown = ledgerShown;
        LedgerText = ledgerText;
        Ledger = ledger;
        Set = set;
        Engine = new SqliteEngine(TimeSpan.FromMilliseconds(config.BusyTimeoutMs));
    }

    /// <summary>Settings after flags.</summary>
    public LedgerConfig Config { get; }

    /// <summary>The ledger file's full path.</summary>
    public string LedgerPath { get; }

    /// <summary>The ledger file as shown in messages.</summary>
    public string LedgerShown { get; }

    /// <summary>The ledger's text as read.</summary>
    public string LedgerText { get; }

    /// <summary>The loaded ledger.</summary>
    public LoadedLedger Ledger { get; }

    /// <summary>The validated set.</summary>
    public MigrationSet Set { get; }

    /// <summary>The engine.</summary>
    public SqliteEngine Engine { get; }

    /// <summary>The scopes (for now made from the legacy settings) and where their databases are.</summary>
    public ScopeTargets Targets => new(
        ScopeLayout.Legacy(Config.System, Config.Users.Query, Config.Users.Path, Config.Users.Glob, Config.Users.CreateMissing, Config.Users.AllowSymlinksOutside),
        new EngineRegistry(Engine), Config.Backup.Dir);

    /// <summary>
    /// Loads configuration and ledger. Ledger errors are printed (compiler style, stderr) and become
    /// <see cref="CliException"/> with exit 1: nothing is touched. Every verb that opens databases starts here, so this
    /// is also where the runtime takes, while descriptors are plentiful, what it would otherwise take in the middle of
    /// a fan-out (<see cref="Preload"/>); <c>lint</c>, <c>new</c> and usage errors are spared that start-up cost.
    /// </summary>
    public static Workspace Open(CommonOptions options, CommandContext context)
    {
        Preload.Assemblies();
        Preload.ThreadPool();
        LedgerConfig config = ConfigLoader.Load(options, context.WorkingDirectory);
        CheckDatabases(config);
        CheckBackupFolder(config, options, context.WorkingDirectory);
        (string path, string shown) = LedgerFile.Resolve(options.Ledger, config, context.WorkingDirectory);
        string text = LedgerFile.Read(path, shown);
        LoadedLedger ledger = LedgerLoader.Load(text, shown, new LintOptions { SeverityOverrides = config.Lint.SeverityOverrides }, context.CancellationToken);
        if (ledger.Set is null)
        {
            foreach (Diagnostic d in ledger.Diagnostics.Where(d => d.Severity == Severity.Error))
            {
                context.Error.WriteLine(d);
            }

            throw new CliException($"{shown} has {ledger.Count(Severity.Error)} error(s); nothing was changed (run 'ledger lint' for every finding)", ExitCodes.Failed);
        }

        return new Workspace(config, path, shown, text, ledger, ledger.Set);
    }

    /// <summary>Reads <c>--target</c>: a version on the line, or the default target when absent.</summary>
    public SemVersion Target(string? flag) => flag is null ? Set.DefaultTarget : Version("--target", flag);

    /// <summary>Reads a version flag (<c>--target</c>, <c>--to</c>, <c>--rollback-to</c>): it must be on the ledger's line (usage error otherwise).</summary>
    public SemVersion Version(string name, string flag)
    {
        if (!SemVersion.TryParse(flag, out SemVersion version, out string error))
        {
            throw new CliException($"{name}: {error}");
        }

        if (!Set.Contains(version))
        {
            throw new CliException($"{name} {version} is not a version of {LedgerShown}; its versions are {string.Join(", ", Set.VersionLine.Select(v => v.Normalized))}");
        }

        return version;
    }

    /// <summary>A path for people: relative to the working directory when below it.</summary>
    public static string Shown(string path, string workingDirectory)
    {
        if (!Path.IsPathFullyQualified(path)) return path;
        string relative = Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? path : relative;
    }

    /// <summary>
    /// Refuses users looked for in the backup folder (exit 2, before any database is opened): a backup there would be
    /// listed, or named, as a user database and moved forward, and the point-in-time copy would be lost.
    /// </summary>
    private static void CheckBackupFolder(LedgerConfig config, CommonOptions options, string workingDirectory)
    {
        UsersConfig users = config.Users;
        string? folder = users.Glob is not null ? GlobUserSource.FolderOf(users.Glob) : users.Path is not null ? UserPaths.TemplateRoot(users.Path) : null;
        if (folder is null || UserFolder.BackupOverlap(folder, config.Backup.Dir) is not string overlap)
        {
            return;
        }

        string Shown(string path) => Workspace.Shown(path, workingDirectory);
        string usersSetting = users.Glob is not null
            ? (options.UsersGlob is null ? "users.glob" : "--users-glob") + $" '{Shown(users.Glob)}'"
            : (options.UsersPath is null ? "users.path" : "--users-path") + $" '{Shown(users.Path!)}'";
        string backupSetting = options is RunVerbOptions { BackupDir: not null } ? $"--backup-dir '{Shown(config.Backup.Dir!)}'"
            : config.Backup.Dir is not null ? $"backup.dir '{Shown(config.Backup.Dir)}'"
            : $"the default {ApplyOptions.DefaultBackupFolderName} folder";
        string file = config.SourcePath is null ? "" : $"{Shown(config.SourcePath)}: ";
        throw new CliException($"{file}{usersSetting} looks for user databases in {Shown(folder)}, and {overlap} ({backupSetting}): " +
                               "its backups would be taken for user databases and migrated; keep the backups in a folder of their own");
    }

    private static void CheckDatabases(LedgerConfig config)
    {
        UsersConfig users = config.Users;
        if (users.Glob is not null && users.Query is not null)
        {
            throw new CliException("users: give either a query (users.query with users.path) or a glob (users.glob), not both");
        }

        if (users.Query is not null && users.Path is null)
        {
            throw new CliException("users.query needs users.path, a template such as data/users/{user}.db (or --users-path)");
        }

        if (users.Path is not null && UserPaths.CheckTemplate(users.Path) is string problem)
        {
            throw new CliException(problem);
        }

        if (config.System is null && users.Query is not null)
        {
            throw new CliException("users.query runs on the system database, but none is configured (set 'system' in ledger.json or --system PATH)");
        }

        if (config.System is null && users.Glob is null)
        {
            throw new CliException("no database configured: set 'system' (and 'users') in ledger.json, or pass --system PATH");
        }

        if (config.BusyTimeoutMs < 0)
        {
            throw new CliException("busyTimeoutMs must not be negative");
        }
    }
}
