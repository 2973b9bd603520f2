using System.Text;
using Ledger.Authoring;
using Ledger.Cli.Configuration;
using Ledger.Cli.Options;
using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Linting;
using Ledger.Versions;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger new --to V [--title T]</c>: append a correctly tagged section for the next version.</summary>
public sealed class NewCommand : ICommand<NewVerbOptions>
{
    /// <inheritdoc />
    public Task<int> RunAsync(NewVerbOptions options, CommandContext context)
    {
        if (!SemVersion.TryParse(options.To, out SemVersion version, out string error))
        {
            throw new CliException($"--to: {error}");
        }

        if (version.IsBaseline)
        {
            throw new CliException("--to: a new step cannot go to baseline");
        }

        LedgerConfig config = ConfigLoader.Load(options, context.WorkingDirectory);
        (string path, string shown) = LedgerFile.Resolve(options.Ledger, config, context.WorkingDirectory);
        string text = LedgerFile.Read(path, shown);
        LoadedLedger ledger = LedgerLoader.Load(text, shown, LintOptions.For(ScopeSettings.LintScopes(config, options, LintEngines.Shipped, context.WorkingDirectory), LintEngines.Shipped), context.CancellationToken);
        // A ledger with no step yet (as 'ledger init' writes it) is an error for every other verb (LDG021), and exactly
        // what 'new' is for: its first step starts at baseline.
        bool first = ledger.Set is null && ledger.Diagnostics.Where(d => d.Severity == Severity.Error).All(d => d.Code == RuleCatalog.EmptyLedger.Code);
        if (ledger.Set is null && !first)
        {
            foreach (Diagnostic d in ledger.Diagnostics.Where(d => d.Severity == Severity.Error)) context.Error.WriteLine(d);
            throw new CliException($"{shown} has errors; fix them before adding a step", ExitCodes.Failed);
        }

        (string? updated, string? refusal) = ledger.Set is null
            ? NewStepWriter.AppendFirst(text, config.ScopeNames, version, options.Title)
            : NewStepWriter.Append(text, ledger.Set, version, options.Title);
        if (updated is null) throw new CliException($"--to: {refusal}"); // a version the ledger cannot take: usage

        // Write beside, then replace: a crash never leaves a half-written ledger.
        string temporary = path + ".ledger-new.tmp";
        bool bom = ByteOrderMark.FileStartsUtf8(path);
        try
        {
            File.WriteAllText(temporary, updated, new UTF8Encoding(bom));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            try
            {
                File.Delete(temporary); // nothing left behind; the ledger itself is as it was
            }
            catch (Exception cleanup) when (cleanup is UnauthorizedAccessException or IOException)
            {
                // The folder that refused the write refuses this too, and then there is nothing to remove.
            }

            string folder = Path.GetDirectoryName(path) ?? context.WorkingDirectory;
            string why = e is UnauthorizedAccessException
                ? $"this user may not write {shown} or its folder {folder}; make both writable for the user that runs ledger"
                : e.Message;
            throw new CliException($"cannot write {shown}: {why} (the ledger is unchanged; 'ledger new' writes the new text beside it, then moves it over the old one)",
                ExitCodes.Usage, e);
        }

        context.Out.WriteLine($"{shown}: added step {ledger.Set?.Latest ?? SemVersion.Baseline} → {version}; write its SQL between the tags (until then it is planned, not applied)");
        return Task.FromResult(ExitCodes.Ok);
    }
}
