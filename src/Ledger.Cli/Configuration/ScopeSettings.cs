using Ledger.Cli.Commands;
using Ledger.Cli.Options;
using Ledger.Execution;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Targets;

namespace Ledger.Cli.Configuration;

/// <summary>
/// Turns the settings into scopes: the <c>scopes</c> declared in ledger.json (locations relative to the file), or the
/// legacy <c>system</c> + <c>users</c> settings and flags as their shorthand; checks them before any database is opened
/// (every problem is a configuration error, exit 2, naming the file, the setting and its line); and keeps the scopes
/// chosen with <c>--scope</c>.
/// </summary>
public static class ScopeSettings
{
    /// <summary>The chosen scopes and where their databases are.</summary>
    /// <exception cref="CliException">A scope's settings are wrong, or <c>--scope</c> names a scope that is not declared.</exception>
    public static ScopeTargets Targets(LedgerConfig config, CommonOptions options, EngineRegistry engines, string workingDirectory)
    {
        string Shown(string path) => Workspace.Shown(path, workingDirectory);
        string file = config.SourcePath is null ? "" : Shown(config.SourcePath);
        bool createMissing = options is ApplyVerbOptions { CreateMissing: true };
        ScopeLayout layout;
        Func<ScopeProblem, string> describe;
        if (config.DeclaredScopes is ScopeLayout declared)
        {
            if (declared.Count == 0)
            {
                throw new CliException($"{file}:{config.Lines["scopes"]}: scopes: declares no scope; declare at least one ({{ \"system\": {{ \"database\": \"data/system.db\" }} }})");
            }

            string directory = Path.GetDirectoryName(config.SourcePath!)!;
            layout = new ScopeLayout(declared.Select(s => (engines.Find(s.Engine)?.Targets.Anchored(s, directory) ?? s) with
            {
                CreateMissing = s.CreateMissing || (s.IsSet && createMissing),
                AllowSymlinksOutside = s.AllowSymlinksOutside || (s.IsSet && options.AllowSymlinksOutside),
            }));
            describe = p => Declared(p, layout, config, file, Shown, options);
        }
        else
        {
            CheckLegacy(config);
            UsersConfig users = config.Users;
            layout = ScopeLayout.Legacy(config.System, users.Query, users.Path, users.Glob, users.CreateMissing || createMissing, users.AllowSymlinksOutside);
            describe = p => Legacy(p, config, file, Shown, options);
        }

        // Every scope names its engine from here on (reports show it); a scope that names none has the default.
        layout = new ScopeLayout(layout.Select(s => s with { Engine = s.Engine ?? engines.Default.Name }));
        var whole = new ScopeTargets(layout, engines, config.Backup.Dir);
        if (whole.Problems() is { Count: > 0 } problems)
        {
            throw new CliException(string.Join(Environment.NewLine, problems.Select(describe)));
        }

        string[] chosen = options is ScopedOptions scoped ? scoped.Scope.ToArray() : [];
        if (layout.Unknown(chosen) is [var (name, closest), ..])
        {
            throw new CliException($"--scope: unknown scope '{name}'" + (closest is null ? "" : $"; did you mean '{closest}'?") +
                                   $" (the scopes: {string.Join(", ", layout.Names)})");
        }

        return new ScopeTargets(layout.Only(chosen), engines, config.Backup.Dir);
    }

    /// <summary>
    /// The scopes tags may use (<see cref="LedgerConfig.TagScopes"/>), once every engine they name is known to be
    /// registered: what lint reads a ledger with (<see cref="Linting.LintOptions.For"/>). For the verbs that open no
    /// database, which check no more of the scopes than this.
    /// </summary>
    /// <exception cref="CliException">A declared scope names an engine that is not registered (<c>ledger.json:7: scopes.x.engine: …</c>).</exception>
    public static ScopeLayout LintScopes(LedgerConfig config, CommonOptions options, EngineRegistry engines, string workingDirectory)
    {
        ScopeLayout layout = config.TagScopes;
        string file = config.SourcePath is null ? "" : Workspace.Shown(config.SourcePath, workingDirectory);
        string[] problems = layout.Where(s => engines.Unknown(s.Engine) is not null)
            .Select(s => Declared(new ScopeProblem(s.Name, "engine", engines.Unknown(s.Engine)!), layout, config, file, p => Workspace.Shown(p, workingDirectory), options))
            .ToArray();
        if (problems.Length > 0)
        {
            throw new CliException(string.Join(Environment.NewLine, problems));
        }

        return layout;
    }

