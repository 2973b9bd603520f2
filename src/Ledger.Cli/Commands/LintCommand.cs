using Ledger.Cli.Configuration;
using Ledger.Cli.Git;
using Ledger.Cli.Options;
using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Linting;
using Ledger.Linting.History;
using Ledger.Reporting;
using Ledger.Scoping;

namespace Ledger.Cli.Commands;

/// <summary>
/// <c>ledger lint</c>: reads and checks the ledger, prints the findings in the chosen format (stdout) and a summary
/// (stderr, text format only). Exit 0 without errors, 1 with errors (or warnings with <c>--strict</c>), 2 when the
/// ledger or the configuration cannot be read, or a flag is wrong. With <c>--base REF</c> the ledger is also compared
/// with itself at that git revision (read by <see cref="GitFileReader"/>, compared by <see cref="HistoryComparer"/>).
/// </summary>
public sealed class LintCommand : ICommand<LintVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(LintVerbOptions options, CommandContext context)
    {
        IDiagnosticFormatter formatter = DiagnosticFormatters.Create(options.Format, LedgerTool.Info, LintEngines.Rules)
            ?? throw new CliException($"--format: unknown format '{options.Format}'; use {string.Join(", ", DiagnosticFormatters.Names.SkipLast(1))} or {DiagnosticFormatters.Names[^1]}");
        LedgerConfig config = ConfigLoader.Load(options, context.WorkingDirectory);
        ScopeLayout scopes = ScopeSettings.LintScopes(config, options, LintEngines.Shipped, context.WorkingDirectory);
        (string path, string shown) = LedgerFile.Resolve(options.Ledger, config, context.WorkingDirectory);
        string text = LedgerFile.Read(path, shown);

        IReadOnlyDictionary<string, Severity?> severities = config.Lint.SeverityOverrides;
        if (options.RequireDown || config.Lint.RequireDown)
        {
            severities = new Dictionary<string, Severity?>(severities, StringComparer.OrdinalIgnoreCase) { [RuleCatalog.MissingDownBlock.Code] = Severity.Error };
        }

        Linting.LintOptions lintOptions = Linting.LintOptions.For(scopes, LintEngines.Shipped) with { SeverityOverrides = severities };
        var extraRules = new List<ILintRule>();
        if (config.Lint.SqlCheck && !options.NoSqlCheck)
        {
            // Each engine in use brings its own SQL check (SQLite's replay in memory; PostgreSQL's on a development server, when one is set).
            extraRules.AddRange(lintOptions.SqlChecks(new SqlCheckSettings
            {
                DevDatabase = options.DevDatabase ?? config.Lint.DevDatabase,
                DevDatabaseSetting = options.DevDatabase is not null ? "--dev-database"
                    : $"{(config.SourcePath is null ? ConfigLoader.DefaultFileName : Workspace.Shown(config.SourcePath, context.WorkingDirectory))}: lint.devDatabase",
            }));
        }

        if (options.Base is not null)
        {
            string baseText = await GitFileReader.ReadAsync(path, shown, options.Base, context.CancellationToken);
            extraRules.Add(new HistoryRule(LedgerDocumentReader.Read(baseText, shown, config.ScopeNames), options.Base));
        }

        lintOptions = lintOptions with { ExtraRules = extraRules };
        LoadedLedger ledger;
        try
        {
            ledger = LedgerLoader.Load(text, shown, lintOptions, context.CancellationToken);
        }
        catch (DevDatabaseException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage, ex);
        }

        IReadOnlyList<Diagnostic> shownFindings = options.Quiet
            ? ledger.Diagnostics.Where(d => d.Severity > Severity.Info).ToList()
            : ledger.Diagnostics;
        formatter.Write(context.Out, shownFindings);
        if (!options.Quiet && formatter is TextFormatter)
        {
            string suppressed = ledger.Suppressed > 0 ? $", {ledger.Suppressed} suppressed" : "";
            string history = options.Base is null ? "" : $"; history compared with {options.Base}";
            await context.Error.WriteLineAsync(DiagnosticSummary.Describe(ledger.Diagnostics, files: 1) + suppressed + history);
        }

        bool failed = ledger.HasErrors || (options.Strict && ledger.Count(Severity.Warning) > 0);
        return failed ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
