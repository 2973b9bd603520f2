using System.Text.Json;
using Ledger.Cli.Options;
using Ledger.Diagnostics;
using Ledger.Scoping;

namespace Ledger.Cli.Configuration;

/// <summary>
/// Reads <c>ledger.json</c> (from the working directory, or <c>--config FILE</c>) and lets flags override it.
/// A missing default file means defaults; a missing <c>--config</c> file, invalid JSON, unknown settings (all of them, see
/// <see cref="ConfigProblems"/>) or an unknown severity or rule code is a <see cref="CliException"/> naming the file (and line), exit 2.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The file looked for in the working directory.</summary>
    public const string DefaultFileName = "ledger.json";

    /// <summary>Loads the configuration and applies the common flags.</summary>
    public static LedgerConfig Load(CommonOptions options, string workingDirectory)
    {
        LedgerConfig config = ReadFile(options.Config, workingDirectory);
        string Flag(string path) => Path.GetFullPath(path, workingDirectory);
        if (config.DeclaredScopes is not null
            && (options.System is not null ? "--system" : options.UsersQuery is not null ? "--users-query" : options.UsersPath is not null ? "--users-path"
                : options.UsersGlob is not null ? "--users-glob" : null) is string legacyFlag)
        {
            throw new CliException($"{legacyFlag}: {Path.GetFileName(config.SourcePath)} declares its scopes ('scopes'); --system and --users-… are the " +
                                   "shorthand for a ledger.json without them (choose scopes with --scope NAME)");
        }

        return config with
        {
            Ledger = options.Ledger is null ? config.Ledger : Flag(options.Ledger),
            System = options.System is null ? config.System : Flag(options.System),
            Users = config.Users with
            {
                Query = options.UsersQuery ?? config.Users.Query,
                Path = options.UsersPath is null ? config.Users.Path : Flag(options.UsersPath),
                Glob = options.UsersGlob is null ? config.Users.Glob : Flag(options.UsersGlob),
                AllowSymlinksOutside = options.AllowSymlinksOutside || config.Users.AllowSymlinksOutside,
            },
            // Every verb lists users, and the listing must know where backups are (never a user database).
            Backup = options is RunVerbOptions { BackupDir: string dir } ? config.Backup with { Dir = Flag(dir) } : config.Backup,
        };
    }

    /// <summary>Reads a configuration file; <paramref name="explicitPath"/> null means the default file, if present.</summary>
    public static LedgerConfig ReadFile(string? explicitPath, string workingDirectory)
    {
        string path = Path.GetFullPath(explicitPath ?? DefaultFileName, workingDirectory);
        string shown = explicitPath ?? DefaultFileName;
        if (!File.Exists(path))
        {
            if (explicitPath is null) return new LedgerConfig();
            throw new CliException(Directory.Exists(path)
                ? $"{shown}: is a directory, not a configuration file"
                : $"{shown}: configuration file not found");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{shown}: cannot read the configuration file: {ex.Message}", ExitCodes.Usage, ex);
        }

        // Syntax errors at the line of the mistake, and every unknown setting at once (the serializer stops at the first).
        ConfigProblems.Check(text, shown);
        LedgerConfig config;
        try
        {
            config = JsonSerializer.Deserialize(text, ConfigJson.Default.LedgerConfig)
                     ?? throw new CliException($"{shown}: the configuration must be a JSON object, not null");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{shown}{Where(ex)}: invalid configuration: {Describe(ex)}", ExitCodes.Usage, ex);
        }

        string directory = Path.GetDirectoryName(path)!;
        string? Relative(string? p) => p is null ? null : Path.GetFullPath(p, directory);
        if (config.Scopes is not null)
        {
            (IReadOnlyList<ScopeDefinition> scopes, IReadOnlyDictionary<string, int> lines) = ScopesReader.Read(text, shown);
            string? legacy = config.System is not null ? "system" : config.Users != new UsersConfig() ? "users" : null;
            if (legacy is not null)
            {
                throw new CliException($"{shown}:{lines["scopes"]}: give either 'scopes' or the legacy '{legacy}' (line {lines[legacy]}), not both: " +
                                       "'system' and 'users' are a shorthand for the scopes system and user");
            }

            config = config with { DeclaredScopes = new ScopeLayout(scopes), Lines = lines };
        }

        return config with
        {
            SourcePath = path,
            Ledger = Relative(config.Ledger),
            System = Relative(config.System),
            Users = config.Users with { Path = Relative(config.Users.Path), Glob = Relative(config.Users.Glob) },
            Backup = config.Backup with { Dir = Relative(config.Backup.Dir) },
            Lint = config.Lint with { SeverityOverrides = ReadSeverities(config.Lint.Severity, shown) },
        };
    }

    private static Dictionary<string, Severity?> ReadSeverities(Dictionary<string, string> written, string shown)
    {
        var result = new Dictionary<string, Severity?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string code, string value) in written)
        {
            DiagnosticDescriptor rule = Commands.LintEngines.Rules.Find(code)
                ?? throw new CliException($"{shown}: lint.severity: unknown rule code '{code}' (codes are {Commands.LintEngines.Rules.All[0].Code} to {Commands.LintEngines.Rules.All[^1].Code}; see docs/lint-rules.md)");
            if (!rule.Configurable)
            {
                throw new CliException($"{shown}: lint.severity: {rule.Code} ({rule.Name}) cannot be configured: it protects the databases, so it is always {rule.DefaultSeverity.ToString().ToLowerInvariant()}");
            }

            result[rule.Code] = (value ?? "").ToLowerInvariant() switch
            {
                "error" => Severity.Error,
                "warning" or "warn" => Severity.Warning,
                "info" or "note" => Severity.Info,
                "off" or "none" => null,
                _ => throw new CliException($"{shown}: lint.severity.{code}: unknown severity '{value}'; use error, warning, info or off"),
            };
        }

        return result;
    }

    /// <summary><c>:line:column</c> from System.Text.Json's 0-based position, when it gives one.</summary>
    private static string Where(JsonException ex) =>
        ex.LineNumber is long line ? $":{line + 1}:{(ex.BytePositionInLine ?? 0) + 1}" : "";

    /// <summary>The exception's message without the position tail that <see cref="Where"/> already shows.</summary>
    private static string Describe(JsonException ex)
    {
        string message = ex.Message;
        int tail = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (tail < 0) tail = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (tail >= 0) message = message[..tail];
        string at = ex.Path is { Length: > 1 } jsonPath ? jsonPath : "";
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            // Name the setting, not the .NET type it would have gone into.
            return $"unknown setting '{at.TrimStart('$', '.')}'; see the settings of ledger.json in the docs";
        }

        message = message
            .Replace("System.Int32", "a whole number", StringComparison.Ordinal)
            .Replace("System.Boolean", "true or false", StringComparison.Ordinal)
            .Replace("System.String", "a string", StringComparison.Ordinal);
        return at.Length > 0 ? $"at {at}: {message}" : message;
    }
}
