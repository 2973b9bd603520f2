using Ledger.Cli.Configuration;
using Ledger.Documents;

namespace Ledger.Cli.Commands;

/// <summary>Finding and reading the ledger file, for every verb: I/O problems become one clear line, exit 2.</summary>
public static class LedgerFile
{
    /// <summary>The default ledger file name.</summary>
    public const string DefaultName = "MIGRATIONS.md";

    /// <summary>
    /// The ledger's full path, and the path to show in findings: the flag as typed, otherwise the configured
    /// path relative to the working directory when it is below it, so that CI annotations find the file.
    /// </summary>
    public static (string FullPath, string Shown) Resolve(string? flag, LedgerConfig config, string workingDirectory)
    {
        if (flag is not null)
        {
            return (Path.GetFullPath(flag, workingDirectory), flag);
        }

        string full = config.Ledger ?? Path.GetFullPath(DefaultName, workingDirectory);
        string relative = Path.GetRelativePath(workingDirectory, full);
        bool below = !Path.IsPathFullyQualified(relative) && relative != ".." &&
                     !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return (full, below ? relative : full);
    }

    /// <summary>Reads the ledger (UTF-8, with or without BOM).</summary>
    /// <exception cref="CliException">The file is missing or cannot be read.</exception>
    public static string Read(string fullPath, string shown)
    {
        if (Directory.Exists(fullPath))
        {
            throw new CliException($"{shown}: is a directory; --ledger names the ledger file (e.g. MIGRATIONS.md)");
        }

        if (!File.Exists(fullPath))
        {
            throw new CliException($"{shown}: ledger file not found (use --ledger FILE, or 'ledger' in {ConfigLoader.DefaultFileName})");
        }

        try
        {
            return LedgerDocumentReader.ReadText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{shown}: cannot read the ledger: {ex.Message}", ExitCodes.Usage, ex);
        }
    }
}
