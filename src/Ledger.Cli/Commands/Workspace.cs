using Ledger.Cli.Configuration;
using Ledger.Cli.Options;
using Ledger.Diagnostics;
using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Cli.Commands;

/// <summary>
/// What the database verbs share: the configuration with flags applied, the scopes and where their databases are
/// (<see cref="Targets"/>, checked before any database is opened, exit 2), the ledger loaded and checked against the
/// declared scopes (any error → exit 1 before a database is opened), and the engines.
/// </summary>
public sealed class Workspace
{
    private Workspace(LedgerConfig config, string ledgerPath, string ledgerShown, string ledgerText, LoadedLedger ledger, MigrationSet set,
        ScopeTargets targets)
    {
        Config = config;
        LedgerPath = ledgerPath;
        LedgerShown = ledgerShown;
        LedgerText = ledgerText;
        Ledger = ledger;
        Set = set;
        Targets = targets;
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

    /// <summary>
    /// The scopes (declared in ledger.json, or made from the legacy settings and flags), limited to those chosen with
    /// <c>--scope</c>, and where their databases are. The one place the verbs find databases.
    /// </summary>
    public ScopeTargets Targets { get; }

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
        if (config.BusyTimeoutMs < 0)
        {
            throw new CliException("busyTimeoutMs must not be negative");
        }

        EngineRegistry engines = LintEngines.Registry(TimeSpan.FromMilliseconds(config.BusyTimeoutMs));
        ScopeTargets targets = ScopeSettings.Targets(config, options, engines, context.WorkingDirectory);
        (string path, string shown) = LedgerFile.Resolve(options.Ledger, config, context.WorkingDirectory);
        string text = LedgerFile.Read(path, shown);
        // Checked against every scope tags may use, as lint checks it (not only the scopes configured or chosen), so that
        // the verbs refuse what lint reports.
        LintOptions lintOptions = LintOptions.For(config.TagScopes, engines) with { SeverityOverrides = config.Lint.SeverityOverrides };
        LoadedLedger ledger = LedgerLoader.Load(text, shown, lintOptions, context.CancellationToken);
        if (ledger.Set is null)
        {
            foreach (Diagnostic d in ledger.Diagnostics.Where(d => d.Severity == Severity.Error))
            {
                context.Error.WriteLine(d);
            }

            throw new CliException($"{shown} has {ledger.Count(Severity.Error)} error(s); nothing was changed (run 'ledger lint' for every finding)", ExitCodes.Failed);
        }

        return new Workspace(config, path, shown, text, ledger, ledger.Set, targets);
    }

    /// <summary>Reads <c>--target</c>: a version on the line, or the default target when absent.</summary>
    public SemVersion Target(string? flag) => flag is null ? Set.DefaultTarget : Version("--target", flag);

    /// <summary>
    /// The usage error of a run going up (<c>apply</c>) or its preview (<c>plan</c>) whose <c>--target</c> would make a
    /// database pass a planned step (<see cref="PlannedSteps.Problem"/>, decided from the databases' plans in Core).
    /// </summary>
    public static CliException PlannedRefusal(string problem) =>
        new($"--target {problem}; nothing was changed. Write the SQL first, or pass --include-planned to record the planned step(s) as empty");

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
}