    /// <summary>A problem of a declared scope: <c>ledger.json:7: scopes.user.database: …</c>.</summary>
    private static string Declared(ScopeProblem p, ScopeLayout layout, LedgerConfig config, string file, Func<string, string> shown, CommonOptions options)
    {
        string key = p.Setting is null ? $"scopes.{p.Scope}" : $"scopes.{p.Scope}.{p.Setting}";
        int line = config.Lines.TryGetValue(key, out int l) ? l : config.Lines.GetValueOrDefault($"scopes.{p.Scope}", config.Lines.GetValueOrDefault("scopes"));
        if (p.Clash is BackupClash clash && layout.Find(p.Scope) is ScopeDefinition set)
        {
            string value = (clash.Setting == "glob" ? set.Glob : set.Database) ?? "";
            return $"{file}:{line}: {key} '{shown(value)}' " + ClashText(p.Scope, clash, config, shown, options);
        }

        return $"{file}:{line}: {key}: {p.Message}";
    }

    /// <summary>A problem of the legacy settings, named as the user wrote them (<c>users.path</c> or <c>--users-path</c>).</summary>
    private static string Legacy(ScopeProblem p, LedgerConfig config, string file, Func<string, string> shown, CommonOptions options)
    {
        (string setting, string? value) = (p.Scope, p.Setting) switch
        {
            (Scopes.User, "glob") => (options.UsersGlob is null ? "users.glob" : "--users-glob", config.Users.Glob),
            (Scopes.User, "database") => (options.UsersPath is null ? "users.path" : "--users-path", config.Users.Path),
            (Scopes.User, "query") => (options.UsersQuery is null ? "users.query" : "--users-query", null),
            (Scopes.System, "database") => (options.System is null ? "system" : "--system", null),
            _ => ($"{p.Scope}", null),
        };
        string inFile = file.Length == 0 || setting.StartsWith("--", StringComparison.Ordinal) ? "" : file + ": ";
        return p.Clash is BackupClash clash
            ? $"{(file.Length == 0 ? "" : file + ": ")}{setting} '{shown(value ?? "")}' " + ClashText(p.Scope, clash, config, shown, options)
            : p.Setting == "query" ? $"{inFile}{setting} {p.Message}" : $"{setting} {p.Message}";
    }

    private static string ClashText(string scope, BackupClash clash, LedgerConfig config, Func<string, string> shown, CommonOptions options)
    {
        string backupSetting = options is RunVerbOptions { BackupDir: not null } ? $"--backup-dir '{shown(config.Backup.Dir!)}'"
            : config.Backup.Dir is not null ? $"backup.dir '{shown(config.Backup.Dir)}'"
            : $"the default {ApplyOptions.DefaultBackupFolderName} folder";
        return $"looks for {scope} databases in {shown(clash.Place)}, and {clash.Overlap} ({backupSetting}): " +
               $"its backups would be taken for {scope} databases and migrated; keep the backups in a folder of their own";
    }

    /// <summary>The legacy settings' own rules, with their own words (unchanged since before scopes were declared).</summary>
    private static void CheckLegacy(LedgerConfig config)
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

        if (config.System is null && users.Query is not null)
        {
            throw new CliException("users.query runs on the system database, but none is configured (set 'system' in ledger.json or --system PATH)");
        }

        if (config.System is null && users.Glob is null)
        {
            throw new CliException("no database configured: set 'system' (and 'users') in ledger.json, or pass --system PATH");
        }
    }
}
