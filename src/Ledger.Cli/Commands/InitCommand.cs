using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ledger.Cli.Configuration;
using Ledger.Cli.Options;

namespace Ledger.Cli.Commands;

/// <summary>
/// <c>ledger init</c>: writes a commented <c>ledger.json</c> and a <c>MIGRATIONS.md</c> that explains the format and
/// holds no step, so that <c>ledger new --to 1.0.0</c> and <c>ledger apply</c> work next. <c>--config</c> and
/// <c>--ledger</c> say where the two files go. An existing file is never overwritten (exit 2, nothing written).
/// </summary>
public sealed class InitCommand : ICommand<InitVerbOptions>
{
    /// <summary>The database the new ledger.json declares, relative to its folder.</summary>
    public const string SystemDatabase = "data/system.db";

    /// <inheritdoc />
    public Task<int> RunAsync(InitVerbOptions options, CommandContext context)
    {
        if (options.System is not null || options.UsersQuery is not null || options.UsersPath is not null || options.UsersGlob is not null)
        {
            throw new CliException("init writes its databases into ledger.json ('scopes'); --system and --users-… do not apply (edit ledger.json afterwards)");
        }

        string configShown = options.Config ?? ConfigLoader.DefaultFileName;
        string ledgerShown = options.Ledger ?? LedgerFile.DefaultName;
        string configPath = Path.GetFullPath(configShown, context.WorkingDirectory);
        string ledgerPath = Path.GetFullPath(ledgerShown, context.WorkingDirectory);
        foreach ((string path, string shown) in new[] { (configPath, configShown), (ledgerPath, ledgerShown) })
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new CliException($"{shown}: already exists; init never overwrites a file (move it away, or run init in an empty folder)");
            }
        }

        if (configPath == ledgerPath)
        {
            throw new CliException($"--config and --ledger both name {configShown}: the settings and the ledger are two files");
        }

        // Paths in ledger.json are relative to its folder: the ledger as seen from there.
        string configFolder = Path.GetDirectoryName(configPath)!;
        string ledgerSetting = Path.GetRelativePath(configFolder, ledgerPath).Replace('\\', '/');
        Write(ledgerPath, ledgerShown, LedgerText);
        try
        {
            Write(configPath, configShown, ConfigText(ledgerSetting));
        }
        catch
        {
            // Both or neither: a half-started folder would make the next init refuse.
            File.Delete(ledgerPath);
            throw;
        }

        string database = Workspace.Shown(Path.GetFullPath(SystemDatabase, configFolder), context.WorkingDirectory);
        context.Out.WriteLine($"wrote {configShown} (one SQLite database: {database}) and {ledgerShown} (no steps yet)");
        context.Out.WriteLine("next: 'ledger new --to 1.0.0' adds the first step; write its SQL between the tags, then 'ledger apply'");
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>Creates the file (and its folder); fails when it appeared in the meantime rather than overwrite it.</summary>
    /// <exception cref="CliException">The file or its folder cannot be written (exit 2): which file, why, and what to do.</exception>
    private static void Write(string path, string shown, string text)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.Write(text);
        }
        catch (UnauthorizedAccessException e)
        {
            // The folder that refused: the file's own, or the nearest one that exists when init had to create folders.
            string? folder = Path.GetDirectoryName(path);
            while (folder is not null && !Directory.Exists(folder)) folder = Path.GetDirectoryName(folder);
            throw new CliException($"cannot write {shown}: this user may not write in {folder ?? Path.GetDirectoryName(path)}; " +
                                   "make that folder writable for the user that runs ledger, or run 'ledger init' in another folder " +
                                   "(or give --config and --ledger paths in one that is writable)", ExitCodes.Usage, e);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot write {shown}: {e.Message}", ExitCodes.Usage, e);
        }
    }

    /// <summary>
    /// The inside of a JSON string holding <paramref name="value"/>: a path may hold a quote or a backslash. Only what JSON
    /// requires is escaped (the default encoder also escapes every non-ASCII letter and HTML's characters, which is right
    /// for a web page and makes a path in a settings file unreadable).
    /// </summary>
    private static string JsonString(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    private static string ConfigText(string ledger) => $$"""
        {
          // Ledger's settings for this folder, written by 'ledger init'. Comments and trailing commas are allowed.
          // Paths are relative to this file's folder. Every setting: docs/configuration.md in Ledger's repository.

          // The ledger: the Markdown file holding every migration step.
          "ledger": "{{JsonString(ledger)}}",

          // The databases, in the order 'ledger apply' migrates them. Each key is a scope, the name the ledger's tags
          // use ('-- [system:1.0.0→1.1.0:start]'). To start: one SQLite database, created by the first 'ledger apply'
          // in data/ (keep that folder out of version control).
          "scopes": {
            "system": { "database": "{{SystemDatabase}}" },

            // Later, one database per user, named by a query on the system database and created when missing
            // ('ledger new' then writes a block for each scope):
            // "user": { "from": "system", "query": "SELECT username FROM users", "database": "data/users/{user}.db", "createMissing": true },
          },

          // Before its first change, each database is copied into .ledger-backups/ beside it. To turn that off, or to
          // keep the copies elsewhere:
          // "backup": { "enabled": true, "dir": "backups" },
        }

        """;

    private const string LedgerText = """
        # Migrations

        This file is the ledger: every change to the databases' schema, as numbered steps, oldest first. `ledger apply`
        brings each database up to the last step that holds SQL and records every step it ran in that database's
        `ledger_history` table, so a step runs once per database.

        Add a step with `ledger new --to 1.0.0` (then `1.1.0`, and so on): it appends a section with one empty block per
        scope of `ledger.json`. Write the step's SQL between the block's two tag lines, inside the fenced code block. A
        tag line names the scope, the version the step starts from and the version it reaches (`baseline` is the empty
        database), and whether it opens or closes the block.

        A step whose blocks hold only comments is *planned*: `ledger apply` leaves it alone until its SQL is written.
        Once a step has been applied, do not edit it (Ledger reports that as drift): add a new step instead.
        `ledger lint` checks the file; `ledger plan` shows what `apply` would run. The format in full:
        docs/ledger-format.md in Ledger's repository.

        """;
}
