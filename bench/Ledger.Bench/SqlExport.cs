using Ledger.Linting;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Bench;

/// <summary>
/// Prints one scope's up blocks in version order as one SQL script, for replay with the sqlite3 shell:
/// <c>export-sql --ledger MIGRATIONS.md --scope user | sqlite3 -bail :memory:</c>. Proves that a ledger's SQL runs.
/// </summary>
internal static class SqlExport
{
    public static int Run(string path, string scope, string? target)
    {
        LoadedLedger ledger = LedgerLoader.LoadFile(path);
        if (ledger.Set is not MigrationSet set)
        {
            Console.Error.WriteLine($"{path} has errors; run the diagnostics command");
            return 1;
        }

        SemVersion to = target switch
        {
            null => set.DefaultTarget,
            "latest" => set.Latest,
            _ => SemVersion.Parse(target),
        };

        using var output = new StreamWriter(Console.OpenStandardOutput()) { NewLine = "\n" };
        output.WriteLine(".bail on");
        foreach (MigrationStep step in set.StepsBetween(SemVersion.Baseline, to))
        {
            if (step.For(scope).Block is MigrationBlock block)
            {
                output.WriteLine($"-- {block} (line {block.Start.Line})");
                output.WriteLine(block.Body);
            }
        }

        return 0;
    }
}
